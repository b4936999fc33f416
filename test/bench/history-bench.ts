/**
 * History and compare queries on a database of 100 000 runs: prints the median time per query kind.
 * `node bin/run-ts.mjs test/bench/history-bench.ts [--runs N] [--keep DIR]`
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openStore } from '../../electron/backend/store/store';
import type { CompareQuery, HistoryQuery } from '../../core/contract';

const { values } = parseArgs({ options: { runs: { type: 'string' }, keep: { type: 'string' } } });
const total = Number(values.runs ?? 100_000);
const dir = values.keep ?? mkdtempSync(join(tmpdir(), 'spherelab-bench-'));
const store = openStore(join(dir, 'bench.db'));
const db = store.db;

const t0 = performance.now();
const perExperiment = 1000;
const experimentIds: string[] = [];
const energies = ['ce', 'pair', 'frame', 'riesz'] as const;
for (let e = 0; e < Math.ceil(total / perExperiment); e++) {
  // 10 n x 5 d x 2 s x 10 seeds = 1000 runs per experiment
  const base = 2 + (e % 20) * 10;
  const { experiment } = store.createExperiment(
    {
      spec: {
        name: `bench experiment ${e} ${energies[e % 4]}`,
        energy: energies[e % 4]!,
        n: { from: base, to: base + 9, step: 1 },
        d: { from: 2, to: 6, step: 1 },
        s: [1, 5],
        seeds: { from: 1, to: 10, step: 1 },
      },
      tags: e % 10 === 0 ? ['paper'] : [],
    },
    null,
  );
  experimentIds.push(experiment.id);
}
// outcomes for every run: completed with pseudo-random metrics, a few failed
db.exec(`UPDATE runs SET status = CASE WHEN abs(random()) % 50 = 0 THEN 'failed' ELSE 'completed' END`);
db.exec(`UPDATE runs SET error = 'solver process was killed by SIGKILL' WHERE status = 'failed'`);
const metricColumns = [
  'ce_energy',
  'etf_distance',
  'etf_distance_frobenius',
  'etf_bound',
  'etf_bound_gap',
  'uniform_energy',
  'uniform_gap',
  'frame_potential',
  'frame_potential_ratio',
  'tightness_error',
  'coherence',
  'welch_bound',
  'max_inner_product',
  'min_angle',
  'balance',
  'cap_discrepancy',
  'min_distance',
];
db.exec(`UPDATE runs SET final_energy = n * (1 + abs(random()) / 9.2e18), energy_per_point = 1, grad_norm = 1e-10,
  iterations = 100 + abs(random()) % 1000, evaluations = 120, wall_ms = abs(random()) % 10000, stop_reason = 'converged',
  design_strength = abs(random()) % 4, gegenbauer = zeroblob(64),
  ${metricColumns.map((c) => `${c} = abs(random()) / 9.2e18`).join(', ')} WHERE status = 'completed'`);
const tagged = db.prepare(
  'INSERT INTO tags (run_id, tag) SELECT id, ? FROM runs WHERE abs(random()) % 100 = 0',
);
tagged.run('odd');
db.prepare(
  "INSERT INTO notes (run_id, body, updated_at) SELECT id, 'check the minimum ' || n, 0 FROM runs WHERE abs(random()) % 200 = 0",
).run();
db.exec('ANALYZE');
const count = db.prepare('SELECT count(*) FROM runs').pluck().get() as number;
console.log(
  `built ${count} runs in ${experimentIds.length} experiments in ${((performance.now() - t0) / 1000).toFixed(1)} s (${dir})`,
);

function median(fn: () => unknown, reps = 15): number {
  fn();
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(reps / 2)]!;
}

const page = { offset: 0, limit: 100 };
const history: [string, HistoryQuery][] = [
  ['newest 100 (no filter)', { page }],
  ['by experiment', { filters: { experimentIds: [experimentIds[37]!] }, page }],
  [
    'energy + n, d ranges',
    { filters: { energyKinds: ['pair'], n: { min: 40, max: 60 }, d: { min: 3, max: 4 } }, page },
  ],
  ['status failed', { filters: { statuses: ['failed'] }, page }],
  ['tag', { filters: { tags: ['odd'] }, page }],
  ['tag on experiments', { filters: { tags: ['paper'] }, page }],
  ['free text', { filters: { text: 'minimum 7' }, page }],
  ['sort by etfDistance', { sort: [{ column: 'etfDistance', direction: 'asc' }], page }],
  [
    'sort by finalEnergy, n range',
    { filters: { n: { min: 100, max: 150 } }, sort: [{ column: 'finalEnergy', direction: 'desc' }], page },
  ],
  ['page at offset 50 000', { page: { offset: 50_000, limit: 100 } }],
  [
    's range + sort by uniformGap',
    { filters: { s: { min: 5, max: 5 } }, sort: [{ column: 'uniformGap', direction: 'desc' }], page },
  ],
];
const compare: [string, CompareQuery][] = [
  [
    'compare etfDistance vs n by d, seeds (all runs)',
    { x: 'n', y: 'etfDistance', groupBy: ['d'], aggregate: 'seeds' },
  ],
  [
    'compare etfDistance vs n by d, seeds (1 experiment)',
    {
      filters: { experimentIds: [experimentIds[9]!] },
      x: 'n',
      y: 'etfDistance',
      groupBy: ['d'],
      aggregate: 'seeds',
    },
  ],
  [
    'compare uniformGap vs n by s, seeds (1 energy)',
    { filters: { energyKinds: ['ce'] }, x: 'n', y: 'uniformGap', groupBy: ['s'], aggregate: 'seeds' },
  ],
  [
    'compare FP ratio vs uniformGap per run (1 experiment)',
    {
      filters: { experimentIds: [experimentIds[5]!] },
      x: 'uniformGap',
      y: 'framePotentialRatio',
      aggregate: 'none',
    },
  ],
];

console.log(`\n${'query'.padEnd(56)} ${'median ms'.padStart(10)} ${'matches'.padStart(9)}`);
for (const [name, query] of history) {
  let matched = 0;
  const ms = median(() => (matched = store.listRuns(query).total));
  console.log(`${name.padEnd(56)} ${ms.toFixed(2).padStart(10)} ${String(matched).padStart(9)}`);
}
for (const [name, query] of compare) {
  let points = 0;
  const ms = median(
    () => (points = store.compare(query).series.reduce((sum, s) => sum + s.points.length, 0)),
    7,
  );
  console.log(`${name.padEnd(56)} ${ms.toFixed(2).padStart(10)} ${`${points} pts`.padStart(9)}`);
}
const someId = db
  .prepare('SELECT id FROM runs LIMIT 1 OFFSET 77777 % (SELECT count(*) FROM runs)')
  .pluck()
  .get() as string;
console.log(
  `${'getRun by id'.padEnd(56)} ${median(() => store.getRun(someId))
    .toFixed(3)
    .padStart(10)}`,
);
store.close();
if (!values.keep) rmSync(dir, { recursive: true, force: true });

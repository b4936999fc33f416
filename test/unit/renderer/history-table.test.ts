import { describe, expect, it } from 'vitest';
import { ArchiveFileName, SCALAR_METRICS, type ExperimentRecord, type RunRecord } from '../../../core/contract';
import { RunSpec } from '../../../core/spec/run-spec';
import { sideBySideRows } from '../../../renderer/compare/side-by-side';
import { configurationCell, DEFAULT_COLUMNS, HISTORY_COLUMNS, loadColumns, saveColumns } from '../../../renderer/history/columns';
import { groupsTable, runsTable } from '../../../renderer/history/export-table';
import { groupRuns, stat } from '../../../renderer/history/grouping';
import { archiveName } from '../../../renderer/stores/history';

/** A completed run whose every metric is `value` (or null metrics when not completed). */
function run(over: Partial<RunRecord> & { id: string }, value = 1): RunRecord {
  const spec = RunSpec.parse({ energy: over.energyKind ?? 'ce', n: over.n ?? 4, d: over.d ?? 3, s: over.s ?? 1, seed: over.seed ?? 1 });
  const metrics = Object.fromEntries([...SCALAR_METRICS.map((m) => [m, value]), ['gegenbauer', [0.5, 0.25]]]);
  return {
    experimentId: 'e1', status: 'completed', energyKind: 'ce', n: 4, d: 3, s: 1, alpha: 1, seed: 1, restarts: 1, spec,
    createdAt: '2026-11-30T10:00:00.000Z', startedAt: null, finishedAt: null, wallMs: 12.5, iterations: 40, evaluations: 44,
    finalEnergy: value, energyPerPoint: value / 4, gradNorm: 1e-12, stopReason: 'converged', restartsReachedBest: 1,
    restartsCompleted: 1, metrics: metrics as RunRecord['metrics'], error: null, version: '1', machine: 'm', evaluator: 'direct',
    owner: null, progress: null, checkpointIteration: null, tags: [], note: '', origin: null,
    ...over,
  } as RunRecord;
}
const experiment = { id: 'e1', name: 'grid, "quoted"', tags: ['paper'] } as ExperimentRecord;

describe('history columns', () => {
  it('cover every metric, parameter and outcome', () => {
    const ids = new Set(HISTORY_COLUMNS.map((c) => c.id));
    for (const m of [...SCALAR_METRICS, 'n', 'd', 's', 'alpha', 'seed', 'restarts', 'wallMs', 'experiment', 'tags']) expect(ids).toContain(m);
  });

  it('keeps the chosen columns in the table order, and falls back to the default on nonsense', () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
    expect(loadColumns(storage)).toEqual(DEFAULT_COLUMNS);
    saveColumns(['coherence', 'n', 'nonsense' as never], storage);
    expect(loadColumns(storage)).toEqual(['n', 'coherence']);
    store.set('spherelab:history-columns', '{not json');
    expect(loadColumns(storage)).toEqual(DEFAULT_COLUMNS);
  });

  it('offer the configuration, sorted by its name, written with the parts of a simplex sum', () => {
    const column = HISTORY_COLUMNS.find((c) => c.id === 'configuration');
    expect(column).toMatchObject({ label: 'Configuration', sort: 'configurationName' });
    const sum = { name: 'simplex-sum' as const, parts: [4, 2], closedFormEnergy: 2.5, gap: -4.4e-16 };
    const cell = configurationCell({ finalEnergy: 2.5, configuration: sum });
    expect(cell.text).toBe('simplex-sum 4+2');
    expect(cell.title).toBe('E \u2212 closed form: \u2248 0 (-4.4e-16)');
    expect(configurationCell({ finalEnergy: 2.5, configuration: { ...sum, gap: 1e-3 } }).title).toMatch(/closed form: 0\.001/);
    expect(configurationCell({ finalEnergy: 1, configuration: { name: 'unrecognised' } }).text).toBe('unrecognised');
    expect(configurationCell({ finalEnergy: null, configuration: null }).text).toBe('\u2014');
  });
});

describe('history downloads', () => {
  it('carry every column of every run at full precision, quoted where needed', () => {
    const third = 1 / 3;
    const table = runsTable([run({ id: 'a', tags: ['x'] }, third)], new Map([['e1', experiment]]));
    for (const m of SCALAR_METRICS) expect(table.columns).toContain(m);
    const row = Object.fromEntries(table.columns.map((c, i) => [c, table.rows[0]![i]]));
    expect(row.coherence).toBe(third);
    expect(String(row.coherence)).toBe('0.3333333333333333');
    expect(row.experiment).toBe('grid, "quoted"');
    expect(row.experimentTags).toBe('paper');
    expect(row.gegenbauer).toBe('0.5 0.25');
  });

  it('carry the certificate and the configuration', () => {
    const certified = run({
      id: 'a',
      certificate: { lambdaMin: 0.0705, negativeDirections: 0, zeroModes: 6, gap: 0.01, verdict: 'strict-minimum' },
      configuration: { name: 'simplex-sum', parts: [4, 2], closedFormEnergy: 5.6237, gap: 1e-15 },
    });
    const table = runsTable([certified, run({ id: 'b', certificate: null, configuration: null })], new Map());
    const rows = table.rows.map((r) => Object.fromEntries(table.columns.map((c, i) => [c, r[i]])));
    expect(rows[0]).toMatchObject({
      certificateVerdict: 'strict-minimum',
      lambdaMin: 0.0705,
      negativeDirections: 0,
      zeroModes: 6,
      spectralGap: 0.01,
      configuration: 'simplex-sum',
      configurationParts: '4+2',
      closedFormEnergy: 5.6237,
      configurationGap: 1e-15,
    });
    for (const c of ['certificateVerdict', 'lambdaMin', 'configuration', 'configurationGap']) expect(rows[1]![c]).toBeNull();
  });
});

describe('grouped view', () => {
  it('pools only runs that differ by seed, with mean and sample sd of completed runs', () => {
    const rows = [
      run({ id: 'a', seed: 1 }, 1),
      run({ id: 'b', seed: 2 }, 3),
      run({ id: 'c', seed: 3, status: 'failed', metrics: null, finalEnergy: null }, 0),
      run({ id: 'd', d: 4, seed: 1 }, 5),
      run({ id: 'e', seed: 4, spec: RunSpec.parse({ energy: 'ce', n: 4, d: 3, seed: 4, tol: 1e-6 }) }, 7),
    ];
    const groups = groupRuns(rows);
    expect(groups.map((g) => g.runIds)).toEqual([['a', 'b', 'c'], ['d'], ['e']]);
    const [first] = groups;
    expect(first!.completed).toBe(2);
    expect(first!.seeds).toEqual([1, 2, 3]);
    expect(first!.stats.coherence).toEqual({ mean: 2, sd: Math.SQRT2, count: 2 });
    expect(groups[1]!.stats.coherence).toEqual({ mean: 5, sd: null, count: 1 });
    expect(groups[2]!.settings).toMatch(/tol 0.000001/);
    const table = groupsTable(groups);
    expect(table.columns).toContain('coherence mean');
    expect(table.rows[0]![table.columns.indexOf('runIds')]).toBe('a b c');
  });

  it('computes a sample standard deviation', () => {
    expect(stat([2, 4, 4, 4, 5, 5, 7, 9])!.sd).toBeCloseTo(Math.sqrt(32 / 7), 15);
    expect(stat([])).toBeUndefined();
  });
});

describe('side by side', () => {
  it('marks rows that differ and the cells that differ from the first run, and drops parameters no run has', () => {
    const rows = sideBySideRows([run({ id: 'a', n: 4 }, 1), run({ id: 'b', n: 6 }, 1), run({ id: 'c', n: 4 }, 2)], new Map([['e1', experiment]]));
    const n = rows.find((r) => r.key === 'n')!;
    expect(n).toMatchObject({ differs: true, changed: [false, true, false], values: [4, 6, 4] });
    expect(rows.find((r) => r.key === 'd')!.differs).toBe(false);
    expect(rows.find((r) => r.key === 'coherence')!.changed).toEqual([false, false, true]);
    expect(rows.find((r) => r.key === 'experiment')!.values).toEqual(['grid, "quoted"', 'grid, "quoted"', 'grid, "quoted"']);
    expect(rows.some((r) => r.key === 'alpha')).toBe(false);
  });
});

describe('experiment archive names', () => {
  it('are names the contract accepts', () => {
    const at = new Date('2026-11-30T10:20:30Z');
    expect(archiveName('ETF check, d = 8 / s=1', at)).toBe('ETF check- d - 8 - s-1 2026-11-30 102030');
    expect(archiveName('..//', at)).toBe('experiment 2026-11-30 102030');
    for (const name of ['a..b', 'ü-ber', '  spaced  ', '-x'])
      expect(ArchiveFileName.safeParse(archiveName(name, at)).success, name).toBe(true);
  });
});

import { z } from 'zod';
import { ConfigurationName } from '../../../core/configuration/schema';
import { EnergyKind, HistoryQuery, MAX_PAGE, RunStatus, SortColumn } from '../../../core/contract';
import type { SqliteStore } from '../../backend/store/store';
import { EXIT_OK, UsageError } from '../command';
import { DB_FLAG, withCliStore } from '../database';
import { checked, flagIssue, type FlagValues } from '../flags';
import { experimentFlag, resolveExperimentIds } from '../ids';
import { defineCommand } from '../parser';
import { jsonLine, printable } from '../terminal-text';

type Run = NonNullable<ReturnType<SqliteStore['getRun']>>;
type Experiment = ReturnType<SqliteStore['listExperiments']>[number];

const runCount = (e: Experiment) => Object.values(e.counts).reduce((a, b) => a + b, 0);
/** the columns of `list --experiments`, by which it sorts */
const EXPERIMENT_SORT = {
  createdAt: (e: Experiment) => e.createdAt,
  name: (e: Experiment) => e.name,
  energyKind: (e: Experiment) => e.spec.energy,
  runs: runCount,
  completed: (e: Experiment) => e.counts.completed,
};
const ExperimentSort = z.enum(Object.keys(EXPERIMENT_SORT) as [keyof typeof EXPERIMENT_SORT]);

const FILTERS = 'Filters:';
const range = (p: string, bound: 'min' | 'max') => ({
  value: p.toUpperCase(),
  help: `${p} at ${bound === 'min' ? 'least' : 'most'} ${p.toUpperCase()} (inclusive)`,
  schema: z.number(),
  group: FILTERS,
});

const FLAGS = {
  experiment: { ...experimentFlag('runs of these experiments'), group: FILTERS },
  energy: { value: 'E', list: true, help: 'runs of these energies', schema: EnergyKind, group: FILTERS },
  status: { value: 'S', list: true, help: 'runs in these statuses', schema: RunStatus, group: FILTERS },
  configuration: {
    value: 'NAME',
    list: true,
    help: 'runs whose final configuration has one of these names (docs/configurations.md)',
    schema: ConfigurationName,
    group: FILTERS,
  },
  'n-min': range('n', 'min'),
  'n-max': range('n', 'max'),
  'd-min': range('d', 'min'),
  'd-max': range('d', 'max'),
  's-min': range('s', 'min'),
  's-max': range('s', 'max'),
  tag: {
    value: 'T',
    list: true,
    help: 'runs carrying every one of these tags (on the run or its experiment)',
    group: FILTERS,
  },
  search: {
    value: 'TEXT',
    help: 'text in the run id, experiment name or description, tags, notes or error',
    group: FILTERS,
  },
  sort: {
    value: 'COLUMN',
    help: `one of ${SortColumn.options.join(', ')}; with --experiments one of ${ExperimentSort.options.join(', ')} (default createdAt, newest first)`,
  },
  asc: { help: 'ascending (default descending)' },
  limit: { value: 'N', help: 'at most N runs', schema: z.int().min(1).max(MAX_PAGE).default(50) },
  offset: { value: 'N', help: 'skip the first N runs', schema: z.int().min(0).default(0) },
  experiments: { help: 'list experiments with their run counts instead (takes --sort, --asc, --json, --db)' },
  json: {
    help: 'a JSON array: each run with id, experimentId, status, energyKind, n, d, s, alpha, seed, finalEnergy, createdAt, metrics and the rest of its record (with --experiments: each experiment)',
  },
  ...DB_FLAG,
} as const;
type Flags = FlagValues<typeof FLAGS>;

/** HistoryQuery field -> flag, so the schema's messages name the flag */
const QUERY_FLAGS: Record<string, string> = {
  'filters.experimentIds': 'experiment',
  'filters.energyKinds': 'energy',
  'filters.statuses': 'status',
  'filters.configurationNames': 'configuration',
  'filters.tags': 'tag',
  'filters.text': 'search',
  ...Object.fromEntries(
    ['n', 'd', 's'].flatMap((p) => [
      [`filters.${p}.min`, `${p}-min`],
      [`filters.${p}.max`, `${p}-max`],
      [`filters.${p}`, `${p}-min`],
    ]),
  ),
  sort: 'sort',
  'page.limit': 'limit',
  'page.offset': 'offset',
};

/** The query the flags ask for, checked by the contract's schema before the database is opened. */
function historyQuery(flags: Flags): HistoryQuery {
  const sort = flags.sort === undefined ? undefined : checked('sort', SortColumn, flags.sort);
  const range = (p: 'n' | 'd' | 's') => ({ min: flags[`${p}-min`], max: flags[`${p}-max`] });
  const parsed = HistoryQuery.safeParse({
    filters: {
      // prefixes here; resolved to full ids once the database is open
      experimentIds: flags.experiment,
      energyKinds: flags.energy,
      statuses: flags.status,
      configurationNames: flags.configuration,
      n: range('n'),
      d: range('d'),
      s: range('s'),
      tags: flags.tag,
      text: flags.search,
    },
    sort: sort ? [{ column: sort, direction: flags.asc ? 'asc' : 'desc' }] : undefined,
    page: { offset: flags.offset ?? 0, limit: flags.limit ?? 50 },
  });
  if (!parsed.success) throw flagIssue(parsed.error, QUERY_FLAGS);
  return parsed.data;
}

const cell = (v: number | null, digits = 10) =>
  v === null ? '-' : Number.isInteger(v) ? String(v) : v.toPrecision(digits);

/** columns padded to their widest cell; every cell escaped (names come from the database) */
function table(rows: string[][]): string {
  const safe = rows.map((r) => r.map(printable));
  const widths = safe[0]!.map((_, i) => Math.max(...safe.map((r) => r[i]!.length)));
  return (
    safe
      .map((r) =>
        r
          .map((c, i) => c.padEnd(widths[i]!))
          .join('  ')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}

const runLine = (r: Run) => [
  r.id.slice(0, 8),
  // a damaged row (see RunRecord.damaged) says so in place of its status; show RUN gives the reason
  r.damaged ? 'damaged' : r.status,
  r.energyKind,
  String(r.n),
  String(r.d),
  cell(r.s, 6),
  String(r.seed),
  cell(r.finalEnergy, 12),
  cell(r.metrics?.etfDistance ?? null, 3),
  cell(r.metrics?.uniformGap ?? null, 3),
  r.createdAt.slice(0, 19).replace('T', ' '),
];

const RUN_ONLY = [
  'experiment',
  'energy',
  'status',
  'n-min',
  'n-max',
  'd-min',
  'd-max',
  's-min',
  's-max',
  'tag',
  'search',
  'limit',
  'offset',
] as const;

function experimentOrder(flags: Flags) {
  const runFlag = RUN_ONLY.find((f) => flags[f] !== undefined);
  if (runFlag) throw new UsageError(`--${runFlag} selects runs; it does not apply to --experiments`);
  const key = EXPERIMENT_SORT[checked('sort', ExperimentSort, flags.sort ?? 'createdAt')];
  const sign = flags.asc ? 1 : -1;
  return (a: Experiment, b: Experiment) => (key(a) < key(b) ? -sign : key(a) > key(b) ? sign : 0);
}

function experimentTable(experiments: Experiment[]): string {
  const rows = experiments.map((e) => [
    e.id,
    // the reason is long: --json carries it
    e.damaged ? '(damaged)' : e.name,
    e.spec.energy,
    String(runCount(e)),
    String(e.counts.completed),
    e.createdAt.slice(0, 19).replace('T', ' '),
  ]);
  return table([['EXPERIMENT', 'NAME', 'ENERGY', 'RUNS', 'COMPLETED', 'CREATED'], ...rows]);
}

export const listCommand = defineCommand({
  description: 'Lists runs, newest first, as a table (or a JSON array with --json), and how many match.',
  flags: FLAGS,
  async main({ flags }, context) {
    // every flag is checked before the database is opened
    if (flags.experiments) {
      const order = experimentOrder(flags);
      return withCliStore(flags.db, { mustExist: true }, (store) => {
        // a stable sort: equal keys keep the store's order (newest first)
        const experiments = store.listExperiments().sort(order);
        context.stdout.write(flags.json ? jsonLine(experiments) : experimentTable(experiments));
        return EXIT_OK;
      });
    }
    const query = historyQuery(flags);
    return withCliStore(flags.db, { mustExist: true }, async (store) => {
      const experimentIds = query.filters?.experimentIds;
      if (experimentIds) query.filters!.experimentIds = resolveExperimentIds(store, experimentIds);
      const page = store.listRuns(query);
      if (flags.json) context.stdout.write(jsonLine(page.rows));
      else {
        const header = [
          'RUN',
          'STATUS',
          'ENERGY',
          'N',
          'D',
          'S',
          'SEED',
          'FINAL ENERGY',
          'ETF DIST',
          'UNIF GAP',
          'CREATED',
        ];
        context.stdout.write(table([header, ...page.rows.map(runLine)]));
        context.stderr.write(`${page.rows.length} of ${page.total} runs (offset ${page.offset})\n`);
      }
      return EXIT_OK;
    });
  },
});

import { ENERGY_KINDS } from '../../../core/energies/energy';
import {
  RUN_STATUSES,
  SORT_COLUMNS,
  type HistoryFilters,
  type RunRecord,
  type SortColumn,
} from '../../../core/contract';
import { EXIT_OK, UsageError, type Command } from '../command';
import {
  DB_FLAG,
  floatValue,
  intValue,
  withCliStore,
  parseArchiveArgs,
  type ParsedArgs,
} from '../archive-args';

const HELP = `Usage: spherelab list [filters] [--sort COLUMN [--asc]] [--limit N] [--offset N] [--json]
       spherelab list --experiments [--json]

Lists runs, newest first, as a table (or a JSON array with --json), and how many match.

Filters:
  --experiment ID...   runs of these experiments
  --energy E...        ${ENERGY_KINDS.join(' | ')}
  --status S...        ${RUN_STATUSES.join(' | ')}
  --n-min N --n-max N  --d-min D --d-max D  --s-min S --s-max S   parameter ranges (inclusive)
  --tag T...           runs carrying every tag (on the run or its experiment)
  --search TEXT        text in the run id, experiment name or description, tags, notes or error

  --sort COLUMN        one of ${SORT_COLUMNS.join(', ')} (default createdAt, newest first)
  --asc                ascending (default descending)
  --limit N            at most N runs, 1 to 1000 (default 50); --offset N skips N
  --experiments        list experiments with their run counts instead
  --db FILE            the database (default: $SPHERELAB_DB, else spherelab.db in the user data folder)
  --json               a JSON array: each run with id, experimentId, status, energyKind, n, d, s, alpha,
                       seed, finalEnergy, createdAt, metrics and the rest of its record
`;

const list = (allowed: string) => ({ type: 'string', allowed, multiple: true }) as const;
const one = (allowed: string) => ({ type: 'string', allowed }) as const;
const FLAGS = {
  ...DB_FLAG,
  experiment: list('one or more experiment ids'),
  energy: list(`one or more of ${ENERGY_KINDS.join(', ')}`),
  status: list(`one or more of ${RUN_STATUSES.join(', ')}`),
  tag: list('one or more tags'),
  search: one('a text'),
  ...Object.fromEntries(
    ['n', 'd', 's'].flatMap((p) => [
      [`${p}-min`, one('a number')],
      [`${p}-max`, one('a number')],
    ]),
  ),
  sort: one(`one of ${SORT_COLUMNS.join(', ')}`),
  asc: { type: 'boolean', allowed: 'no value' },
  limit: one('an integer from 1 to 1000'),
  offset: one('an integer from 0'),
  experiments: { type: 'boolean', allowed: 'no value' },
  json: { type: 'boolean', allowed: 'no value' },
} as const;

function oneOf<T extends string>(
  flag: string,
  values: string[] | undefined,
  allowed: readonly T[],
): T[] | undefined {
  for (const v of values ?? [])
    if (!allowed.includes(v as T))
      throw new UsageError(`--${flag} ${v}: must be one of ${allowed.join(', ')}`);
  return values as T[] | undefined;
}

function filtersOf({ values, lists }: ParsedArgs): HistoryFilters {
  const range = (p: string) => ({ min: floatValue(values, `${p}-min`), max: floatValue(values, `${p}-max`) });
  return {
    experimentIds: lists.experiment,
    energyKinds: oneOf('energy', lists.energy, ENERGY_KINDS),
    statuses: oneOf('status', lists.status, RUN_STATUSES),
    n: range('n'),
    d: range('d'),
    s: range('s'),
    tags: lists.tag,
    text: typeof values.search === 'string' ? values.search : undefined,
  };
}

const cell = (v: number | null, digits = 10) =>
  v === null ? '-' : Number.isInteger(v) ? String(v) : v.toPrecision(digits);

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return (
    rows
      .map((r) =>
        r
          .map((c, i) => c.padEnd(widths[i]!))
          .join('  ')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}

const runLine = (r: RunRecord) => [
  r.id.slice(0, 8),
  r.status,
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

export const listCommand: Command = {
  help: HELP,
  async main(args, context) {
    const parsed = parseArchiveArgs(args, FLAGS, 0);
    const { values } = parsed;
    return withCliStore(values, async (store) => {
      if (values.experiments) {
        const experiments = store.listExperiments();
        if (values.json) context.stdout.write(JSON.stringify(experiments) + '\n');
        else {
          const rows = experiments.map((e) => [
            e.id,
            e.name,
            e.spec.energy,
            String(Object.values(e.counts).reduce((a, b) => a + b, 0)),
            String(e.counts.completed),
            e.createdAt.slice(0, 19).replace('T', ' '),
          ]);
          context.stdout.write(
            table([['EXPERIMENT', 'NAME', 'ENERGY', 'RUNS', 'COMPLETED', 'CREATED'], ...rows]),
          );
        }
        return EXIT_OK;
      }
      const sort = values.sort;
      if (sort !== undefined && !SORT_COLUMNS.includes(sort as SortColumn))
        throw new UsageError(`--sort ${String(sort)}: must be one of ${SORT_COLUMNS.join(', ')}`);
      const page = store.listRuns({
        filters: filtersOf(parsed),
        sort: sort ? [{ column: sort as SortColumn, direction: values.asc ? 'asc' : 'desc' }] : undefined,
        page: {
          offset: intValue(values, 'offset', 0, Number.MAX_SAFE_INTEGER) ?? 0,
          limit: intValue(values, 'limit', 1, 1000) ?? 50,
        },
      });
      if (values.json) context.stdout.write(JSON.stringify(page.rows) + '\n');
      else {
        context.stdout.write(
          table([
            [
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
            ],
            ...page.rows.map(runLine),
          ]),
        );
        context.stderr.write(`${page.rows.length} of ${page.total} runs (offset ${page.offset})\n`);
      }
      return EXIT_OK;
    });
  },
};

import {
  RUN_OUTCOMES,
  RUN_PARAMETERS,
  SCALAR_METRICS,
  type RunRecord,
  type RunValue,
  type SortColumn,
} from '../../core/contract';
import { VALUE_LABELS } from '../../core/charts/labels';
import { configurationLabel } from '../../core/configuration/label';
import {
  describeValue,
  formatDuration,
  formatInteger,
  formatParameter,
  type FormattedValue,
} from '../../core/format';

/**
 * The columns History can show: every parameter, outcome and metric of a run, plus its energy,
 * experiment and tags. The run id and status are always shown. Which ones are on is the user's
 * choice, kept in localStorage across sessions.
 */
export type ColumnId =
  | RunValue
  | 'energyKind'
  | 'experiment'
  | 'stopReason'
  | 'createdAt'
  | 'tags'
  | 'certificate'
  | 'configuration';

export interface HistoryColumn {
  id: ColumnId;
  /** the header; `title` the longer description on hover */
  label: string;
  title: string;
  group: 'run' | 'parameter' | 'outcome' | 'metric';
  /** present when the host can sort by it */
  sort?: SortColumn;
  numeric: boolean;
  /** whole numbers (shown as they are) */
  integer?: boolean;
}

/** Short headers for the columns a table cell is too narrow to title with the full label. */
const SHORT: Partial<Record<RunValue, string>> = {
  n: 'n',
  d: 'd',
  s: 's',
  alpha: '\u03b1',
  seed: 'seed',
  restarts: 'Restarts',
  finalEnergy: 'E',
  energyPerPoint: 'E / n',
  gradNorm: '|grad E|',
  iterations: 'Iter.',
  evaluations: 'Evals',
  wallMs: 'Time',
  etfBoundGap: 'ETF gap',
  uniformGap: 'Uniform gap',
  framePotentialRatio: 'FP ratio',
  coherence: 'Coherence',
  etfDistance: 'ETF dist.',
};
const INTEGER = new Set<RunValue>(['n', 'd', 'seed', 'restarts', 'iterations', 'evaluations']);

const valueColumn = (id: RunValue, group: HistoryColumn['group']): HistoryColumn => ({
  id,
  label: SHORT[id] ?? VALUE_LABELS[id],
  title: VALUE_LABELS[id],
  group,
  sort: id,
  numeric: true,
  integer: INTEGER.has(id),
});

export const HISTORY_COLUMNS: readonly HistoryColumn[] = [
  { id: 'energyKind', label: 'Energy', title: 'energy', group: 'run', sort: 'energyKind', numeric: false },
  {
    id: 'experiment',
    label: 'Experiment',
    title: 'experiment the run belongs to',
    group: 'run',
    sort: 'experimentId',
    numeric: false,
  },
  // tags sit with the other labels, before the numbers: at 1280 px the last columns need a scroll
  {
    id: 'tags',
    label: 'Tags',
    title: "the run's tags and its experiment's (dashed)",
    group: 'run',
    numeric: false,
  },
  ...RUN_PARAMETERS.map((id) => valueColumn(id, 'parameter')),
  ...RUN_OUTCOMES.map((id) => valueColumn(id, 'outcome')),
  ...SCALAR_METRICS.map((id) => valueColumn(id, 'metric')),
  { id: 'stopReason', label: 'Stop', title: 'why the solver stopped', group: 'outcome', numeric: false },
  {
    id: 'certificate',
    label: 'Certificate',
    title: 'second-order verdict of the Hessian (core/certificate); sorts by its lowest eigenvalue',
    group: 'outcome',
    sort: 'lambdaMin',
    numeric: false,
  },
  {
    id: 'configuration',
    label: 'Configuration',
    title: 'what the run found, named from its Gram matrix (core/configuration), with the parts of a simplex sum; sorts by name',
    group: 'outcome',
    sort: 'configurationName',
    numeric: false,
  },
  {
    id: 'createdAt',
    label: 'Created',
    title: 'when the run was queued',
    group: 'run',
    sort: 'createdAt',
    numeric: false,
  },
];

export const DEFAULT_COLUMNS: readonly ColumnId[] = [
  'energyKind',
  'experiment',
  'tags',
  'n',
  'd',
  's',
  'seed',
  'energyPerPoint',
  'etfBoundGap',
  'uniformGap',
  'certificate',
  'iterations',
  'wallMs',
];

const STORAGE_KEY = 'spherelab:history-columns';
const KNOWN = new Set<string>(HISTORY_COLUMNS.map((c) => c.id));

/** The saved choice, in the table's order; the default when nothing (readable) was saved. */
export function loadColumns(
  storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage,
): ColumnId[] {
  try {
    const saved: unknown = JSON.parse(storage?.getItem(STORAGE_KEY) ?? 'null');
    if (Array.isArray(saved)) {
      const ids = saved.filter((id): id is ColumnId => typeof id === 'string' && KNOWN.has(id));
      return HISTORY_COLUMNS.map((c) => c.id).filter((id) => ids.includes(id));
    }
  } catch {
    // unreadable: fall back to the default below
  }
  return [...DEFAULT_COLUMNS];
}

export function saveColumns(
  ids: readonly ColumnId[],
  storage: Pick<Storage, 'setItem'> | undefined = globalThis.localStorage,
): void {
  storage?.setItem(STORAGE_KEY, JSON.stringify(ids));
}

/** A run's value in a numeric column (parameters and outcomes on the record, metrics in `metrics`). */
export function runValue(run: RunRecord, id: RunValue): number | null {
  if (isMetric(id)) return run.metrics?.[id] ?? null;
  return run[id];
}

function isMetric(id: RunValue): id is (typeof SCALAR_METRICS)[number] {
  return (SCALAR_METRICS as readonly string[]).includes(id);
}

/**
 * The Configuration cell: the name with a simplex sum's parts ("simplex-sum 3+3"), and on hover the
 * gap to the closed form (rounding noise relative to the energy shown as such, not as data).
 */
export function configurationCell(run: Pick<RunRecord, 'configuration' | 'finalEnergy'>): {
  text: string;
  title: string;
} {
  const c = run.configuration;
  if (!c) return { text: '—', title: 'not named (the run has not completed, or predates naming)' };
  if (c.gap === undefined) return { text: configurationLabel(c), title: 'no closed form for this configuration' };
  const gap = describeValue(c.gap, { scale: Math.abs(run.finalEnergy ?? c.closedFormEnergy ?? 1) || 1 });
  return { text: configurationLabel(c), title: `E − closed form: ${gap.text}${gap.raw ? ` (${gap.raw})` : ''}` };
}

/**
 * The size of the operands a value was computed from: rounding noise is judged relative to it (a gap
 * E − bound of 4e−16 at E ≈ 5 is zero, not data).
 */
export function noiseScale(run: Pick<RunRecord, 'metrics'>, id: RunValue): number {
  const scale =
    id === 'etfBoundGap'
      ? run.metrics?.etfBound
      : id === 'uniformGap'
        ? run.metrics?.uniformEnergy
        : undefined;
  return scale === undefined || scale === null || !Number.isFinite(scale) || scale === 0
    ? 1
    : Math.abs(scale);
}

/** A value as the tables write it: durations, whole counts, parameters to 4 digits, the rest through describeValue. */
export function describeColumnValue(
  value: number | null,
  column: Pick<HistoryColumn, 'id' | 'integer' | 'group'>,
  scale = 1,
): FormattedValue {
  if (value === null) return describeValue(null);
  if (column.id === 'wallMs') return { text: formatDuration(value), raw: `${value} ms` };
  if (column.integer) return { text: formatInteger(value), raw: null };
  if (column.group === 'parameter') {
    const text = formatParameter(value);
    return { text, raw: text === String(value) ? null : String(value) };
  }
  return describeValue(value, { scale });
}

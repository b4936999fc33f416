import { SCALAR_METRICS, type ExperimentRecord, type RunRecord } from '../../core/contract';
import { VALUE_LABELS } from '../../core/charts/labels';
import { ENERGY_LABELS, usesAlpha, usesScale } from '../design/energy-labels';
import { isNoise } from '../../core/format';
import { noiseScale } from '../history/columns';

/**
 * The side-by-side table of Compare: one column per run, one row per parameter, outcome and metric.
 * A row whose values are not all equal is marked, and within it every cell that differs from the
 * first run's (the reference column).
 */
export type SideValue = number | string | null;

export interface SideRow {
  key: string;
  label: string;
  section: 'Parameters' | 'Outcome' | 'Metrics';
  values: SideValue[];
  /** the values are not all the same */
  differs: boolean;
  /** per run: differs from the first run's value */
  changed: boolean[];
  /** per run: the size of the value's operands, for telling rounding noise from data */
  scales: number[];
}

type Getter = (run: RunRecord, experiment: ExperimentRecord | undefined) => SideValue;

const PARAMETERS: [string, string, Getter][] = [
  ['experiment', 'Experiment', (_r, e) => e?.name ?? null],
  ['energy', 'Energy', (r) => ENERGY_LABELS[r.energyKind]],
  ['n', 'n', (r) => r.n],
  ['d', 'd', (r) => r.d],
  ['s', 's', (r) => (usesScale(r.energyKind) ? r.s : null)],
  ['alpha', 'α', (r) => (usesAlpha(r.energyKind) ? r.alpha : null)],
  ['seed', 'Seed', (r) => r.seed],
  ['restarts', 'Restarts', (r) => r.restarts],
  [
    'optimizer',
    'Optimizer',
    (r) => (r.spec.optimizer === 'lbfgs' ? `L-BFGS (memory ${r.spec.memory})` : 'gradient descent'),
  ],
  ['tol', 'Tolerance', (r) => r.spec.tol],
  ['maxIter', 'Max iterations', (r) => r.spec.maxIter],
  ['timeLimitSec', 'Time limit (s)', (r) => r.spec.timeLimitSec ?? null],
  ['logEnergy', 'Minimize log E', (r) => r.spec.logEnergy],
];

const OUTCOME: [string, string, Getter][] = [
  ['status', 'Status', (r) => r.status],
  ['stopReason', 'Stop reason', (r) => r.stopReason],
  ['finalEnergy', VALUE_LABELS.finalEnergy, (r) => r.finalEnergy],
  ['energyPerPoint', VALUE_LABELS.energyPerPoint, (r) => r.energyPerPoint],
  ['gradNorm', VALUE_LABELS.gradNorm, (r) => r.gradNorm],
  ['iterations', 'Iterations', (r) => r.iterations],
  ['evaluations', 'Evaluations', (r) => r.evaluations],
  ['wallMs', 'Solver time (ms)', (r) => r.wallMs],
  ['restartsReachedBest', 'Restarts at the best', (r) => r.restartsReachedBest],
  ['evaluator', 'Evaluator', (r) => r.evaluator],
];

function row(
  section: SideRow['section'],
  key: string,
  label: string,
  values: SideValue[],
  scales: number[] = values.map(() => 1),
): SideRow {
  // numbers that differ by rounding noise (the last bits of a double) are the same value
  const same = (a: SideValue, b: SideValue) =>
    typeof a === 'number' && typeof b === 'number'
      ? a === b || isNoise(a - b, { scale: Math.max(Math.abs(a), Math.abs(b)) })
      : a === b;
  const changed = values.map((v) => !same(v, values[0] ?? null));
  return { key, label, section, values, differs: changed.some(Boolean), changed, scales };
}

export function sideBySideRows(
  runs: readonly RunRecord[],
  experiments: ReadonlyMap<string, ExperimentRecord>,
): SideRow[] {
  const experimentOf = (r: RunRecord) => (r.experimentId ? experiments.get(r.experimentId) : undefined);
  const rows = [
    ...PARAMETERS.map(([key, label, get]) =>
      row(
        'Parameters',
        key,
        label,
        runs.map((r) => get(r, experimentOf(r))),
      ),
    ),
    ...OUTCOME.map(([key, label, get]) =>
      row(
        'Outcome',
        key,
        label,
        runs.map((r) => get(r, experimentOf(r))),
      ),
    ),
    ...SCALAR_METRICS.map((m) =>
      row(
        'Metrics',
        m,
        VALUE_LABELS[m],
        runs.map((r) => r.metrics?.[m] ?? null),
        runs.map((r) => noiseScale(r, m)),
      ),
    ),
  ];
  // a parameter no selected run has (α outside Riesz, s for the frame potential) is no row at all
  return rows.filter((r) => r.values.some((v) => v !== null));
}

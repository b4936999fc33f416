import { RUN_OUTCOMES, SCALAR_METRICS, type RunRecord, type RunValue } from '../../core/contract';
import { noiseScale, runValue } from './columns';

/**
 * History's grouped view: runs that differ only by seed form one group (the same energy, n, d, s,
 * alpha, restarts and optimizer settings), and each outcome and metric is shown as mean ± sample
 * standard deviation over the group's completed runs. Nothing else is pooled: a group never mixes
 * two values of a parameter or two optimizer settings.
 */
export const GROUPED_VALUES: readonly RunValue[] = [...RUN_OUTCOMES, ...SCALAR_METRICS];

export interface Stat {
  mean: number;
  /** sample standard deviation (n - 1); null for a single value */
  sd: number | null;
  count: number;
}

export interface RunGroup {
  key: string;
  run: Pick<RunRecord, 'energyKind' | 'n' | 'd' | 's' | 'alpha' | 'restarts'>;
  /** optimizer settings as text, e.g. "L-BFGS, tol 1e-9, ≤ 20000 iterations" */
  settings: string;
  runIds: string[];
  seeds: number[];
  completed: number;
  stats: Partial<Record<RunValue, Stat>>;
  /** per value, the size of its operands (for telling rounding noise from data) */
  scales: Partial<Record<RunValue, number>>;
}

function settingsText(run: RunRecord): string {
  const s = run.spec;
  const parts = [
    s.optimizer === 'lbfgs' ? `L-BFGS (memory ${s.memory})` : 'gradient descent',
    `tol ${s.tol}`,
    `≤ ${s.maxIter} iterations`,
  ];
  if (s.timeLimitSec !== undefined) parts.push(`≤ ${s.timeLimitSec} s`);
  if (s.logEnergy !== 'auto') parts.push(`log E ${s.logEnergy}`);
  return parts.join(', ');
}

export function stat(values: readonly number[]): Stat | undefined {
  if (values.length === 0) return undefined;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  if (values.length === 1) return { mean, sd: null, count: 1 };
  const ss = values.reduce((a, v) => a + (v - mean) ** 2, 0);
  return { mean, sd: Math.sqrt(ss / (values.length - 1)), count: values.length };
}

export function groupRuns(rows: readonly RunRecord[]): RunGroup[] {
  const groups = new Map<string, RunRecord[]>();
  for (const run of rows) {
    const { energyKind, n, d, s, alpha, restarts } = run;
    const key = JSON.stringify([energyKind, n, d, s, alpha, restarts, settingsText(run)]);
    const list = groups.get(key);
    if (list) list.push(run);
    else groups.set(key, [run]);
  }
  return [...groups].map(([key, runs]) => {
    const first = runs[0]!;
    const completed = runs.filter((r) => r.status === 'completed');
    const stats: RunGroup['stats'] = {};
    const scales: RunGroup['scales'] = {};
    for (const id of GROUPED_VALUES) {
      if (completed[0]) scales[id] = noiseScale(completed[0], id);
      const values = completed
        .map((r) => runValue(r, id))
        .filter((v): v is number => v !== null && Number.isFinite(v));
      const found = stat(values);
      if (found) stats[id] = found;
    }
    return {
      key,
      run: {
        energyKind: first.energyKind,
        n: first.n,
        d: first.d,
        s: first.s,
        alpha: first.alpha,
        restarts: first.restarts,
      },
      settings: settingsText(first),
      runIds: runs.map((r) => r.id),
      seeds: [...new Set(runs.map((r) => r.seed))].sort((a, b) => a - b),
      completed: completed.length,
      stats,
      scales,
    };
  });
}

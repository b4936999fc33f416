import type { Out } from '../../core/contract';
import { formatDuration, formatNumber } from '../../core/format';
import { workspaceBytes } from '../../core/kernels/layout';
import type { RunSpec } from '../../core/spec/run-spec';

/** What the host measured about itself (experiments/estimate `machine`). */
export type Machine = Out<'experiments/estimate'>['machine'];

/**
 * Limits above which the form will not start an experiment, and above which it warns. An iteration
 * that takes longer than ten minutes on every core at once, or a run that needs more than half the
 * machine's memory, is a typo (n = 1 000 000) far more often than a plan.
 */
export const LIMITS = {
  iterationSeconds: 600,
  memoryFraction: 0.5,
  warnRunSeconds: 24 * 3600,
  warnTotalSeconds: 7 * 24 * 3600,
};

export interface CostEstimate {
  /** the costliest run of the grid (most pair terms per iteration) */
  largest: {
    n: number;
    d: number;
    secondsPerIteration: number;
    secondsAtMaxIter: number;
    memoryBytes: number;
  };
  /** every run at its iteration limit, on one core (a ceiling: converged runs stop early) */
  totalCoreSeconds: number;
  /** the same spread over the machine's cores */
  totalWallSeconds: number;
  /** memory while `parallel` of the largest runs solve at once */
  peakMemoryBytes: number;
  /** reasons the experiment must not start as it is */
  blocking: string[];
  warnings: string[];
}

const rowsOf = (run: RunSpec) => (run.energy === 'two-set' ? 2 * run.n : run.n);

/** Pair terms of one energy-and-gradient evaluation, over every restart. */
export function pairTerms(run: RunSpec): number {
  return run.restarts * rowsOf(run) ** 2 * run.d;
}

/** A solve's memory: the optimizer's copies of the variable (RunSpec's own rule) and the kernel workspace. */
export function runMemoryBytes(run: RunSpec, threads: number): number {
  const variable = (2 * run.memory + 8) * rowsOf(run) * run.d * 8;
  return (
    variable + workspaceBytes({ kind: run.energy, n: run.n, d: run.d, s: run.s, alpha: run.alpha }, threads)
  );
}

/** An estimate's duration: seconds to hours as a clock would say, then days and years (3 digits). */
export function longSeconds(seconds: number): string {
  if (seconds < 86400) return formatDuration(seconds * 1000);
  if (seconds < 365.25 * 86400) return `${formatNumber(seconds / 86400, 3)} days`;
  return `${formatNumber(seconds / (365.25 * 86400), 3)} years`;
}

function hours(seconds: number): string {
  return seconds >= 86400 ? longSeconds(seconds) : `${formatNumber(seconds / 3600, 2)} h`;
}

/**
 * Time and memory of an expanded grid on this machine: pair terms per iteration over the host's
 * measured pair terms per second, times the iteration limit. One evaluation per iteration is
 * assumed (L-BFGS with its line search averages close to one).
 */
export function estimateCost(runs: readonly RunSpec[], machine: Machine): CostEstimate | null {
  if (runs.length === 0 || !(machine.pairTermsPerSecond > 0)) return null;
  const rate = machine.pairTermsPerSecond;
  const largestRun = runs.reduce((a, r) => (pairTerms(r) > pairTerms(a) ? r : a));
  const secondsPerIteration = pairTerms(largestRun) / rate;
  const memoryBytes = runMemoryBytes(largestRun, machine.cores);
  const totalCoreSeconds = runs.reduce((sum, r) => sum + (pairTerms(r) * r.maxIter) / rate, 0);
  const cores = Math.max(1, machine.cores);
  const estimate: CostEstimate = {
    largest: {
      n: largestRun.n,
      d: largestRun.d,
      secondsPerIteration,
      secondsAtMaxIter: secondsPerIteration * largestRun.maxIter,
      memoryBytes,
    },
    totalCoreSeconds,
    totalWallSeconds: totalCoreSeconds / cores,
    peakMemoryBytes: memoryBytes * Math.min(runs.length, Math.max(1, machine.parallel)),
    blocking: [],
    warnings: [],
  };
  const gib = (bytes: number) => `${(bytes / 1024 ** 3).toPrecision(3)} GiB`;
  if (memoryBytes > LIMITS.memoryFraction * machine.memoryBytes) {
    estimate.blocking.push(
      `one run at n = ${largestRun.n}, d = ${largestRun.d} needs about ${gib(memoryBytes)}; this machine has ${gib(machine.memoryBytes)}`,
    );
  }
  // even with every core on it, one iteration must not take longer than the limit
  if (secondsPerIteration / cores > LIMITS.iterationSeconds) {
    estimate.blocking.push(
      `one iteration at n = ${largestRun.n}, d = ${largestRun.d} takes about ${hours(secondsPerIteration / cores)} on all ${cores} cores`,
    );
  }
  if (estimate.largest.secondsAtMaxIter / cores > LIMITS.warnRunSeconds) {
    estimate.warnings.push(
      `a run that does not converge may take up to ${hours(estimate.largest.secondsAtMaxIter / cores)}`,
    );
  }
  if (estimate.totalWallSeconds > LIMITS.warnTotalSeconds) {
    estimate.warnings.push(
      `at the iteration limit the experiment would take ${hours(estimate.totalWallSeconds)}`,
    );
  }
  return estimate;
}

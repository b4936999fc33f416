import type { Metrics, SolveSummary, TracePoint } from '../../core/spec/run-result';
import type { FinalResult } from '../../electron/backend/store/store-api';
import type { SqliteStore } from '../../electron/backend/store/store';

/** Plain, reproducible result data for store tests; free of vitest so child processes can use it. */

/** A seeded stream so result values differ from run to run and test to test reproducibly. */
export function numbers(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

export function fakeMetrics(next: () => number): Metrics {
  return {
    ceEnergy: next() * 10,
    etfDistance: next(),
    etfDistanceFrobenius: next(),
    etfBound: next() * 10,
    etfBoundGap: next(),
    uniformEnergy: next(),
    uniformGap: next(),
    framePotential: next() * 100,
    framePotentialRatio: 1 + next(),
    tightnessError: next(),
    coherence: next(),
    welchBound: next(),
    maxInnerProduct: next(),
    minAngle: next() * 3,
    balance: next(),
    gegenbauer: Array.from({ length: 8 }, next),
    designStrength: Math.floor(next() * 5),
    capDiscrepancy: next(),
    minDistance: next(),
    selfDuality: null,
  };
}

export function fakeResult(n: number, d: number, seed: number, energy?: number): FinalResult {
  const next = numbers(seed);
  const e = energy ?? next() * 100;
  const summary: SolveSummary = {
    energy: e,
    energyPerPoint: e / n,
    gradNorm: next() * 1e-9,
    iterations: 40,
    evaluations: 50,
    wallMs: next() * 1000,
    seed,
    restarts: { total: 1, reachedBest: 1, completed: 1 },
    stopReason: 'converged',
    evaluator: 'direct',
    metrics: fakeMetrics(next),
  };
  const points = Float64Array.from({ length: n * d }, () => next() * 2 - 1);
  const trace: TracePoint[] = Array.from({ length: 5 }, (_, i) => ({
    restart: 0,
    iteration: i,
    energy: e + 5 - i,
    gradNorm: 10 ** -i,
    elapsedMs: i * 3,
  }));
  return { summary, points, rows: n, trace };
}

/**
 * Claims a queued run and records one progress step with a checkpoint of random points,
 * as a solver would after `iteration` iterations: what the archive tests copy and check.
 */
export function recordCheckpoint(
  store: Pick<SqliteStore, 'getRun' | 'claimRun' | 'recordProgress'>,
  id: string,
  owner: string,
  next: () => number,
  iteration: number,
  energy: number,
): void {
  const run = store.getRun(id)!;
  store.claimRun(id, owner);
  const point = { restart: 0, iteration, energy, gradNorm: 0.5, elapsedMs: iteration + 1 };
  const points = Float64Array.from({ length: run.n * run.d }, next);
  store.recordProgress(id, {
    progress: point,
    trace: [point],
    checkpoint: { points, rows: run.n, d: run.d, restart: 0, iteration, energy },
  });
}

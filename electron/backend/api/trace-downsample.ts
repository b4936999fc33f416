import type { RunTrace } from '../store/store-api';

/**
 * Min/max bucket downsampling of a trace: the first and last samples, and in each of about
 * maxPoints/2 equal buckets the samples of lowest and highest energy, so spikes and plateaus of a
 * long run survive on a chart. Returns sample indices, ascending.
 */
export function downsampleIndices(energy: Float64Array, maxPoints: number): number[] {
  const length = energy.length;
  if (length <= maxPoints) return Array.from({ length }, (_, i) => i);
  const picked = new Set<number>([0, length - 1]);
  const buckets = Math.max(1, Math.floor((maxPoints - 2) / 2));
  for (let b = 0; b < buckets; b++) {
    const start = 1 + Math.floor((b * (length - 2)) / buckets);
    const end = 1 + Math.floor(((b + 1) * (length - 2)) / buckets);
    if (end <= start) continue;
    let lo = start;
    let hi = start;
    for (let i = start + 1; i < end; i++) {
      if (energy[i] < energy[lo]) lo = i;
      if (energy[i] > energy[hi]) hi = i;
    }
    picked.add(lo).add(hi);
  }
  return [...picked].sort((a, b) => a - b);
}

/** The trace's columns at the chosen samples, as plain arrays for JSON. */
export function pickTrace(trace: RunTrace, indices: number[]) {
  const take = (column: ArrayLike<number>) => indices.map((i) => column[i]);
  return {
    restart: take(trace.restart),
    iteration: take(trace.iteration),
    energy: take(trace.energy),
    gradNorm: take(trace.gradNorm),
    elapsedMs: take(trace.elapsedMs),
  };
}

import type { TracePoint } from '../spec/run-result';

/**
 * Keeps a bounded trace of a long run: every `stride`-th point, the stride doubling (and every other
 * kept point dropped) whenever `limit` is reached, so the samples stay evenly spread over the run.
 * The last point of every restart is always kept.
 */
export const TRACE_LIMIT = 2000;

export interface TraceRecorder {
  add(point: TracePoint): void;
  /** at most `limit` points (plus one final point per restart), in order */
  points(): TracePoint[];
}

export function traceRecorder(limit = TRACE_LIMIT): TraceRecorder {
  let kept: TracePoint[] = [];
  let stride = 1;
  let count = 0;
  let last: TracePoint | null = null;
  // last points of finished restarts, outside the thinning
  const finals: TracePoint[] = [];
  return {
    add(point) {
      if (last && last.restart !== point.restart) finals.push(last);
      last = point;
      if (count++ % stride === 0) kept.push(point);
      if (kept.length >= limit) {
        kept = kept.filter((_, k) => k % 2 === 0);
        stride *= 2;
      }
    },
    points() {
      const inKept = new Set(kept);
      const ends = (last ? [...finals, last] : finals).filter((p) => !inKept.has(p));
      return [...kept, ...ends].sort((a, b) => a.restart - b.restart || a.iteration - b.iteration);
    },
  };
}

import type { CompareQuery, CompareResult } from '../contract/queries';

export type CompareSeries = CompareResult['series'][number];
export type ComparePoint = CompareSeries['points'][number];

/**
 * How the runs of one grid point (its seeds and restarts) become one plotted point:
 * - 'none': every run is its own point;
 * - 'best': the run with the lowest final energy (what a minimizer is after);
 * - 'mean': the mean over the runs;
 * - 'spread': the mean with a bar from the smallest to the largest value.
 */
export const SEED_AGGREGATES = ['none', 'best', 'mean', 'spread'] as const;
export type SeedAggregate = (typeof SEED_AGGREGATES)[number];

/** The store's aggregate for a chart's. */
export function storeAggregate(mode: SeedAggregate): CompareQuery['aggregate'] {
  return mode === 'none' ? 'none' : 'seeds';
}

/** The plotted value of a point. */
export function centre(point: ComparePoint, mode: SeedAggregate): number {
  return mode === 'mean' || mode === 'spread' ? (point.mean ?? point.y) : point.y;
}

/** [low, high] of a point's bar in 'spread' mode, null otherwise. */
export function spread(point: ComparePoint, mode: SeedAggregate): [number, number] | null {
  if (mode !== 'spread') return null;
  return [point.min ?? point.y, point.max ?? point.y];
}

/** True when a point's runs really differ in y: a bar of length 0 is not drawn. */
export function hasSpread(range: [number, number] | null): range is [number, number] {
  return range !== null && range[1] > range[0];
}

/** Columns every compare table carries about the runs behind a point. */
export function aggregateColumns(mode: SeedAggregate): string[] {
  return mode === 'none' ? ['runId'] : ['bestRunId', 'runs', 'runIds'];
}

/** The run ids of a point in one CSV cell, separated by spaces (no quoting needed). */
export function aggregateCells(point: ComparePoint, mode: SeedAggregate): (string | number)[] {
  return mode === 'none'
    ? [point.runId]
    : [point.runId, point.count ?? 1, (point.runIds ?? [point.runId]).join(' ')];
}

export interface JoinedPoint {
  group: CompareSeries['group'];
  x: number;
  a: ComparePoint;
  b: ComparePoint;
}

/**
 * Pairs the points of two compare results over the same x and grouping (say uniformGap and
 * framePotentialRatio, both against n). When `b` lists every run, by run: each point of `a` (every
 * run, or the best run of its grid point) meets the same run's value, even where two runs tie in
 * energy (the store breaks such ties by the value itself, so two best-of queries may name different
 * runs). When both are aggregated (mean, spread), by group and x.
 */
export function joinCompare(a: CompareResult, b: CompareResult): JoinedPoint[] {
  const keyOf = (series: string, p: ComparePoint) => (b.aggregate === 'none' ? p.runId : `${series}|${p.x}`);
  const others = new Map<string, ComparePoint>();
  for (const series of b.series) for (const p of series.points) others.set(keyOf(series.key, p), p);
  const joined: JoinedPoint[] = [];
  for (const series of a.series) {
    for (const p of series.points) {
      const other = others.get(keyOf(series.key, p));
      if (other) joined.push({ group: series.group, x: p.x, a: p, b: other });
    }
  }
  return joined;
}

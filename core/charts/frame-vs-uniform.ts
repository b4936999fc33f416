import type { CompareQuery, CompareResult, HistoryFilters } from '../contract/queries';
import { etfBound, framePotentialBound, uniformEnergy } from '../theory';
import {
  aggregateCells,
  aggregateColumns,
  centre,
  hasSpread,
  joinCompare,
  storeAggregate,
  type SeedAggregate,
} from './aggregate';
import {
  frame,
  legendNames,
  referenceSeries,
  spreadBars,
  styledSeries,
  valueAxis,
  type SpreadBar,
  type SeriesOption,
} from './option-styles';
import type { Cell, Figure } from './figure';
import { seriesLabel, VALUE_LABELS } from './labels';
import { look, type ChartPreset } from './preset';
import { seriesKeys, seriesSetting } from './selection';

/**
 * Frame potential against the uniform-distribution energy (docs/math.md#frame-potential): the normalized frame
 * potential FP / max(n, n^2/d) (1 = tight frame, Benedetto-Fickus) against the energy's excess
 * E/n - U_d(s, n) over the n -> infinity limit, one series per (d, s), points in order of n.
 * References: the bound FP / max(n, n^2/d) = 1, and the simplex ETF's exact point wherever it exists
 * (d >= n-1): excess (*)/n - U_d(s, n), ratio (n^2/(n-1)) / max(n, n^2/d).
 */
export interface FrameVsUniformData {
  /** x = n, y = uniformGap, grouped by d and s */
  gap: CompareResult;
  /** x = n, y = framePotentialRatio, the same grouping; every run for 'best' and 'none', else the same aggregate */
  ratio: CompareResult;
}

export function frameVsUniformQueries(filters: HistoryFilters, aggregate: SeedAggregate): CompareQuery[] {
  const base = { filters, x: 'n' as const, groupBy: ['d' as const, 's' as const] };
  // the best run's ratio is looked up among all runs, so both coordinates come from the same run
  const ratioAggregate = aggregate === 'mean' || aggregate === 'spread' ? 'seeds' : 'none';
  return [
    { ...base, y: 'uniformGap', aggregate: storeAggregate(aggregate) },
    { ...base, y: 'framePotentialRatio', aggregate: ratioAggregate },
  ];
}

/** The simplex ETF's (excess, ratio), or null when it does not exist in R^d. */
export function etfReference(n: number, d: number, s: number): [number, number] | null {
  if (d < n - 1) return null;
  return [etfBound(n, s) / n - uniformEnergy(d, s, n), (n * n) / (n - 1) / framePotentialBound(n, d)];
}

export function frameVsUniformChart(
  data: FrameVsUniformData,
  aggregate: SeedAggregate,
  preset: ChartPreset,
): Figure {
  const lk = look(preset);
  const joined = joinCompare(data.gap, data.ratio);
  const groups = data.gap.series;
  const keys = seriesKeys(data.gap);
  const columns = ['series', 'n', ...keys, 'uniformGap', 'framePotentialRatio'];
  if (aggregate === 'spread') columns.push('uniformGapMin', 'uniformGapMax', 'ratioMin', 'ratioMax');
  columns.push(...aggregateColumns(aggregate), 'etfUniformGap', 'etfRatio');
  const rows: Cell[][] = [];
  const series: SeriesOption[] = [];
  const etfPoints: number[][] = [];
  let hidden = 0;
  const xs: number[] = [];
  const ratios: number[] = [];
  groups.forEach((group, i) => {
    const label = seriesLabel(group, groups);
    const points = joined.filter((p) => p.group === group.group);
    const plotted: number[][] = [];
    const bars: SpreadBar[] = [];
    const barsY: SpreadBar[] = [];
    for (const p of points) {
      const d = group.group.d ?? NaN;
      const s = group.group.s ?? NaN;
      const gap = centre(p.a, aggregate);
      const ratio = centre(p.b, aggregate);
      if (!(gap > 0)) {
        hidden++;
        continue;
      }
      plotted.push([gap, ratio, p.x]);
      xs.push(gap);
      ratios.push(ratio);
      const etf = etfReference(p.x, d, s);
      if (etf && etf[0] > 0) etfPoints.push([etf[0], etf[1], p.x]);
      const row: Cell[] = [label, p.x, ...keys.map((k) => seriesSetting(group, k) ?? null), gap, ratio];
      if (aggregate === 'spread') {
        const [gl, gh] = [p.a.min ?? gap, p.a.max ?? gap];
        const [rl, rh] = [p.b.min ?? ratio, p.b.max ?? ratio];
        row.push(gl, gh, rl, rh);
        if (gl > 0 && hasSpread([gl, gh])) bars.push({ x: gap, y: ratio, low: gl, high: gh });
        if (hasSpread([rl, rh])) barsY.push({ x: gap, y: ratio, low: rl, high: rh });
      }
      row.push(...aggregateCells(p.a, aggregate), etf ? etf[0] : null, etf ? etf[1] : null);
      rows.push(row);
    }
    series.push(styledSeries(lk, i, label, plotted));
    if (bars.length) series.push(spreadBars(lk, i, label, bars, 'x'));
    if (barsY.length) series.push(spreadBars(lk, i, label, barsY, 'y'));
  });
  if (xs.length > 0) {
    const span = [
      Math.min(...xs, ...etfPoints.map((p) => p[0])),
      Math.max(...xs, ...etfPoints.map((p) => p[0])),
    ];
    series.push(
      referenceSeries(
        lk,
        'tight frame: FP = max(n, n\u00b2/d)',
        span.map((x) => [x, 1]),
        'line',
      ),
    );
  }
  if (etfPoints.length > 0) series.push(referenceSeries(lk, 'simplex ETF (theory)', etfPoints, 'points'));
  const notes: string[] =
    hidden > 0
      ? [
          `${hidden} point(s) with E/n \u2212 U_d \u2264 0 are not on the log axis (a minimizer sits above U_d)`,
        ]
      : [];
  return {
    option: {
      ...frame(lk, 'Frame potential against the uniform-distribution energy', {
        legend: legendNames(series),
      }),
      xAxis: valueAxis(
        lk,
        { name: VALUE_LABELS.uniformGap, log: true, values: [...xs, ...etfPoints.map((p) => p[0])] },
        'x',
      ),
      yAxis: valueAxis(lk, { name: VALUE_LABELS.framePotentialRatio, values: [...ratios, 1], notes }, 'y'),
      series,
    } as Figure['option'],
    table: { columns, rows },
    notes,
  };
}

import type { CompareQuery, CompareResult, HistoryFilters } from '../contract/queries';
import { aggregateCells, aggregateColumns, centre, type ComparePoint, type SeedAggregate } from './aggregate';
import { logTickText } from './axis-format';
import { frame } from './chart-parts';
import type { Cell, Figure } from './figure';
import { VALUE_LABELS } from './labels';
import { REFERENCE_COLOR, VIRIDIS } from './palette';
import { look, type ChartPreset } from './preset';

/**
 * The neural-collapse phase diagram (docs/math.md#etf-bound): the distance from the simplex ETF,
 * max_{i != j} |G_ij + 1/(n-1)|, over the (n, d) grid on a log colour scale, with the line d = n - 1
 * above which (d >= n-1) the ETF exists and is the minimizer. One value per cell: the best run's
 * (or the mean over runs); with several scales s in the data one s is shown (the smallest unless
 * chosen). Distances below 1e-16 are drawn at 1e-16.
 */
export const ETF_DISTANCE_FLOOR = 1e-16;

export function etfPhaseQueries(filters: HistoryFilters): CompareQuery[] {
  // always per cell: a heatmap has one colour per (n, d)
  return [{ filters, x: 'n', y: 'etfDistance', groupBy: ['d', 's'], aggregate: 'seeds' }];
}

/** Position of `value` among sorted `grid` values in index units (linear between neighbours). */
export function gridPosition(grid: number[], value: number): number | null {
  if (value < grid[0] || value > grid[grid.length - 1]) return null;
  for (let i = 0; i < grid.length - 1; i++) {
    if (value <= grid[i + 1]) return i + (value - grid[i]) / (grid[i + 1] - grid[i]);
  }
  return grid.length - 1;
}

/** The line d = n - 1 in the heatmap's index coordinates, exact between grid values. */
export function diagonalLine(ns: number[], ds: number[]): number[][] {
  const breaks = [...new Set([...ns, ...ds.map((d) => d + 1)])].sort((a, b) => a - b);
  const line: number[][] = [];
  for (const n of breaks) {
    const i = gridPosition(ns, n);
    const j = gridPosition(ds, n - 1);
    if (i !== null && j !== null) line.push([i, j]);
  }
  return line;
}

export function etfPhaseChart(
  data: CompareResult,
  aggregate: SeedAggregate,
  preset: ChartPreset,
  options: { s?: number } = {},
): Figure {
  const lk = look(preset);
  const scales = [...new Set(data.series.map((s) => s.group.s ?? NaN))].sort((a, b) => a - b);
  const s = options.s ?? scales[0];
  const chosen = data.series.filter((series) => (series.group.s ?? NaN) === s || scales.length <= 1);
  const cells: { n: number; d: number; point: ComparePoint; value: number }[] = [];
  for (const series of chosen) {
    const d = series.group.d ?? NaN;
    for (const point of series.points) cells.push({ n: point.x, d, point, value: centre(point, aggregate) });
  }
  const ns = [...new Set(cells.map((c) => c.n))].sort((a, b) => a - b);
  const ds = [...new Set(cells.map((c) => c.d))].sort((a, b) => a - b);
  const logValues = cells.map((c) => Math.log10(Math.max(c.value, ETF_DISTANCE_FLOOR)));
  const low = logValues.length ? Math.floor(Math.min(...logValues)) : -16;
  // `+ 0` turns ceil's -0 into 0 for the colour legend
  const high = logValues.length ? Math.ceil(Math.max(...logValues)) + 0 : 0;
  const columns = [
    'n',
    'd',
    's',
    'etfDistance',
    'log10EtfDistance',
    'etfExists',
    ...aggregateColumns(aggregate === 'none' ? 'best' : aggregate),
  ];
  const rows: Cell[][] = cells.map((c, k) => [
    c.n,
    c.d,
    s,
    c.value,
    logValues[k],
    c.d >= c.n - 1 ? 1 : 0,
    ...aggregateCells(c.point, aggregate === 'none' ? 'best' : aggregate),
  ]);
  const notes = scales.length > 1 ? [`runs at s = ${scales.join(', ')}; the diagram shows s = ${s}`] : [];
  const axisCommon = {
    axisLine: { lineStyle: { color: lk.axisLine } },
    axisLabel: { color: lk.text, fontSize: lk.fontSize, hideOverlap: true },
    nameLocation: 'middle' as const,
    nameTextStyle: { fontSize: lk.titleSize, color: lk.text },
    splitArea: { show: false },
  };
  /** the category axis of the grid values, and a hidden value axis over the same cells (index units) */
  const gridAxes = (name: string, values: number[], nameGap: number) => [
    { ...axisCommon, type: 'category' as const, name, nameGap, data: values.map(String) },
    { type: 'value' as const, min: -0.5, max: values.length - 0.5, show: false },
  ];
  const base = frame(lk, `Distance from the simplex ETF (s = ${s})`, { right: lk.fontSize * 9 });
  const option = {
    ...base,
    xAxis: gridAxes(VALUE_LABELS.n, ns, lk.fontSize * 2.2),
    yAxis: gridAxes(VALUE_LABELS.d, ds, lk.fontSize * 3),
    visualMap: {
      type: 'continuous' as const,
      dimension: 2,
      seriesIndex: 0,
      min: low,
      max: high === low ? low + 1 : high,
      calculable: false,
      orient: 'vertical' as const,
      right: 0,
      top: 'middle' as const,
      itemWidth: lk.fontSize * 1.2,
      itemHeight: lk.paper ? Math.max(40, (lk.canvas?.height ?? 200) * 0.45) : 160,
      text: [`ETF distance\n${logTickText(10 ** (high === low ? low + 1 : high))}`, logTickText(10 ** low)],
      textStyle: { color: lk.text, fontSize: lk.fontSize },
      inRange: { color: [...VIRIDIS] },
    },
    series: [
      {
        type: 'heatmap' as const,
        name: VALUE_LABELS.etfDistance,
        data: cells.map((c, k) => [ns.indexOf(c.n), ds.indexOf(c.d), logValues[k]]),
        itemStyle: {
          borderColor: lk.background === 'transparent' ? 'rgba(0,0,0,0)' : '#ffffff',
          borderWidth: 0.5,
        },
        emphasis: lk.paper ? { disabled: true } : undefined,
      },
      {
        type: 'line' as const,
        name: 'd = n \u2212 1',
        xAxisIndex: 1,
        yAxisIndex: 1,
        data: diagonalLine(ns, ds),
        symbol: 'none',
        color: '#ffffff',
        lineStyle: { color: '#ffffff', width: lk.lineWidth * 2, type: [6, 3] },
        // labelled at its end: a legend entry for a white line would be invisible on paper
        endLabel: {
          show: true,
          formatter: 'd = n \u2212 1',
          color: '#ffffff',
          fontSize: lk.fontSize,
          textBorderColor: REFERENCE_COLOR,
          textBorderWidth: 1.5,
        },
        silent: true,
        z: 5,
      },
    ],
  };
  return { option: option as Figure['option'], table: { columns, rows }, notes };
}

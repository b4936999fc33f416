import type {
  CompareQuery,
  CompareResult,
  HistoryFilters,
  SettingKey,
  SettingValue,
} from '../contract/queries';
import { formatParameter } from '../format';
import { aggregateCells, aggregateColumns, centre, type ComparePoint, type SeedAggregate } from './aggregate';
import { logTickText } from './axis-format';
import { frame, noteLineHeight } from './option-styles';
import type { Cell, Figure } from './figure';
import { VALUE_LABELS } from './labels';
import { REFERENCE_COLOR, VIRIDIS } from './palette';
import { look, type ChartPreset } from './preset';
import {
  applyFilter,
  heldFixed,
  SETTING_LABELS,
  seriesKeys,
  seriesSetting,
  settingText,
  settingValueText,
  type SettingFilter,
} from './selection';

/**
 * The neural-collapse phase diagram (docs/math.md#etf-bound): the distance from the simplex ETF,
 * max_{i != j} |G_ij + 1/(n-1)|, over the (n, d) grid on a log colour scale, with the line d = n - 1
 * above which (d >= n-1) the ETF exists and is the minimizer. One value per cell: the best run's
 * (or the mean over runs) at one scale s and one energy; the reader picks them (`s`, `only`), else
 * the s and energy with the most cells are shown, and the notes list the others.
 *
 * Distances below ETF_DISTANCE_FLOOR are the ETF to numerical precision and get one colour and the
 * label "ETF"; the colour scale starts at the floor. Why 1e-7: at a minimizer the energy is quadratic
 * in the displacement, so double precision (eps = 2.2e-16) pins the configuration down only to about
 * sqrt(eps) = 1.5e-8 times its scale, and the default stopping rule (|grad| / E < 1e-9) leaves
 * displacements of the same order; 1e-7 sits just above both, so 1e-11 and 1e-8 read alike.
 */
export const ETF_DISTANCE_FLOOR = 1e-7;

/** The colour of cells at the ETF: outside the viridis ramp, light enough for the label "ETF" on it. */
const ETF_COLOUR = '#d9d9d9';

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

/** The value a setting takes in most cells (ties: the smallest), the default of a selector. */
function commonest(data: CompareResult, key: SettingKey): SettingValue | undefined {
  const counts = new Map<SettingValue, number>();
  for (const series of data.series) {
    const v = seriesSetting(series, key);
    if (v !== undefined) counts.set(v, (counts.get(v) ?? 0) + series.points.length);
  }
  let best: SettingValue | undefined;
  for (const [v, c] of [...counts].sort((a, b) => (a[0]! < b[0]! ? -1 : 1)))
    if (best === undefined || c > counts.get(best)!) best = v;
  return best;
}

/**
 * The diagram's selection: s, the energy and every other setting that varies are narrowed to one
 * value each (the reader's, else the commonest), since a cell shows one value.
 */
function etfPhaseFilter(data: CompareResult, chosen: SettingFilter): SettingFilter {
  const filter: SettingFilter = { ...chosen };
  for (const key of ['s', ...(data.split ?? [])] as SettingKey[]) {
    if (filter[key] === undefined && (data.values?.[key]?.length ?? 0) > 1)
      filter[key] = commonest(data, key);
  }
  return filter;
}

export function etfPhaseChart(
  all: CompareResult,
  aggregate: SeedAggregate,
  preset: ChartPreset,
  chosen: SettingFilter = {},
): Figure {
  const lk = look(preset);
  const filter = etfPhaseFilter(all, chosen);
  const data = applyFilter(all, filter);
  const cells: { n: number; d: number; s: number; point: ComparePoint; value: number }[] = [];
  for (const series of data.series) {
    const d = series.group.d ?? NaN;
    const s = series.group.s ?? NaN;
    for (const point of series.points)
      cells.push({ n: point.x, d, s, point, value: centre(point, aggregate) });
  }
  const ns = [...new Set(cells.map((c) => c.n))].sort((a, b) => a - b);
  const ds = [...new Set(cells.map((c) => c.d))].sort((a, b) => a - b);
  const logValues = cells.map((c) => Math.log10(Math.max(c.value, ETF_DISTANCE_FLOOR)));
  const low = Math.log10(ETF_DISTANCE_FLOOR);
  // `+ 0` turns ceil's -0 into 0 for the colour bar's label
  const top = Math.max(low + 1, Math.ceil(Math.max(low, ...logValues))) + 0;
  const atEtf = (k: number) => cells[k].value < ETF_DISTANCE_FLOOR;
  const mode = aggregate === 'none' ? 'best' : aggregate;
  const keys = seriesKeys(data).filter((k) => k !== 'd' && k !== 's');
  const columns = ['n', 'd', 's', ...keys, 'etfDistance', 'atEtf', 'etfExists', ...aggregateColumns(mode)];
  const rows: Cell[][] = cells.map((c, k) => [
    c.n,
    c.d,
    c.s,
    ...keys.map(
      (key) =>
        seriesSetting(
          data.series.find((s) => s.points.includes(c.point))!,
          key,
        ) ?? null,
    ),
    c.value,
    atEtf(k) ? 1 : 0,
    c.d >= c.n - 1 ? 1 : 0,
    ...aggregateCells(c.point, mode),
  ]);
  const etfName = `ETF (distance < ${logTickText(ETF_DISTANCE_FLOOR)})`;
  const axisCommon = {
    axisLine: { lineStyle: { color: lk.axisLine } },
    axisLabel: { color: lk.text, fontSize: lk.fontSize, hideOverlap: true },
    nameLocation: 'middle' as const,
    nameTextStyle: { fontSize: lk.titleSize, color: lk.text },
    splitArea: { show: false },
  };
  /** the category axis of the grid values, and a hidden value axis over the same cells (index units) */
  const gridAxes = (name: string, values: number[], nameGap: number) => [
    { ...axisCommon, type: 'category' as const, name, nameGap, data: values.map((v) => formatParameter(v)) },
    { type: 'value' as const, min: -0.5, max: values.length - 0.5, show: false },
  ];
  const sText =
    filter.s !== undefined
      ? formatParameter(filter.s as number)
      : [...new Set(cells.map((c) => c.s))].map(formatParameter).join(', ');
  const base = frame(lk, `Distance from the simplex ETF (s = ${sText})`, {
    right: lk.fontSize * 8,
    legend: [etfName],
  });
  const fixed = heldFixed(data, filter);
  // the colour bar's title sits above its top label, never on it: both are placed from the grid's top
  const barTop = base.grid.top + lk.fontSize * 3;
  const barHeight = Math.max(
    40,
    (lk.canvas?.height ?? 380) - barTop - base.grid.bottom - noteLineHeight(lk, fixed) - lk.fontSize * 1.6,
  );
  const cellData = (etf: boolean) =>
    cells.flatMap((c, k) => (atEtf(k) === etf ? [[ns.indexOf(c.n), ds.indexOf(c.d), logValues[k]]] : []));
  const option = {
    ...base,
    xAxis: gridAxes(VALUE_LABELS.n, ns, lk.fontSize * 2.2),
    yAxis: gridAxes(VALUE_LABELS.d, ds, lk.fontSize * 3),
    visualMap: [
      {
        type: 'continuous' as const,
        dimension: 2,
        seriesIndex: 0,
        min: low,
        max: top,
        calculable: false,
        orient: 'vertical' as const,
        right: lk.fontSize * 0.5,
        top: barTop,
        itemWidth: lk.fontSize * 1.1,
        itemHeight: lk.paper ? barHeight : Math.min(160, barHeight),
        text: [logTickText(10 ** top), logTickText(ETF_DISTANCE_FLOOR)],
        textGap: lk.fontSize * 0.4,
        textStyle: { color: lk.text, fontSize: lk.fontSize },
        inRange: { color: [...VIRIDIS] },
      },
      // the ETF cells: one colour, no bar (a heatmap needs a visual map of its own)
      {
        type: 'continuous' as const,
        dimension: 2,
        seriesIndex: 1,
        show: false,
        min: low - 1,
        max: low + 1,
        inRange: { color: [ETF_COLOUR, ETF_COLOUR] },
      },
    ],
    graphic: [
      {
        type: 'text' as const,
        right: lk.fontSize * 0.2,
        top: barTop - lk.fontSize * 1.8,
        style: { text: 'ETF distance', fill: lk.text, fontSize: lk.fontSize },
        silent: true,
      },
    ],
    series: [
      {
        type: 'heatmap' as const,
        name: VALUE_LABELS.etfDistance,
        data: cellData(false),
        itemStyle: {
          borderColor: lk.background === 'transparent' ? 'rgba(0,0,0,0)' : '#ffffff',
          borderWidth: 0.5,
        },
        emphasis: lk.paper ? { disabled: true } : undefined,
      },
      {
        type: 'heatmap' as const,
        name: etfName,
        data: cellData(true),
        color: ETF_COLOUR,
        itemStyle: {
          color: ETF_COLOUR,
          borderColor: lk.background === 'transparent' ? 'rgba(0,0,0,0)' : '#ffffff',
          borderWidth: 0.5,
        },
        label: { show: true, formatter: 'ETF', color: '#000000', fontSize: lk.fontSize * 0.85 },
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
        // dark text on a light box: readable over any cell, and drawn alike in SVG, PNG and PDF
        // (an outlined text became a blot in the PDF)
        endLabel: {
          show: true,
          formatter: 'd = n \u2212 1',
          color: '#000000',
          fontSize: lk.fontSize * 0.9,
          backgroundColor: 'rgba(255,255,255,0.85)',
          borderColor: REFERENCE_COLOR,
          borderWidth: 0.5,
          padding: [1, 3],
        },
        silent: true,
        z: 5,
      },
    ],
  };
  const others = (['s', 'energyKind'] as SettingKey[]).flatMap((key) => {
    const values = all.values?.[key] ?? [];
    return values.length > 1 && filter[key] !== undefined
      ? [
          `runs at ${SETTING_LABELS[key]} = ${values.map(settingValueText).join(', ')}; the diagram shows ${settingText(key, filter[key])}`,
        ]
      : [];
  });
  return {
    option: option as Figure['option'],
    table: { columns, rows },
    notes: [
      ...others,
      `distances below ${logTickText(ETF_DISTANCE_FLOOR)} are the ETF to numerical precision`,
    ],
    fixed,
    choices: etfChoices(all),
    selected: filter,
  };
}

/** What the diagram's selectors list: s and the energy always (when known), any other varying setting. */
function etfChoices(data: CompareResult): Figure['choices'] {
  const values = data.values ?? {};
  const keys = ['s', 'energyKind', ...(data.split ?? [])] as SettingKey[];
  return Object.fromEntries(
    keys.filter((k, i) => keys.indexOf(k) === i && values[k]).map((k) => [k, values[k]!]),
  );
}

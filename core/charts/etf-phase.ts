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
import { configurationLabel } from '../configuration/label';
import type { Configuration, ConfigurationName } from '../configuration/schema';
import { describeValue, formatNumber, formatValue, plural } from '../format';
import { escapeHtml, frame, noteLineHeight, SCREEN_WIDTH } from './option-styles';
import type { Cell, Figure } from './figure';
import type { EtfPhaseColouring } from './figure-request';
import { VALUE_LABELS } from './labels';
import { CONFIGURATION_COLOURS, ON_CONFIGURATION_COLOUR, REFERENCE_COLOR, VIRIDIS } from './palette';
import {
  cellConfiguration,
  CONFIGURATION_TITLES,
  configurationTitle,
  nameOrder,
  partsText,
  type CellConfiguration,
  type RunConfiguration,
} from './phase-configuration';
import { look, type ChartPreset, type Look } from './preset';
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

/** The theory's edges over the configuration colouring: dark on the light fills of CONFIGURATION_COLOURS. */
const EDGE_COLOUR = ON_CONFIGURATION_COLOUR;

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

/**
 * The lower edge of the cells where `inside(n, d)` holds, along the cells' borders in the heatmap's
 * index coordinates: per column the border below its lowest cell inside, joined by vertical steps;
 * pieces on the grid's own border are left out. For regions that grow with d and shrink with n
 * (d >= n - 1, n <= 2d) the lowest row never falls from one column to the next, so the pieces join
 * into one line.
 */
export function regionEdge(
  ns: number[],
  ds: number[],
  inside: (n: number, d: number) => boolean,
): number[][] {
  const lowest = ns.map((n) => {
    const j = ds.findIndex((d) => inside(n, d));
    return (j < 0 ? ds.length : j) - 0.5;
  });
  const line: number[][] = [];
  const to = (x: number, y: number) => {
    const last = line.at(-1);
    if (!last || last[0] !== x || last[1] !== y) line.push([x, y]);
  };
  lowest.forEach((y, i) => {
    if (y > -0.5 && y < ds.length - 0.5) {
      to(i - 0.5, y);
      to(i + 0.5, y);
    }
    if (i + 1 < lowest.length && lowest[i + 1] !== y) {
      to(i + 0.5, y);
      to(i + 0.5, lowest[i + 1]);
    }
  });
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

/** The diagram's cells: the runs narrowed to one s and energy (`etfPhaseFilter`), one point per (n, d). */
function etfPhaseSelection(all: CompareResult, chosen: SettingFilter) {
  const filter = etfPhaseFilter(all, chosen);
  return { filter, data: applyFilter(all, filter) };
}

/** Every run behind the cells the diagram shows (their seeds and restarts): whose configurations it needs. */
export function etfPhaseRunIds(all: CompareResult, chosen: SettingFilter = {}): string[] {
  const { data } = etfPhaseSelection(all, chosen);
  return data.series.flatMap((series) => series.points.flatMap((p) => p.runIds ?? [p.runId]));
}

/** The table's columns about each cell's configuration, when the runs are known. */
export const CONFIGURATION_COLUMNS = [
  'configuration',
  'configurationRunId',
  'energy',
  'closedFormEnergy',
  'configurationGap',
  'higherConfigurations',
] as const;

export interface EtfPhaseOptions {
  /** what colours the cells; default the distance from the ETF */
  colourBy?: EtfPhaseColouring;
  /**
   * the energies and configurations of the runs behind the cells (`etfPhaseRunIds`): with them the
   * table gains each cell's configuration, and they are what `colourBy: 'configuration'` colours by
   */
  runs?: ReadonlyMap<string, RunConfiguration>;
}

interface PhaseCell {
  n: number;
  d: number;
  s: number;
  point: ComparePoint;
  value: number;
  /** the best run's configuration (null: none known) */
  named: CellConfiguration | null;
}

export function etfPhaseChart(
  all: CompareResult,
  aggregate: SeedAggregate,
  preset: ChartPreset,
  chosen: SettingFilter = {},
  options: EtfPhaseOptions = {},
): Figure {
  const lk = look(preset);
  const byConfiguration = options.colourBy === 'configuration';
  const { filter, data } = etfPhaseSelection(all, chosen);
  const cells: PhaseCell[] = [];
  for (const series of data.series) {
    const d = series.group.d ?? NaN;
    const s = series.group.s ?? NaN;
    for (const point of series.points) {
      const named = options.runs ? cellConfiguration(point.runIds ?? [point.runId], options.runs) : null;
      cells.push({ n: point.x, d, s, point, value: centre(point, aggregate), named });
    }
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
  const configurationColumns = options.runs ? CONFIGURATION_COLUMNS : [];
  const columns = [
    'n',
    'd',
    's',
    ...keys,
    'etfDistance',
    'atEtf',
    'etfExists',
    ...aggregateColumns(mode),
    ...configurationColumns,
  ];
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
    ...(options.runs
      ? [
          c.named ? configurationLabel(c.named.configuration) : null,
          c.named?.runId ?? null,
          c.named?.energy ?? null,
          c.named?.configuration.closedFormEnergy ?? null,
          c.named?.configuration.gap ?? null,
          c.named?.higher.length ? higherText(c.named.higher, configurationLabel) : null,
        ]
      : []),
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
  const fixed = heldFixed(data, filter);
  const cellBorder = {
    borderColor: lk.background === 'transparent' ? 'rgba(0,0,0,0)' : '#ffffff',
    borderWidth: 0.5,
  };
  /** a heatmap series' data (grid position and colour value) of some cells, and its tooltip */
  const cellSeries: CellSeries = (members, value) => ({
    data: members.map((k) => [ns.indexOf(cells[k].n), ds.indexOf(cells[k].d), value(k)]),
    tooltip: lk.paper
      ? undefined
      : {
          formatter: (p: { marker?: string; dataIndex: number }) =>
            cellTooltip(cells[members[p.dataIndex]], p.marker),
        },
  });
  const colouring = byConfiguration
    ? configurationColouring(lk, cells, sText, fixed, cellSeries, cellBorder, { ns, ds })
    : distanceColouring(lk, sText, fixed, cellSeries, cellBorder, {
        ns,
        ds,
        cells: cells.map((_, k) => k),
        atEtf,
        logValues,
        low,
        top,
        etfName,
      });
  const option = {
    ...colouring.base,
    xAxis: gridAxes(VALUE_LABELS.n, ns, lk.fontSize * 2.2),
    yAxis: gridAxes(VALUE_LABELS.d, ds, lk.fontSize * 3),
    visualMap: colouring.visualMap,
    graphic: colouring.graphic,
    series: colouring.series,
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
    notes: [...others, ...colouring.notes],
    fixed,
    choices: etfChoices(all),
    selected: filter,
  };
}

type CellSeries = (
  members: number[],
  value: (k: number) => number,
) => {
  data: number[][];
  tooltip: { formatter: (p: { marker?: string; dataIndex: number }) => string } | undefined;
};
interface CellBorder {
  borderColor: string;
  borderWidth: number;
}

/** The chart's height where the screen does not give it: Compare's panels. */
const SCREEN_HEIGHT = 380;

/**
 * Whether a label fits inside a cell, from the plot's size over the grid (on screen, where the
 * chart's size is not given, Compare's narrowest panel) and a text width estimated as the legend's
 * is: on a large grid the labels are left off rather than spill over their neighbours; the tooltip
 * and the table still say what each cell holds.
 */
function labelFits(
  lk: Look,
  grid: { left: number; right: number; top: number; bottom: number },
  fixed: string[],
) {
  const width = lk.canvas?.width ?? SCREEN_WIDTH;
  const height = lk.canvas?.height ?? SCREEN_HEIGHT;
  const size = lk.fontSize * LABEL_SCALE;
  return (text: string, columns: number, rows: number) =>
    text.length * size * 0.6 + 4 <= (width - grid.left - grid.right) / columns &&
    size * 1.2 <= (height - grid.top - grid.bottom - noteLineHeight(lk, fixed)) / rows;
}

/** Cell labels ("ETF", "4+2") against the chart's font size. */
const LABEL_SCALE = 0.85;

/** The distance colouring: a log colour bar from the floor, the ETF cells in one colour labelled "ETF". */
function distanceColouring(
  lk: Look,
  sText: string,
  fixed: string[],
  cellSeries: CellSeries,
  cellBorder: CellBorder,
  scale: {
    ns: number[];
    ds: number[];
    cells: number[];
    atEtf: (k: number) => boolean;
    logValues: number[];
    low: number;
    top: number;
    etfName: string;
  },
) {
  const { ns, ds, cells, atEtf, logValues, low, top, etfName } = scale;
  const base = frame(lk, `Distance from the simplex ETF (s = ${sText})`, {
    right: lk.fontSize * 8,
    legend: [etfName],
  });
  // the colour bar's title sits above its top label, never on it: both are placed from the grid's top
  const barTop = base.grid.top + lk.fontSize * 3;
  const barHeight = Math.max(
    40,
    (lk.canvas?.height ?? SCREEN_HEIGHT) -
      barTop -
      base.grid.bottom -
      noteLineHeight(lk, fixed) -
      lk.fontSize * 1.6,
  );
  const cellData = (etf: boolean) =>
    cellSeries(
      cells.filter((k) => atEtf(k) === etf),
      (k) => logValues[k],
    );
  return {
    base,
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
        ...cellData(false),
        itemStyle: cellBorder,
        emphasis: lk.paper ? { disabled: true } : undefined,
      },
      {
        type: 'heatmap' as const,
        name: etfName,
        ...cellData(true),
        color: ETF_COLOUR,
        itemStyle: { color: ETF_COLOUR, ...cellBorder },
        label: {
          show: labelFits(lk, base.grid, fixed)('ETF', ns.length, ds.length),
          formatter: 'ETF',
          color: '#000000',
          fontSize: lk.fontSize * LABEL_SCALE,
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
    notes: [`distances below ${logTickText(ETF_DISTANCE_FLOOR)} are the ETF to numerical precision`],
  };
}

/**
 * The configuration colouring: one colour per configuration name (palette.ts, the same in every
 * figure), a legend entry per name shown. A simplex sum's parts do not split its colour, so the
 * orthoplex regime d + 2 <= n <= 2d reads as one block; each of its cells carries its parts ("4+2"),
 * and the legend lists the parts shown. Simplex-ETF cells are labelled "ETF" as in the distance
 * colouring. The theory's edges run along the cells' borders, dark on the light fills: the ETF's
 * (d >= n - 1 above) and n = 2d, so the regime is the band between them. Cells whose runs carry no
 * configuration are left empty and counted in a note.
 */
function configurationColouring(
  lk: Look,
  cells: PhaseCell[],
  sText: string,
  fixed: string[],
  cellSeries: CellSeries,
  cellBorder: CellBorder,
  grid: { ns: number[]; ds: number[] },
) {
  const names = [...new Set(cells.flatMap((c) => (c.named ? [c.named.configuration.name] : [])))].sort(
    nameOrder,
  );
  const legendName = (name: ConfigurationName) => {
    const parts = cells.flatMap((c) =>
      c.named?.configuration.name === name && c.named.configuration.parts
        ? [c.named.configuration.parts]
        : [],
    );
    return parts.length > 0
      ? `${CONFIGURATION_TITLES[name]} ${partsText(parts)}`
      : CONFIGURATION_TITLES[name];
  };

  // the theory's regimes: the ETF for d >= n - 1, simplex sums for d + 2 <= n <= 2d (between the lines)
  const edges = [
    { name: 'd = n \u2212 1', inside: (n: number, d: number) => d >= n - 1, dash: [6, 3] },
    { name: 'n = 2d', inside: (n: number, d: number) => n <= 2 * d, dash: [2, 2] },
  ].map((edge) => ({ ...edge, data: regionEdge(grid.ns, grid.ds, edge.inside) }));
  const drawn = edges.filter((edge) => edge.data.length > 0);
  const framed = frame(lk, `Configuration of the best run (s = ${sText})`, {
    legend: [...names.map(legendName), ...drawn.map((edge) => edge.name)],
  });
  // the edges' legend icons in the text's colour: black on the cells, but visible on the dark theme too
  const edgeIcon = { color: lk.text };
  const base = framed.legend
    ? {
        ...framed,
        legend: {
          ...framed.legend,
          data: framed.legend.data?.map((name) =>
            drawn.some((edge) => edge.name === name)
              ? { name, itemStyle: edgeIcon, lineStyle: edgeIcon }
              : name,
          ),
        },
      }
    : framed;
  const texts = cells.map(({ named }) =>
    named?.configuration.name === 'simplex-etf' ? 'ETF' : (named?.configuration.parts?.join('+') ?? ''),
  );
  // all labels or none: a figure that labels 3+3 but not 3+3+2 would read as if the latter were not a sum
  const longest = texts.reduce((a, b) => (b.length > a.length ? b : a), '');
  const labelled = labelFits(lk, base.grid, fixed)(longest, grid.ns.length, grid.ds.length);
  const unnamed = cells.filter((c) => !c.named).length;
  const tied = cells.filter((c) => c.named && c.named.tiedWith.length > 0);
  return {
    base,
    // every cell's colour is its name's: a heatmap needs a visual map, here one of fixed pieces
    visualMap: [
      {
        type: 'piecewise' as const,
        show: false,
        dimension: 2,
        seriesIndex: names.map((_, i) => i),
        pieces: names.map((name, i) => ({ value: i, color: CONFIGURATION_COLOURS[name] })),
      },
    ],
    graphic: [],
    series: [
      ...names.map((name, i) => {
        const members = cells.flatMap((c, k) => (c.named?.configuration.name === name ? [k] : []));
        return {
          type: 'heatmap' as const,
          name: legendName(name),
          ...cellSeries(members, () => i),
          color: CONFIGURATION_COLOURS[name],
          itemStyle: { color: CONFIGURATION_COLOURS[name], ...cellBorder },
          label: {
            show: labelled && (name === 'simplex-etf' || name === 'simplex-sum'),
            formatter: (p: { dataIndex: number }) => texts[members[p.dataIndex]],
            color: ON_CONFIGURATION_COLOUR,
            fontSize: lk.fontSize * LABEL_SCALE,
          },
          emphasis: lk.paper ? { disabled: true } : undefined,
        };
      }),
      ...drawn.map((edge) => ({
        type: 'line' as const,
        name: edge.name,
        xAxisIndex: 1,
        yAxisIndex: 1,
        data: edge.data,
        // a line's legend icon draws its symbol ('none' falls back to a circle); a line symbol keeps it a line
        symbol: 'line',
        showSymbol: false,
        color: EDGE_COLOUR,
        itemStyle: { color: EDGE_COLOUR },
        lineStyle: { color: EDGE_COLOUR, width: lk.lineWidth * 1.5, type: edge.dash },
        silent: true,
        z: 5,
      })),
    ],
    notes: [
      ...(drawn.length === 2
        ? ['the orthoplex regime d + 2 \u2264 n \u2264 2d lies between the lines d = n \u2212 1 and n = 2d']
        : []),
      ...(unnamed > 0
        ? [
            `${plural(unnamed, 'cell')} left empty: no run there has a named configuration (not completed, or run before configurations were named)`,
          ]
        : []),
      ...tied.map(
        (c) =>
          `n = ${c.n}, d = ${c.d}: runs tie at the lowest energy as ${[c.named!.configuration, ...c.named!.tiedWith].map(configurationLabel).join(' and ')}; the first is shown`,
      ),
    ],
  };
}

/** "simplex-sum 4+2 (1 run); unrecognised (2 runs)": what a cell's other runs stopped at (no comma: a plain CSV cell). */
function higherText(higher: CellConfiguration['higher'], name: (c: Configuration) => string): string {
  return higher.map((h) => `${name(h.configuration)} (${plural(h.runs, 'run')})`).join('; ');
}

/** A cell's tooltip: where it is, its ETF distance, and its best run's configuration, energy, closed form and gap. */
function cellTooltip(c: PhaseCell, marker = ''): string {
  const lines = [`n = ${c.n}, d = ${c.d}`, `ETF distance ${formatValue(c.value)}`];
  const named = c.named;
  if (named) {
    const closed = named.configuration.closedFormEnergy;
    const gap = named.configuration.gap;
    const gapText =
      gap === undefined ? null : describeValue(gap, { scale: Math.abs(closed ?? named.energy) || 1 });
    lines.unshift(configurationTitle(named.configuration));
    lines.push(
      `energy ${formatNumber(named.energy, 10)}`,
      closed === undefined ? 'no closed form' : `closed form ${formatNumber(closed, 10)}`,
      ...(gapText ? [`gap ${gapText.text}${gapText.raw ? ` (${gapText.raw})` : ''}`] : []),
      `${plural(named.runsAtBest, 'run')} at the lowest energy${named.tiedWith.length ? `; also ${named.tiedWith.map(configurationTitle).join(', ')}` : ''}`,
      ...(named.higher.length ? [`higher: ${higherText(named.higher, configurationTitle)}`] : []),
    );
  }
  return `${marker}${lines.map(escapeHtml).join('<br/>')}`;
}

/** What the diagram's selectors list: s and the energy always (when known), any other varying setting. */
function etfChoices(data: CompareResult): Figure['choices'] {
  const values = data.values ?? {};
  const keys = ['s', 'energyKind', ...(data.split ?? [])] as SettingKey[];
  return Object.fromEntries(
    keys.filter((k, i) => keys.indexOf(k) === i && values[k]).map((k) => [k, values[k]!]),
  );
}

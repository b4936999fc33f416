import { REFERENCE_COLOR, seriesStyle } from './palette';
import {
  decadeLabelStep,
  decadeSpan,
  describeValue,
  formatNumber,
  noiseBand,
  PARAMETER_DIGITS,
} from '../format';
import { logAxisLabel, type LogLabelStyle } from './axis-format';
import { richLabel, richText } from './rich-text';
import { look, type Look, type PaperPreset } from './preset';

/**
 * The pieces every builder shares: the option's frame (font, background, animation, legend, grid)
 * and styled axes and series, so the screen and the paper preset differ in one place.
 */

/** Width assumed for a screen chart whose size the builder is not told (Compare's narrowest panel). */
export const SCREEN_WIDTH = 480;

/**
 * Rows a plain (wrapping) legend needs at the chart's width, from a rough text-width estimate that
 * errs wide: the plot starts below the last row, so the legend never covers data or the top tick.
 * (A scrolling legend would hide entries behind its pager, such as the ETF line of the histogram.)
 */
function legendRows(look: Look, names: string[]): number {
  if (names.length === 0) return 0;
  const canvas = look.canvas ?? { width: SCREEN_WIDTH };
  const widths = names.map((name) => (look.paper ? 14 : 24) + 5 + name.length * look.fontSize * 0.55 + 10);
  let rows = 1;
  let used = 0;
  for (const w of widths) {
    if (used > 0 && used + w > canvas.width - 20) {
      rows++;
      used = 0;
    }
    used += w;
  }
  return rows;
}

export function frame(look: Look, title: string, options: { legend?: string[]; right?: number } = {}) {
  const pad = look.paper ? 0.9 : 1;
  const rows = legendRows(look, options.legend ?? []);
  const lineHeight = look.fontSize * 1.6;
  return {
    animation: look.animate,
    backgroundColor: look.background,
    textStyle: { fontFamily: look.fontFamily, fontSize: look.fontSize, color: look.text },
    // paper figures get their caption from the paper; the screen shows what the chart is
    title: look.paper
      ? undefined
      : {
          text: richText(title),
          left: 'center',
          textStyle: {
            fontSize: look.titleSize,
            fontWeight: 'normal' as const,
            color: look.text,
            rich: richLabel(look.titleSize),
          },
        },
    legend:
      rows === 0
        ? undefined
        : {
            data: options.legend,
            top: look.paper ? 0 : 30,
            type: 'plain' as const,
            itemWidth: look.paper ? 14 : 24,
            itemHeight: look.paper ? 6 : 10,
            itemGap: look.paper ? 8 : 10,
            // names in math notation get real sub- and superscripts ("G_ij", "S^{d-1}")
            formatter: richText,
            textStyle: { fontSize: look.fontSize, color: look.text, rich: richLabel(look.fontSize) },
          },
    tooltip: look.paper ? undefined : { trigger: 'item' as const, confine: true, formatter: tooltipText },
    grid: {
      left: Math.round(look.fontSize * 6 * pad),
      right: options.right ?? Math.round(look.fontSize * 2.5 * pad),
      top: Math.round((look.paper ? 0 : 34) + rows * lineHeight + look.fontSize * 1.5),
      bottom: Math.round(look.fontSize * 4 * pad),
      containLabel: false,
    },
  };
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
export const escapeHtml = (text: string) => text.replace(/[&<>"]/g, (c) => HTML_ESCAPES[c]);

/**
 * A tooltip's text: the series, then each value of the point through core/format (integers whole,
 * rounding noise as "≈ 0" with its raw value beside it), never ECharts' "6,824.00".
 */
function tooltipText(params: { marker?: string; seriesName?: string; value?: unknown }): string {
  const values = Array.isArray(params.value) ? params.value : [params.value];
  const shown = values
    .filter((v): v is number => typeof v === 'number')
    .map((v) => {
      const { text, raw } = describeValue(v);
      return text === '\u2248 0' && raw ? `${text} (${raw})` : text;
    });
  return `${params.marker ?? ''}${escapeHtml(params.seriesName ?? '')}<br/>${escapeHtml(shown.join(', '))}`;
}

export interface AxisSpec {
  name: string;
  log?: boolean;
  logStyle?: LogLabelStyle;
  min?: number;
  max?: number;
  /**
   * the plotted values: a log axis then spans the decades around them, not ECharts' wider nice
   * range; a linear axis whose values agree to rounding noise shows a band around them instead
   */
  values?: Iterable<number>;
  /** where the axis name sits; y axes default to the middle, rotated */
  nameLocation?: 'middle' | 'end';
  /** receives the axis' note (a noise band) */
  notes?: string[];
}

/** [10^floor(log10 min), 10^ceil(log10 max)] of the positive values, or undefined without any. */
export function decades(values: Iterable<number>): { min: number; max: number } | undefined {
  const [low, high] = extent([...values].filter((v) => v > 0));
  if (!(low > 0)) return undefined;
  const min = 10 ** Math.floor(Math.log10(low));
  const max = 10 ** Math.ceil(Math.log10(high));
  return { min, max: max > min ? max : min * 10 };
}

/** How many labels fit along an axis: its length from the canvas (or a typical screen chart) over a label's extent. */
function labelRoom(look: Look, direction: 'x' | 'y'): number {
  const length = direction === 'x' ? (look.canvas?.width ?? 560) * 0.75 : (look.canvas?.height ?? 380) * 0.6;
  return Math.max(2, Math.floor(length / (look.fontSize * (direction === 'x' ? 4 : 2))));
}

export function valueAxis(look: Look, axis: AxisSpec, direction: 'x' | 'y') {
  const values = axis.values ? [...axis.values] : undefined;
  const span = axis.log && values ? decades(values) : undefined;
  const band = !axis.log && values && axis.min === undefined ? noiseBand(values, axis.name) : null;
  if (band) axis.notes?.push(band.note);
  // every decade gets a tick (interval 1 in log10 units); round decades a label, as many as fit
  const decadesShown = span ? decadeSpan(span.min, span.max) : null;
  const step = decadesShown
    ? decadeLabelStep(decadesShown.low, decadesShown.high, labelRoom(look, direction))
    : 1;
  return {
    type: axis.log ? ('log' as const) : ('value' as const),
    name: richText(axis.name),
    nameLocation: axis.nameLocation ?? ('middle' as const),
    nameGap: direction === 'x' ? Math.round(look.fontSize * 2.2) : Math.round(look.fontSize * 4.2),
    nameTextStyle: { fontSize: look.titleSize, color: look.text, rich: richLabel(look.titleSize) },
    min: axis.min ?? span?.min ?? band?.min,
    max: axis.max ?? span?.max ?? band?.max,
    scale: !axis.log,
    interval: span ? 1 : undefined,
    axisLine: { show: true, onZero: false, lineStyle: { color: look.axisLine, width: look.paper ? 0.6 : 1 } },
    axisTick: { show: true, lineStyle: { color: look.axisLine } },
    splitLine: { show: true, lineStyle: { color: look.gridLine, width: look.paper ? 0.4 : 1 } },
    axisLabel: axis.log
      ? {
          color: look.text,
          fontSize: look.fontSize,
          ...logAxisLabel(look.fontSize, axis.logStyle ?? 'power', step),
        }
      : {
          color: look.text,
          fontSize: look.fontSize,
          hideOverlap: true,
          formatter: (value: number) => formatNumber(value, PARAMETER_DIGITS),
        },
  };
}

/** A data series with the i-th colour, dash and marker. */
export function styledSeries(
  look: Look,
  i: number,
  name: string,
  data: unknown[],
  options: { line?: boolean; symbolSize?: number } = {},
) {
  const style = seriesStyle(i, look.dark);
  const line = options.line ?? true;
  return {
    type: line ? ('line' as const) : ('scatter' as const),
    name,
    data,
    color: style.color,
    symbol: style.marker,
    symbolSize: options.symbolSize ?? look.symbolSize,
    showSymbol: true,
    lineStyle: line ? { width: look.lineWidth, type: style.dash, color: style.color } : undefined,
    itemStyle: { color: style.color },
    emphasis: look.paper ? { disabled: true } : { focus: 'series' as const },
  };
}

/** One bar of a spread: at (x, y), from low to high along `direction` (data units). */
export type SpreadBar = { x: number; y: number; low: number; high: number };

/**
 * Min-max bars drawn with a custom series (ECharts has no error-bar series). Caps are 4 units wide;
 * the data is [x, y, low, high] so the CSV and the option share one layout.
 */
export function spreadBars(look: Look, i: number, name: string, bars: SpreadBar[], direction: 'x' | 'y') {
  const color = seriesStyle(i, look.dark).color;
  return {
    type: 'custom' as const,
    name,
    color,
    silent: true,
    z: 1,
    data: bars.map((b) => [b.x, b.y, b.low, b.high]),
    encode: direction === 'y' ? { x: 0, y: [1, 2, 3] } : { x: [0, 2, 3], y: 1 },
    renderItem: (
      _params: unknown,
      api: { value(dim: number): number; coord(point: number[]): number[]; style(extra?: object): object },
    ) => {
      const [x, y, low, high] = [0, 1, 2, 3].map((k) => api.value(k));
      const from = api.coord(direction === 'y' ? [x, low] : [low, y]);
      const to = api.coord(direction === 'y' ? [x, high] : [high, y]);
      const cap = 3;
      const capAt = (p: number[]) =>
        direction === 'y'
          ? { x1: p[0] - cap, y1: p[1], x2: p[0] + cap, y2: p[1] }
          : { x1: p[0], y1: p[1] - cap, x2: p[0], y2: p[1] + cap };
      const style = { stroke: color, lineWidth: look.lineWidth };
      return {
        type: 'group',
        children: [
          { type: 'line', shape: { x1: from[0], y1: from[1], x2: to[0], y2: to[1] }, style },
          { type: 'line', shape: capAt(from), style },
          { type: 'line', shape: capAt(to), style },
        ],
      };
    },
  };
}

/** A theory line or point set in neutral grey, in the legend as what it is. */
export function referenceSeries(
  look: Look,
  name: string,
  data: unknown[],
  kind: 'line' | 'points',
  dash: number[] | 'solid' = [5, 3],
) {
  return {
    type: kind === 'line' ? ('line' as const) : ('scatter' as const),
    name,
    data,
    color: REFERENCE_COLOR,
    // a line's legend icon draws its symbol ('none' falls back to a circle); a line symbol keeps it a line
    symbol: kind === 'line' ? 'line' : 'emptyCircle',
    symbolSize: look.symbolSize + 4,
    showSymbol: kind !== 'line',
    lineStyle: kind === 'line' ? { width: look.lineWidth, type: dash, color: REFERENCE_COLOR } : undefined,
    itemStyle: { color: REFERENCE_COLOR, borderWidth: look.lineWidth },
    silent: look.paper,
    z: kind === 'line' ? 1 : 3,
  };
}

/** A series option as builders collect them before the option is typed as a whole. */
export type SeriesOption = { name?: string; [key: string]: unknown };

/** The distinct series names, in order: what the legend lists. */
export function legendNames(series: SeriesOption[]): string[] {
  return [...new Set(series.map((s) => s.name).filter((n): n is string => n !== undefined))];
}

/** [min, max] of finite values without spreading them into arguments (traces hold 10^5 samples). */
export function extent(values: Iterable<number>): [number, number] {
  let low = Infinity;
  let high = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < low) low = v;
    if (v > high) high = v;
  }
  return [low, high];
}

/** Font size of a paper figure's note line. */
function noteSize(lk: Look): number {
  return Math.max(5, lk.fontSize - 1.5);
}

/** The height a paper figure's note line takes (0 on screen, where notes sit below the chart). */
export function noteLineHeight(lk: Look, fixed: string[]): number {
  if (!lk.paper || fixed.length === 0) return 0;
  const size = noteSize(lk);
  const width = (lk.canvas?.width ?? 300) - size;
  // a serif's average advance is a bit over half its size; ECharts breaks the line at spaces
  const lines = Math.ceil((fixed.join(', ').length * size * 0.55) / width);
  return lines * size * 1.25 + size;
}

/**
 * A paper figure's note line: what the figure holds fixed, in small type along the bottom edge, with
 * the plot moved up to make room (the exported file then says its s, energy and solver settings).
 */
/**
 * Panels stacked one above the other (the path chart) make `room` at the bottom between them: each
 * gives up an equal share of its height (a percentage of the canvas becomes pixels) and the panel
 * anchored at the bottom moves up, so the gaps between the panels stay as the chart drew them.
 */
function stackedPanelsAbove<G extends { bottom?: number; height?: number | string }>(
  grids: G[],
  room: number,
  canvasHeight: number | undefined,
): G[] {
  const share = room / grids.length;
  const pixels = (h: G['height']) =>
    typeof h === 'string' && h.endsWith('%') && canvasHeight ? (parseFloat(h) / 100) * canvasHeight : h;
  return grids.map((g) => {
    const h = pixels(g.height);
    return {
      ...g,
      ...(typeof h === 'number' ? { height: h - share } : {}),
      ...(g.bottom === undefined ? {} : { bottom: g.bottom + room }),
    };
  });
}

export function withNoteLine<T extends object>(option: T, preset: PaperPreset, fixed: string[]): T {
  const lk = look(preset);
  const height = noteLineHeight(lk, fixed);
  if (height === 0) return option;
  const size = noteSize(lk);
  type Grid = { bottom?: number; height?: number | string };
  const record = option as { grid?: Grid | Grid[]; graphic?: unknown[] };
  const grid = Array.isArray(record.grid)
    ? stackedPanelsAbove(record.grid, height, lk.canvas?.height)
    : record.grid && { ...record.grid, bottom: (record.grid.bottom ?? 0) + height };
  return {
    ...option,
    ...(grid ? { grid } : {}),
    graphic: [
      ...(record.graphic ?? []),
      {
        type: 'text',
        left: size / 2,
        bottom: size / 3,
        silent: true,
        style: {
          text: fixed.join(', '),
          fontSize: size,
          fill: lk.text,
          width: (lk.canvas?.width ?? 300) - size,
          overflow: 'break',
          lineHeight: size * 1.25,
        },
      },
    ],
  } as T;
}

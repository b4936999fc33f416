import { innerProductCdf } from '../theory';
import { frame, legendNames, referenceSeries, valueAxis, type SeriesOption } from './option-styles';
import type { Cell, Figure } from './figure';
import { seriesStyle } from './palette';
import { innerProduct, type ChartPoints } from './point-rows';
import { look, type ChartPreset } from './preset';

/**
 * Histogram of the inner products G_ij, i < j, as a density on [-1, 1], against the law of <x, y>
 * for independent uniform x, y on S^{d-1}, density (1 - t^2)^((d-3)/2) / B(1/2, (d-1)/2) (docs/math.md#inner-product-law
 * 2.2, section 4). The reference is the uniform law's mean density over each bin (from its CDF), so
 * it is exact for any bin width and finite at d = 2, where the density itself is not. A vertical line
 * marks the simplex ETF's value -1/(n-1).
 */
export const MAX_HISTOGRAM_POINTS = 2000;

export interface Histogram {
  edges: number[];
  counts: number[];
  pairs: number;
  /** points used (the first MAX_HISTOGRAM_POINTS when there are more) */
  used: number;
}

export function innerProductHistogram(points: ChartPoints, bins: number): Histogram {
  const used = Math.min(points.n, MAX_HISTOGRAM_POINTS);
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < used; i++) {
    for (let j = i + 1; j < used; j++) {
      const t = innerProduct(points, i, j);
      // G_ij may leave [-1, 1] by rounding; it belongs to the end bins
      counts[Math.min(bins - 1, Math.max(0, Math.floor(((t + 1) / 2) * bins)))]++;
    }
  }
  const edges = Array.from({ length: bins + 1 }, (_, k) => -1 + (2 * k) / bins);
  return { edges, counts, pairs: (used * (used - 1)) / 2, used };
}

/** The square-root rule: about sqrt(pairs) bins, between 10 and 80. */
export function defaultBins(n: number): number {
  const pairs = (Math.min(n, MAX_HISTOGRAM_POINTS) * (Math.min(n, MAX_HISTOGRAM_POINTS) - 1)) / 2;
  return Math.max(10, Math.min(80, Math.round(Math.sqrt(pairs))));
}

export function innerProductsChart(
  points: ChartPoints,
  preset: ChartPreset,
  bins = defaultBins(points.n),
): Figure {
  const lk = look(preset);
  const h = innerProductHistogram(points, bins);
  const width = 2 / bins;
  const rows: Cell[][] = [];
  const boxes: number[][] = [];
  const uniform: number[][] = [];
  for (let k = 0; k < bins; k++) {
    const [a, b] = [h.edges[k], h.edges[k + 1]];
    const density = h.pairs > 0 ? h.counts[k] / (h.pairs * width) : 0;
    const reference = (innerProductCdf(points.d, b) - innerProductCdf(points.d, a)) / width;
    boxes.push([a, b, density]);
    uniform.push([(a + b) / 2, reference]);
    rows.push([a, b, h.counts[k], density, reference]);
  }
  const top = Math.max(...boxes.map((b) => b[2]), ...uniform.map((u) => u[1]));
  const color = seriesStyle(0, lk.dark).color;
  const histogram = {
    type: 'custom' as const,
    name: `G_ij, i < j (n = ${points.n}, d = ${points.d})`,
    color,
    data: boxes,
    encode: { x: [0, 1], y: 2 },
    renderItem: (_params: unknown, api: { value(dim: number): number; coord(point: number[]): number[] }) => {
      const low = api.coord([api.value(0), 0]);
      const high = api.coord([api.value(1), api.value(2)]);
      return {
        type: 'rect',
        shape: { x: low[0], y: high[1], width: high[0] - low[0], height: low[1] - high[1] },
        style: { fill: color, opacity: 0.55, stroke: lk.paper ? '#ffffff' : color, lineWidth: 0.3 },
      };
    },
  };
  const etf = -1 / (points.n - 1);
  const series: SeriesOption[] = [
    histogram,
    referenceSeries(lk, 'uniform points on S^{d\u22121}', uniform, 'line', 'solid'),
    referenceSeries(
      lk,
      'simplex ETF: \u22121/(n\u22121)',
      [
        [etf, 0],
        [etf, top * 1.05],
      ],
      'line',
      [2, 2],
    ),
  ];
  const notes =
    h.used < points.n
      ? [`inner products of the first ${h.used} of ${points.n} points (${h.pairs} pairs)`]
      : [];
  return {
    option: {
      ...frame(lk, 'Inner products against the uniform law', { legend: legendNames(series) }),
      xAxis: valueAxis(lk, { name: 'inner product t = G_ij', min: -1, max: 1 }, 'x'),
      yAxis: { ...valueAxis(lk, { name: 'density' }, 'y'), min: 0, scale: false },
      series,
    } as Figure['option'],
    table: { columns: ['binLow', 'binHigh', 'count', 'density', 'uniformDensity'], rows },
    notes,
  };
}

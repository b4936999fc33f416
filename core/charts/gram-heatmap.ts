import { frame } from './option-styles';
import { FigureDataError } from './figure-error';
import type { Cell, Figure } from './figure';
import { DIVERGING } from './palette';
import { innerProduct, type ChartPoints } from './point-rows';
import { principalView } from './projection';
import { look, type ChartPreset } from './preset';

/**
 * The Gram matrix G = X X^T as a heatmap on a diverging scale over [-1, 1] (0 white): an ETF shows
 * a constant off-diagonal -1/(n-1), a tight frame its structure. Drawn for n <= 300 (90 000 cells);
 * beyond that a heatmap is unreadable and heavy, and the inner-product histogram says more.
 *
 * Rows and columns are in spectral order: points sorted by their angle in the plane of the top two
 * principal components (the leading eigenvectors of the centred Gram matrix), so neighbours on the
 * sphere sit side by side and clusters show as blocks along the diagonal. Ticks fall at regular
 * positions of that order (1, 5, 10, ... or 1, 50, 100, ...); the CSV keeps each point's own index.
 */
export const MAX_GRAM_N = 300;

export function gramChart(points: ChartPoints, preset: ChartPreset): Figure {
  const { n } = points;
  if (n > MAX_GRAM_N)
    throw new FigureDataError(
      'unavailable',
      `the Gram matrix is drawn for n <= ${MAX_GRAM_N}; this configuration has n = ${n}`,
    );
  const lk = look(preset);
  const order = spectralOrder(points);
  const cells: number[][] = [];
  const rows: Cell[][] = [];
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) {
      const [i, j] = [order[a], order[b]];
      const g = i === j ? 1 : innerProduct(points, i, j);
      cells.push([b, a, g]);
      rows.push([i + 1, j + 1, a + 1, b + 1, g]);
    }
  }
  const labels = Array.from({ length: n }, (_, k) => String(k + 1));
  const step = tickStep(n);
  const axis = (name: string, inverse: boolean) => ({
    type: 'category' as const,
    data: labels,
    name,
    inverse,
    nameLocation: 'middle' as const,
    nameGap: lk.fontSize * 2.2,
    nameTextStyle: { fontSize: lk.titleSize, color: lk.text },
    // positions 1, step, 2 step, ...: a regular scale, never thinned at random by overlap
    axisLabel: {
      color: lk.text,
      fontSize: lk.fontSize,
      interval: (k: number) => k === 0 || (k + 1) % step === 0,
    },
    axisTick: { alignWithLabel: true, interval: (k: number) => k === 0 || (k + 1) % step === 0 },
    axisLine: { lineStyle: { color: lk.axisLine } },
    splitArea: { show: false },
  });
  const base = frame(lk, `Gram matrix G_ij (n = ${n}, d = ${points.d})`, { right: lk.fontSize * 7 });
  return {
    option: {
      ...base,
      xAxis: axis('j (spectral order)', false),
      yAxis: axis('i (spectral order)', true),
      visualMap: {
        type: 'continuous' as const,
        min: -1,
        max: 1,
        dimension: 2,
        orient: 'vertical' as const,
        right: 0,
        top: 'middle' as const,
        itemWidth: lk.fontSize * 1.2,
        text: ['1', '\u22121'],
        textStyle: { color: lk.text, fontSize: lk.fontSize },
        inRange: { color: [...DIVERGING] },
      },
      series: [
        {
          type: 'heatmap' as const,
          name: 'G_ij',
          data: cells,
          progressive: 0,
          emphasis: lk.paper ? { disabled: true } : undefined,
        },
      ],
    } as Figure['option'],
    table: { columns: ['i', 'j', 'orderI', 'orderJ', 'gram'], rows },
    notes: [],
  };
}

/** Point indices in spectral order: by angle in the top-two principal-component plane. */
export function spectralOrder(points: ChartPoints): number[] {
  const { coords } = principalView(points);
  const angle = (i: number) => Math.atan2(coords[i * 2 + 1], coords[i * 2]);
  return Array.from({ length: points.n }, (_, i) => i).sort((a, b) => angle(a) - angle(b) || a - b);
}

/** A round tick step giving at most about 10 labels: 1, 2, 5, 10, 20, 50, 100. */
export function tickStep(n: number): number {
  for (const step of [1, 2, 5, 10, 20, 50, 100]) if (n / step <= 10) return step;
  return 100;
}

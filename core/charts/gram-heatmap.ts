import { frame } from './chart-parts';
import { FigureDataError } from './figure-error';
import type { Cell, Figure } from './figure';
import { DIVERGING } from './palette';
import { innerProduct, type ChartPoints } from './point-rows';
import { look, type ChartPreset } from './preset';

/**
 * The Gram matrix G = X X^T as a heatmap on a diverging scale over [-1, 1] (0 white): an ETF shows
 * a constant off-diagonal -1/(n-1), a tight frame its structure. Drawn for n <= 300 (90 000 cells);
 * beyond that a heatmap is unreadable and heavy, and the inner-product histogram says more.
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
  const cells: number[][] = [];
  const rows: Cell[][] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const g = i === j ? 1 : innerProduct(points, i, j);
      cells.push([j, i, g]);
      rows.push([i + 1, j + 1, g]);
    }
  }
  const labels = Array.from({ length: n }, (_, i) => String(i + 1));
  const axis = (name: string, inverse: boolean) => ({
    type: 'category' as const,
    data: labels,
    name,
    inverse,
    nameLocation: 'middle' as const,
    nameGap: lk.fontSize * 2.2,
    nameTextStyle: { fontSize: lk.titleSize, color: lk.text },
    axisLabel: { color: lk.text, fontSize: lk.fontSize, hideOverlap: true },
    axisLine: { lineStyle: { color: lk.axisLine } },
    splitArea: { show: false },
  });
  const base = frame(lk, `Gram matrix G_ij (n = ${n}, d = ${points.d})`, { right: lk.fontSize * 7 });
  return {
    option: {
      ...base,
      xAxis: axis('j', false),
      yAxis: axis('i', true),
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
    table: { columns: ['i', 'j', 'gram'], rows },
    notes: [],
  };
}

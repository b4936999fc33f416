import { frame, referenceSeries, valueAxis } from './option-styles';
import type { Cell, Figure } from './figure';
import { seriesStyle } from './palette';
import { look, type ChartPreset } from './preset';

/**
 * Gegenbauer moments M_k = (1/n^2) sum_{ij} P_k(G_ij) >= 0, k = 1..8 (docs/math.md#gegenbauer), as bars on
 * a log scale: a spherical t-design has M_1..M_t = 0, and i.i.d. uniform points have E M_k = 1/n
 * (the diagonal's share), drawn as a reference. Moments at or below 1e-16 (rounding level) are drawn
 * at 1e-16.
 */
export const MOMENT_FLOOR = 1e-16;

export function gegenbauerChart(
  moments: readonly number[],
  n: number,
  d: number,
  preset: ChartPreset,
): Figure {
  const lk = look(preset);
  const names = moments.map((_, k) => `M${k + 1}`);
  const drawn = moments.map((m) => Math.max(m, MOMENT_FLOOR));
  const rows: Cell[][] = moments.map((m, k) => [k + 1, m, drawn[k]]);
  // bars drawn up from the floor: ECharts' bar series on a log axis hangs them from 1
  const color = seriesStyle(0, lk.dark).color;
  const bars = {
    type: 'custom' as const,
    name: `M_k (n = ${n}, d = ${d})`,
    color,
    data: drawn.map((m, k) => [k, m]),
    encode: { x: 0, y: 1 },
    renderItem: (
      _params: unknown,
      api: { value(dim: number): number; coord(point: number[]): number[]; size(point: number[]): number[] },
    ) => {
      const top = api.coord([api.value(0), api.value(1)]);
      const bottom = api.coord([api.value(0), MOMENT_FLOOR]);
      const width = api.size([1, 0])[0] * 0.55;
      return {
        type: 'rect',
        shape: { x: top[0] - width / 2, y: top[1], width, height: bottom[1] - top[1] },
        style: { fill: color },
      };
    },
  };
  const iid = referenceSeries(
    lk,
    'i.i.d. uniform: E M_k = 1/n',
    names.map((name) => [name, 1 / n]),
    'line',
  );
  const series = [bars, iid];
  return {
    option: {
      ...frame(lk, 'Gegenbauer moments', { legend: series.map((s) => s.name) }),
      xAxis: {
        type: 'category' as const,
        data: names,
        name: 'k',
        nameLocation: 'middle' as const,
        nameGap: lk.fontSize * 2.2,
        nameTextStyle: { fontSize: lk.titleSize, color: lk.text },
        axisLabel: { color: lk.text, fontSize: lk.fontSize },
        axisLine: { lineStyle: { color: lk.axisLine } },
      },
      yAxis: { ...valueAxis(lk, { name: 'M_k', log: true }, 'y'), min: MOMENT_FLOOR },
      series,
    } as Figure['option'],
    table: { columns: ['k', 'moment', 'drawn'], rows },
    notes: moments.some((m) => m <= MOMENT_FLOOR) ? ['moments at or below 1e-16 are drawn at 1e-16'] : [],
  };
}

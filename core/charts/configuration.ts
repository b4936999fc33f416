import { extent, frame, legendNames, valueAxis, type SeriesOption } from './option-styles';
import type { Cell, Figure } from './figure';
import { REFERENCE_COLOR, seriesStyle } from './palette';
import type { ChartPoints } from './point-rows';
import { DEFAULT_VIEW, orthographic, principalView, type ViewAngles } from './projection';
import { look, type ChartPreset, type Look } from './preset';

/**
 * The configuration itself. d = 2: the points on the unit circle. d = 3: an orthographic view of the
 * sphere under a rotation the screen changes by dragging (ECharts GL is not in the stack, and a
 * projection redrawn on drag needs nothing else): a faint unit sphere with its equator and a
 * meridian, points on the near side solid and on the far side faint. d > 3: the projection on the
 * top two principal components. The two-set energy draws H and W as two series.
 */
const CIRCLE_STEPS = 120;

function circle(map: (t: number) => [number, number, number] | [number, number]): number[][] {
  return Array.from({ length: CIRCLE_STEPS + 1 }, (_, k) => {
    const p = map((2 * Math.PI * k) / CIRCLE_STEPS);
    return [p[0], p[1]];
  });
}

/** A great circle under the view, split into its near and far arcs (null breaks the line). */
function greatCircle(
  view: ViewAngles,
  map: (t: number) => [number, number, number],
): { near: (number[] | null)[]; far: (number[] | null)[] } {
  const near: (number[] | null)[] = [];
  const far: (number[] | null)[] = [];
  for (let k = 0; k <= CIRCLE_STEPS; k++) {
    const [u, v, depth] = orthographic(map((2 * Math.PI * k) / CIRCLE_STEPS), view);
    (depth >= 0 ? near : far).push([u, v]);
    (depth >= 0 ? far : near).push(null);
  }
  return { near, far };
}

function guide(lk: Look, name: string, data: (number[] | null)[], opacity: number, dash: number[] | 'solid') {
  return {
    type: 'line' as const,
    name,
    data,
    symbol: 'none',
    silent: true,
    connectNulls: false,
    color: REFERENCE_COLOR,
    lineStyle: { color: REFERENCE_COLOR, width: lk.lineWidth * 0.8, opacity, type: dash },
    z: 1,
  };
}

/** Axes and a square plot area (when the canvas size is known), so the circle stays round. */
function squareGrid(lk: Look, base: ReturnType<typeof frame>) {
  const g = base.grid;
  // only the keys meant: ECharts keeps its own default for a key given as undefined
  if (!lk.canvas) return { top: g.top, bottom: g.bottom, left: 'center', containLabel: false };
  const side = Math.max(
    20,
    Math.min(lk.canvas.width - g.left - g.right, lk.canvas.height - g.top - g.bottom),
  );
  return { top: g.top, left: (lk.canvas.width - side) / 2, width: side, height: side, containLabel: false };
}

export function configurationChart(
  points: ChartPoints,
  preset: ChartPreset,
  view: ViewAngles = DEFAULT_VIEW,
): Figure {
  const lk = look(preset);
  const { n, d, data } = points;
  const sets = points.rows >= 2 * n ? ['H (features)', 'W (classifiers)'] : ['points'];
  const series: SeriesOption[] = [];
  const rows: Cell[][] = [];
  const pca = d > 3 ? principalView(points) : null;
  const limit = pca ? Math.max(1e-12, ...extent(Array.from(pca.coords, Math.abs))) * 1.1 : 1.1;
  if (d === 2)
    series.push(
      guide(
        lk,
        'unit circle',
        circle((t) => [Math.cos(t), Math.sin(t)]),
        0.5,
        'solid',
      ),
    );
  if (d === 3) {
    series.push(
      guide(
        lk,
        'unit sphere',
        circle((t) => [Math.cos(t), Math.sin(t)]),
        0.5,
        'solid',
      ),
    );
    for (const map of [
      (t: number) => [Math.cos(t), Math.sin(t), 0],
      (t: number) => [Math.cos(t), 0, Math.sin(t)],
    ] as ((t: number) => [number, number, number])[]) {
      const arcs = greatCircle(view, map);
      series.push(
        guide(lk, 'unit sphere', arcs.near, 0.35, 'solid'),
        guide(lk, 'unit sphere', arcs.far, 0.2, [2, 3]),
      );
    }
  }
  sets.forEach((set, s) => {
    const style = seriesStyle(s, lk.dark);
    const near: number[][] = [];
    const far: number[][] = [];
    const secondView =
      pca && s === 1 ? principalView({ ...points, data: Array.from(data).slice(n * d) }) : pca;
    for (let i = 0; i < n; i++) {
      const o = (s * n + i) * d;
      let u: number;
      let v: number;
      let depth: number | null = null;
      if (secondView) [u, v] = [secondView.coords[i * 2], secondView.coords[i * 2 + 1]];
      else if (d === 2) [u, v] = [data[o], data[o + 1]];
      else [u, v, depth] = orthographic([data[o], data[o + 1], data[o + 2]], view);
      (depth === null || depth >= 0 ? near : far).push([u, v, i]);
      rows.push([set, i, u, v, depth]);
    }
    const scatter = (name: string, items: number[][], side: 'near' | 'far') => ({
      type: 'scatter' as const,
      name,
      data: items,
      symbol: style.marker,
      symbolSize: side === 'far' ? lk.symbolSize * 0.8 : lk.symbolSize,
      color: style.color,
      // the far side as hollow markers in the series' colour: read as "behind" on white and on the
      // dark theme alike, where faint filled markers (opacity 0.3) vanished into the background
      itemStyle:
        side === 'far'
          ? {
              color: 'rgba(0,0,0,0)',
              borderColor: style.color,
              borderWidth: lk.lineWidth,
              opacity: lk.dark ? 0.85 : 0.6,
            }
          : {
              color: style.color,
              borderColor: lk.paper ? '#ffffff' : undefined,
              borderWidth: lk.paper ? 0.3 : 0,
            },
      emphasis: lk.paper ? { disabled: true } : undefined,
      z: side === 'far' ? 2 : 4,
    });
    if (far.length > 0) series.push(scatter(`${set} (far side)`, far, 'far'));
    series.push(scatter(d === 3 ? `${set} (near side)` : set, near, 'near'));
  });
  const base = frame(
    lk,
    d > 3 ? `Configuration: top principal components (d = ${d})` : `Configuration (n = ${n}, d = ${d})`,
    {
      legend: legendNames(series).filter((name) => !name.startsWith('unit')),
    },
  );
  const axisName = (k: number) =>
    pca ? `PC${k + 1} (${(100 * pca.explained[k]).toFixed(1)}% of variance)` : d === 2 ? `x${k + 1}` : '';
  const axis = (k: number) => ({
    ...valueAxis(lk, { name: axisName(k), min: -limit, max: limit }, k === 0 ? 'x' : 'y'),
    scale: false,
    show: d !== 3,
    axisLabel: {
      ...valueAxis(lk, { name: '' }, 'x').axisLabel,
      formatter: (v: number) => String(Number(v.toPrecision(3))),
    },
  });
  return {
    option: {
      ...base,
      grid: squareGrid(lk, base),
      xAxis: axis(0),
      yAxis: axis(1),
      series,
    } as Figure['option'],
    table: { columns: ['series', 'index', 'u', 'v', 'depth'], rows },
    notes: pca
      ? [`PC1 and PC2 hold ${(100 * (pca.explained[0] + pca.explained[1])).toFixed(1)}% of the variance`]
      : [],
  };
}

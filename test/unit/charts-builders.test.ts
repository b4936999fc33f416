import { describe, expect, it } from 'vitest';
import type { CompareResult } from '../../core/contract/queries';
import { configurationChart } from '../../core/charts/configuration';
import { diagonalLine, etfPhaseChart } from '../../core/charts/etf-phase';
import type { Figure } from '../../core/charts/figure';
import { loadFigure, type FigureSource } from '../../core/charts/figure-loader';
import { FIGURE_KINDS, FigureRequest, PATH_FIGURES, RUN_FIGURES } from '../../core/charts/figure-request';
import { etfReference, frameVsUniformChart } from '../../core/charts/frame-vs-uniform';
import { gegenbauerChart } from '../../core/charts/gegenbauer-bars';
import { gramChart, spectralOrder, tickStep } from '../../core/charts/gram-heatmap';
import { innerProductsChart } from '../../core/charts/inner-products';
import { MetricChoice } from '../../core/charts/metric-choice';
import { metricChart } from '../../core/charts/metric-vs-parameter';
import { paperPreset, SCREEN } from '../../core/charts/preset';
import { traceChart } from '../../core/charts/trace';
import { uniformConvergenceChart } from '../../core/charts/uniform-convergence';
import { formatNumber } from '../../core/format';
import { etfBound, uniformEnergy } from '../../core/theory';
import { renderSvg } from '../../electron/backend/figures/render';

/**
 * Golden tests of the chart builders on fixed rows: the parts of each option a reader relies on
 * (series, their data, axis types, references, explicit log formatters), and the server-side SVG
 * holding the series names and axis labels.
 */
const paper = paperPreset();
type AnyOption = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const opt = (figure: Figure) => figure.option as AnyOption;
const svgOf = (figure: Figure) => renderSvg(figure.option, paper);
const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Compare rows of a fixed (n, d) grid at s = 1 with 3 seeds a point; values from `value`. */
function grid(
  y: 'uniformGap' | 'framePotentialRatio' | 'etfDistance',
  value: (n: number, d: number) => number,
): CompareResult {
  return {
    x: 'n',
    y,
    groupBy: ['d', 's'],
    aggregate: 'seeds',
    series: [3, 5].map((d) => ({
      key: `d=${d}, s=1`,
      group: { d, s: 1 },
      points: [2, 4, 8].map((n) => {
        const v = value(n, d);
        return {
          x: n,
          y: v,
          runId: `run-${n}-${d}`,
          mean: v * 2,
          min: v / 2,
          max: v * 3,
          stddev: v,
          count: 3,
          runIds: [`run-${n}-${d}`, `run-${n}-${d}b`, `run-${n}-${d}c`],
        };
      }),
    })),
  };
}
const gap = (n: number, d: number) => (d >= n - 1 ? etfBound(n, 1) / n - uniformEnergy(d, 1, n) : 10 ** -n);
const ratio = (n: number, d: number) =>
  d >= n - 1 ? (n * n) / (n - 1) / Math.max(n, (n * n) / d) : 1 + 1 / n;

describe('frame potential against the uniform-distribution energy', () => {
  const figure = frameVsUniformChart(
    { gap: grid('uniformGap', gap), ratio: grid('framePotentialRatio', ratio) },
    'best',
    paper,
  );
  const option = opt(figure);

  it('draws one series per d in order of n, the tight-frame bound and the ETF points', () => {
    const names = option.series.map((s: AnyOption) => s.name);
    expect(names).toEqual(['d = 3', 'd = 5', 'tight frame: FP = max(n, n\u00b2/d)', 'simplex ETF (theory)']);
    expect(option.series[0].data).toEqual([2, 4, 8].map((n) => [gap(n, 3), ratio(n, 3), n]));
    expect(option.series[2].data.map((p: number[]) => p[1])).toEqual([1, 1]);
    // the ETF exists for n = 2, 4 at d = 3 and n = 2, 4 at d = 5
    expect(option.series[3].data.map((p: number[]) => p[2])).toEqual([2, 4, 2, 4]);
    expect(etfReference(4, 3, 1)).toEqual([etfBound(4, 1) / 4 - uniformEnergy(3, 1, 4), 1]);
    expect(etfReference(8, 3, 1)).toBeNull();
  });

  it('puts the excess on a log axis with an explicit formatter, and no animation or toolbox on paper', () => {
    expect(option.xAxis.type).toBe('log');
    expect(typeof option.xAxis.axisLabel.formatter).toBe('function');
    expect(option.yAxis.type).toBe('value');
    expect(option.animation).toBe(false);
    expect(option.toolbox).toBeUndefined();
    expect(option.backgroundColor).toBe('#ffffff');
  });

  it('tabulates one row per plotted point with the theory beside it', () => {
    expect(figure.table.rows).toHaveLength(6);
    expect(figure.table.columns).toEqual([
      'series',
      'n',
      'd',
      's',
      'uniformGap',
      'framePotentialRatio',
      'bestRunId',
      'runs',
      'runIds',
      'etfUniformGap',
      'etfRatio',
    ]);
    expect(figure.table.rows[1]).toEqual([
      'd = 3',
      4,
      3,
      1,
      gap(4, 3),
      1,
      'run-4-3',
      3,
      'run-4-3 run-4-3b run-4-3c',
      gap(4, 3),
      1,
    ]);
    expect(figure.table.rows[2].slice(-2)).toEqual([null, null]);
  });

  it('renders to SVG with the series, the axis names and power-of-ten labels', () => {
    const svg = svgOf(figure);
    for (const text of [
      'd = 3',
      'd = 5',
      'simplex ETF (theory)',
      'FP / max(n, n\u00b2/d)',
      // the axis name with a real subscript: "U", then a smaller "d", then "(s, n)"
      'E/n \u2212 U',
      'd',
      '(s, n)',
    ]) {
      expect(svg).toContain(`>${text}<`);
    }
    expect(svg).not.toContain('U_d');
    expect(svg).toMatch(/font-size:6\.5px[^>]*>d</);
    expect(svg).toMatch(/>10<\/text>/);
    expect(svg).toMatch(/<svg width="100mm" height="70mm"[^>]* viewBox="0 0 283\.46\d* 198\.42\d*"/);
  });

  it('takes both coordinates of a best point from the same run, even when two runs tie in energy', () => {
    const gapBest = grid('uniformGap', gap);
    // every run: the best run of each point and a tied twin whose ratio differs
    const ratioAll: CompareResult = {
      ...grid('framePotentialRatio', ratio),
      aggregate: 'none',
    };
    ratioAll.series = ratioAll.series.map((series) => ({
      ...series,
      points: series.points.flatMap((p) => [
        { x: p.x, y: p.y, runId: p.runId },
        { ...p, runId: `twin-${p.runId}`, y: 7 },
      ]),
    }));
    const figure = frameVsUniformChart({ gap: gapBest, ratio: ratioAll }, 'best', paper);
    expect(opt(figure).series[0].data.map((p: number[]) => p[1])).toEqual([2, 4, 8].map((n) => ratio(n, 3)));
    expect(figure.table.rows[0][6]).toBe('run-2-3');
  });

  it('in spread mode plots the mean with min-max bars both ways', () => {
    const spread = frameVsUniformChart(
      { gap: grid('uniformGap', gap), ratio: grid('framePotentialRatio', ratio) },
      'spread',
      paper,
    );
    const bars = opt(spread).series.filter((s: AnyOption) => s.type === 'custom');
    expect(bars).toHaveLength(4);
    expect(bars[1].data[0]).toEqual([2 * gap(2, 3), 2 * ratio(2, 3), ratio(2, 3) / 2, 3 * ratio(2, 3)]);
    expect(svgOf(spread)).toContain('>d = 5<');
  });
});

describe('neural-collapse phase diagram', () => {
  const figure = etfPhaseChart(
    grid('etfDistance', (n, d) => (d >= n - 1 ? 1e-13 : 0.1 * n)),
    'best',
    paper,
  );
  const option = opt(figure);

  it('colours each (n, d) cell by log10 of the ETF distance, from the floor; cells below it are the ETF', () => {
    expect(option.xAxis[0].data).toEqual(['2', '4', '8']);
    expect(option.yAxis[0].data).toEqual(['3', '5']);
    expect(option.series.map((s: AnyOption) => s.type)).toEqual(['heatmap', 'heatmap', 'line']);
    expect(option.series[0].data).toContainEqual([2, 0, Math.log10(0.8)]);
    // 1e-13 is below the floor 1e-7: one colour, labelled ETF, in the legend
    expect(option.series[1].data).toContainEqual([1, 0, -7]);
    expect(option.series[1]).toMatchObject({
      name: 'ETF (distance < 1e\u22127)',
      label: { formatter: 'ETF' },
    });
    expect(option.visualMap[0]).toMatchObject({ min: -7, max: 0, dimension: 2, seriesIndex: 0 });
    expect(option.visualMap[1]).toMatchObject({ seriesIndex: 1, show: false });
    expect(figure.fixed).toEqual([]);
  });

  it('draws d = n - 1 through the cells where it holds, exactly between grid values', () => {
    // n = 4 meets d = 3; n = 6 (halfway between the columns 4 and 8) meets d = 5
    expect(option.series[2].data).toEqual([
      [1, 0],
      [1.5, 1],
    ]);
    expect(diagonalLine([2, 3, 4], [1, 2, 3])).toEqual([
      [0, 0],
      [1, 1],
      [2, 2],
    ]);
  });

  it('tabulates one row per cell and renders the labels', () => {
    expect(figure.table.rows).toHaveLength(6);
    expect(figure.table.columns).toEqual([
      'n',
      'd',
      's',
      'etfDistance',
      'atEtf',
      'etfExists',
      'bestRunId',
      'runs',
      'runIds',
    ]);
    expect(figure.table.rows[0]).toEqual([2, 3, 1, 1e-13, 1, 1, 'run-2-3', 3, 'run-2-3 run-2-3b run-2-3c']);
    const svg = svgOf(figure);
    for (const text of ['n (points)', 'd (dimension)', escape('d = n \u2212 1'), 'ETF distance', '>ETF<'])
      expect(svg).toContain(text);
  });

  it('shows the chosen s and energy, lists the others, and holds them fixed in the note line', () => {
    const two = grid('etfDistance', (n) => 0.1 * n);
    const s1 = grid('etfDistance', (n) => 0.01 * n);
    const data: CompareResult = {
      ...two,
      series: [...two.series.map((x) => ({ ...x, group: { ...x.group, s: 0.25 } })), ...s1.series],
      values: { s: [0.25, 1], energyKind: ['ce'], d: [3, 5], n: [2, 4, 8] },
    };
    const chosen = etfPhaseChart(data, 'best', paper, { s: 1 });
    expect(chosen.table.rows.every((r) => r[2] === 1)).toBe(true);
    expect(chosen.notes[0]).toBe('runs at s = 0.25, 1; the diagram shows s = 1');
    expect(chosen.fixed).toEqual(['energy = ce', 's = 1']);
    expect(chosen.choices).toEqual({ s: [0.25, 1], energyKind: ['ce'] });
    // by default the s with the most cells (a tie: the smaller)
    expect(etfPhaseChart(data, 'best', paper).table.rows.every((r) => r[2] === 0.25)).toBe(true);
  });
});

describe('convergence to the uniform-distribution energy and any metric against any parameter', () => {
  it('plots E/n - U_d against n on log-log axes, one series per d, leaving off non-positive excesses', () => {
    const figure = uniformConvergenceChart(
      grid('uniformGap', (n, d) => (n === 8 && d === 5 ? -1e-17 : 10 ** -n)),
      'best',
      paper,
    );
    const option = opt(figure);
    expect([option.xAxis.type, option.yAxis.type]).toEqual(['log', 'log']);
    expect(typeof option.yAxis.axisLabel.formatter).toBe('function');
    expect(option.yAxis.axisLabel.formatter(1e-8)).toBe('{base|10}{sup|-8}');
    expect(option.xAxis.axisLabel.formatter(10)).toBe('{base|10}');
    expect(option.series.map((s: AnyOption) => s.data.length)).toEqual([3, 2]);
    expect(figure.table.rows).toHaveLength(5);
    expect(figure.notes[0]).toMatch(/1 point/);
    expect(svgOf(figure)).toContain('>n (points)<');
  });

  it('plots a chosen metric with linear axes, means and spread bars', () => {
    const choice = MetricChoice.parse({
      x: 'n',
      y: 'framePotentialRatio',
      groupBy: ['d', 's'],
      aggregate: 'spread',
    });
    const figure = metricChart(grid('framePotentialRatio', ratio), choice, SCREEN);
    const option = opt(figure);
    expect(option.xAxis.type).toBe('value');
    expect(option.series.map((s: AnyOption) => s.type)).toEqual(['line', 'custom', 'line', 'custom']);
    expect(option.series[0].data[0]).toEqual([2, 2 * ratio(2, 3)]);
    expect(figure.table.columns).toContain('framePotentialRatioStddev');
    expect(option.animation).toBe(true);
    expect(option.title.text).toContain('FP / max');
  });
});

describe('run charts', () => {
  const points = (n: number, d: number) => {
    // the simplex ETF of n = d + 1 points: a known configuration with G_ij = -1/(n-1)
    const data = new Float64Array(n * d);
    const e = (i: number) => Array.from({ length: n }, (_, k) => (k === i ? 1 : 0) - 1 / n);
    const basis = Array.from({ length: n }, (_, i) => e(i));
    // coordinates in an orthonormal basis of the hyperplane sum = 0 (Gram-Schmidt on e_1..e_d)
    const q: number[][] = [];
    for (let j = 0; j < d; j++) {
      const v = [...basis[j]];
      for (const u of q) {
        const dot = v.reduce((a, x, k) => a + x * u[k], 0);
        for (let k = 0; k < n; k++) v[k] -= dot * u[k];
      }
      const norm = Math.hypot(...v);
      q.push(v.map((x) => x / norm));
    }
    for (let i = 0; i < n; i++) {
      const row = q.map((u) => basis[i].reduce((a, x, k) => a + x * u[k], 0));
      const norm = Math.hypot(...row);
      row.forEach((x, j) => (data[i * d + j] = x / norm));
    }
    return { n, rows: n, d, data };
  };

  it("trace: the energy's excess over its minimum and the gradient norm on two log grids, downsampled", () => {
    const length = 5000;
    const iteration = Array.from({ length }, (_, i) => i);
    // the excess decays geometrically to 2^-40 at the last sample, where the minimum is
    const trace = {
      restart: iteration.map(() => 0),
      iteration,
      energy: iteration.map((i) => 10 + 2 ** (-i / 125)),
      gradNorm: iteration.map((i) => Math.exp(-i / 200)),
      elapsedMs: iteration.map((i) => 2 * i),
    };
    const minimum = trace.energy[4999];
    const figure = traceChart([{ label: 'n = 4, d = 3', trace }], 'time', paper, 400);
    const option = opt(figure);
    expect(option.grid).toHaveLength(2);
    expect(option.series.map((s: AnyOption) => [s.name, s.xAxisIndex, s.yAxisIndex])).toEqual([
      ['n = 4, d = 3', 0, 0],
      ['n = 4, d = 3', 1, 1],
    ]);
    expect([option.yAxis[0].type, option.yAxis[1].type]).toEqual(['log', 'log']);
    expect(option.yAxis[0].name).toBe('E \u2212 min E');
    const excess: number[][] = option.series[0].data;
    const gradient: number[][] = option.series[1].data;
    expect(gradient.length).toBeLessThanOrEqual(400);
    expect(excess[0]).toEqual([0, trace.energy[0] - minimum]);
    // the minimum's own sample has excess 0: drawn only in the gradient panel
    expect(excess.length).toBe(gradient.length - 1);
    expect(gradient.at(-1)).toEqual([9.998, trace.gradNorm[4999]]);
    expect(figure.table.rows).toHaveLength(gradient.length);
    expect(figure.table.rows.at(-1)).toEqual([
      'n = 4, d = 3',
      0,
      4999,
      9998,
      minimum,
      0,
      trace.gradNorm[4999],
    ]);
    expect(figure.notes).toEqual([`n = 4, d = 3: min E = ${formatNumber(minimum, 10)}`]);
    const svg = svgOf(figure);
    expect(svg).toContain('>wall time (s)<');
    expect(svg).toContain('>n = 4, d = 3<');
  });

  it('inner products: a histogram whose density integrates to 1, against the uniform law, with the ETF value marked', () => {
    const figure = innerProductsChart(points(5, 4), paper, 20);
    const option = opt(figure);
    const boxes: number[][] = option.series[0].data;
    expect(boxes.reduce((a, [lo, hi, dens]) => a + (hi - lo) * dens, 0)).toBeCloseTo(1, 12);
    // all 10 inner products of the ETF are -1/4: one bin holds them all
    expect(figure.table.rows.filter((r) => r[2] === 10)).toHaveLength(1);
    expect(option.series[2].data[0][0]).toBe(-0.25);
    // d = 4: density (2/pi) sqrt(1 - t^2); the bin means stay within the density's range
    const uniform: number[][] = option.series[1].data;
    expect(uniform.every(([, f]) => f >= 0 && f <= 2 / Math.PI + 1e-12)).toBe(true);
    expect(svgOf(figure)).toContain('>density<');
  });

  it('configuration: the circle for d = 2, near and far sides for d = 3, principal components for d > 3', () => {
    const circle = opt(configurationChart(points(3, 2), paper));
    expect(circle.series[0].name).toBe('unit circle');
    expect(circle.series.at(-1).data).toHaveLength(3);
    const sphere = configurationChart(points(4, 3), paper, { yaw: 0, pitch: 0 });
    const names = opt(sphere).series.map((s: AnyOption) => s.name);
    expect(names).toContain('points (near side)');
    expect(sphere.table.rows).toHaveLength(4);
    expect(sphere.table.rows.every((r) => typeof r[4] === 'number')).toBe(true);
    const pca = configurationChart(points(6, 5), paper);
    expect(opt(pca).xAxis.name).toMatch(/^PC1 \(\d+\.\d% of variance\)$/);
    expect(svgOf(pca)).toContain('PC2');
  });

  it('Gram heatmap: n^2 cells on [-1, 1], refused past n = 300', () => {
    const figure = gramChart(points(4, 3), paper);
    expect(figure.table.rows).toHaveLength(16);
    expect(figure.table.columns).toEqual(['i', 'j', 'orderI', 'orderJ', 'gram']);
    expect(figure.table.rows[1][4]).toBeCloseTo(-1 / 3, 12);
    expect(opt(figure).visualMap).toMatchObject({ min: -1, max: 1 });
    expect(() => gramChart({ n: 301, rows: 301, d: 2, data: new Float64Array(602) }, paper)).toThrow(
      /n <= 300/,
    );
  });

  it('Gram heatmap: rows in spectral order, so neighbours on the circle sit side by side; regular ticks', () => {
    // 12 points on the circle, stored in a scrambled order
    const scramble = [5, 0, 9, 3, 11, 7, 1, 10, 4, 8, 2, 6];
    const data = new Float64Array(24);
    scramble.forEach((k, i) => data.set([Math.cos((Math.PI * k) / 6), Math.sin((Math.PI * k) / 6)], i * 2));
    const circle = { n: 12, rows: 12, d: 2, data };
    const order = spectralOrder(circle);
    const steps = order.map((i, a) => (scramble[order[(a + 1) % 12]] - scramble[i] + 12) % 12);
    // walking the order goes once round the circle, one step of 30 degrees at a time (either way round)
    expect(new Set(steps).size).toBe(1);
    expect([1, 11]).toContain(steps[0]);
    const cells: number[][] = opt(gramChart(circle, paper)).series[0].data;
    expect(cells.find(([b, a]) => a === 0 && b === 1)![2]).toBeCloseTo(Math.cos(Math.PI / 6), 12);
    expect([tickStep(12), tickStep(100), tickStep(300)]).toEqual([2, 10, 50]);
  });

  it('Gegenbauer moments: bars on a log axis floored at 1e-16, with the i.i.d. level 1/n', () => {
    const figure = gegenbauerChart([0, 1e-3, 2e-20, 0.5, 1, 1, 1, 1], 10, 3, paper);
    const option = opt(figure);
    expect(option.series[0].data.slice(0, 3)).toEqual([
      [0, 1e-16],
      [1, 1e-3],
      [2, 1e-16],
    ]);
    expect(option.series[1].data[0]).toEqual(['M1', 0.1]);
    expect(option.yAxis.type).toBe('log');
    expect(typeof option.yAxis.axisLabel.formatter).toBe('function');
    expect(figure.notes).toHaveLength(1);
    expect(svgOf(figure)).toContain('>M8<');
  });
});

describe('every figure kind through loadFigure', () => {
  /** An in-memory source: the sweep of `grid` for compare queries, a fixed run for run charts. */
  const source: FigureSource = {
    compare: async (query) => ({ ...grid('uniformGap', (n) => 10 ** -n), x: query.x, y: query.y }),
    run: async (id) => ({ id, n: 5, d: 4, s: 1, metrics: { gegenbauer: [1e-20, 1e-3, 0.1, 1, 1, 1, 1, 1] } }),
    trace: async () => ({
      restart: [0, 0, 0],
      iteration: [0, 1, 2],
      energy: [3, 2, 1],
      gradNorm: [1, 0.1, 0.01],
      elapsedMs: [0, 1, 2],
    }),
    points: async () => ({
      n: 5,
      rows: 5,
      d: 4,
      data: Float64Array.from({ length: 20 }, (_, k) => Math.cos(k)),
    }),
    path: async () => ({
      spec: { energy: 'ce', n: 6, d: 4, sFrom: 1, sTo: 2 },
      result: {
        steps: ([['up', 1, 10], ['up', 2, 8], ['down', 1, 10], ['down', 2, 8]] as const).map(([direction, s, energy]) => ({
          s,
          direction,
          energy,
          dEds: -2,
          lambdaMin: 0.1,
          configuration: { name: 'simplex-sum', parts: [3, 3] },
        })),
        transitions: [],
        jumps: [],
      },
    }),
    configurations: async (ids) =>
      ids.map((id) => ({ id, finalEnergy: 1, configuration: { name: 'simplex-etf' as const } })),
  };
  const axesOf = (option: AnyOption): AnyOption[] =>
    ['xAxis', 'yAxis'].flatMap((key) => (Array.isArray(option[key]) ? option[key] : [option[key]]));

  it.each(FIGURE_KINDS)(
    '%s: every log axis has an explicit label formatter, and the SVG renders',
    async (kind) => {
      const selection = (RUN_FIGURES as readonly string[]).includes(kind)
        ? { runIds: ['r1'] }
        : (PATH_FIGURES as readonly string[]).includes(kind)
          ? { pathIds: ['p1'] }
          : { experimentIds: ['e1'] };
      const figure = await loadFigure({ kind, ...selection }, source, paper);
      const logAxes = axesOf(opt(figure)).filter((axis) => axis?.type === 'log');
      for (const axis of logAxes) expect(typeof axis.axisLabel?.formatter).toBe('function');
      expect(figure.table.rows.length).toBeGreaterThan(0);
      expect(svgOf(figure)).toMatch(/^<svg width="100mm"/);
    },
  );

  it('refuses a run chart without runs and a one-run chart with two', () => {
    expect(() => FigureRequest.parse({ kind: 'trace', experimentIds: ['e1'] })).toThrow(
      /trace needs run ids/,
    );
    expect(() => FigureRequest.parse({ kind: 'gram', runIds: ['a', 'b'] })).toThrow(
      /gram draws one run; got 2/,
    );
    expect(() => FigureRequest.parse({ kind: 'etf-phase' })).toThrow(
      /etf-phase needs experiment ids or run ids/,
    );
    expect(() => FigureRequest.parse({ kind: 'path', runIds: ['r1'] })).toThrow(
      /path draws one path: give its id \(got 0\)/,
    );
  });
});

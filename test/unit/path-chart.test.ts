import { describe, expect, it } from 'vitest';
import { pathChart, pathStretches, type PathFigureInput } from '../../core/charts/path';
import { paperPreset, SCREEN } from '../../core/charts/preset';
import type { Configuration } from '../../core/configuration/schema';
import type { PathStep } from '../../core/path/path';
import { formatTransitionS } from '../../core/path/text';
import { etfBound } from '../../core/theory';
import { fontLonghands, rasterize, renderSvg } from '../../electron/backend/figures/render';

/**
 * The path chart on a fixed path shaped like (n, d) = (6, 4) from s = 0.5 to 4: the up sweep stays
 * on the 3+3 simplex sum, the down sweep on 4+2, one transition at 1.9700637.
 */
type AnyOption = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const sum = (parts: number[]): Configuration => ({ name: 'simplex-sum', parts });
const at = (
  s: number,
  direction: PathStep['direction'],
  c: Configuration,
  lift: number,
  lambdaMin: number | null = 0.1,
): PathStep => ({
  s,
  direction,
  energy: etfBound(6, s) + lift,
  dEds: -1,
  lambdaMin,
  configuration: c,
});
const grid = [0.5, 1.25, 2, 2.75, 3.5, 4];
const path = (
  steps: PathStep[],
  transitions = [
    {
      s: 1.9700637,
      kind: 'configuration' as const,
      from: { name: 'simplex-sum' as const, parts: [3, 3] },
      to: { name: 'simplex-sum' as const, parts: [4, 2] },
      bracket: [1.9700632, 1.9700641] as [number, number],
    },
  ],
): PathFigureInput => ({
  spec: { energy: 'ce', n: 6, d: 4, sFrom: 0.5, sTo: 4 },
  result: { steps, transitions, jumps: [] },
});
const hysteresis = path([
  ...grid.map((s) => at(s, 'up', sum([3, 3]), 0.1 + s / 100)),
  ...grid.map((s) => at(s, 'down', sum([4, 2]), 0.1 + (4 - s) / 100, s === 4 ? null : 0.2)),
  ...grid.slice(1, -1).map((s) => at(s, 'fresh', sum([4, 2]), 0.1 + (4 - s) / 100)),
]);

describe('the path chart', () => {
  it('draws the excess over the ETF bound and lambda_min for each sweep, sharing s', () => {
    const figure = pathChart(hysteresis, SCREEN);
    const option = figure.option as AnyOption;
    const sweeps = option.series.filter((s: AnyOption) => (s.data as unknown[]).length > 0);
    expect(sweeps.map((s: AnyOption) => `${s.name}/${s.yAxisIndex}`)).toEqual([
      's increasing/0',
      's increasing/1',
      's decreasing/0',
      's decreasing/1',
      'fresh starts/0',
      'fresh starts/1',
    ]);
    const up = sweeps[0].data as [number, number, string][];
    expect(up.map((p) => p[0])).toEqual(grid);
    // the excess is E minus the bound, which here was added back: 0.1 + s/100 up to rounding
    up.forEach(([s, excess]) => expect(excess).toBeCloseTo(0.1 + s / 100, 12));
    expect(up[0]![2]).toBe('simplex-sum 3+3');
    // a step without a certificate has no lambda_min point but keeps its row
    expect((sweeps[3].data as unknown[]).length).toBe(grid.length - 1);
    expect(figure.table.rows).toHaveLength(grid.length * 2 + grid.length - 2);
    expect(option.yAxis[0].type).toBe('log');
    expect(option.xAxis.map((x: AnyOption) => [x.min, x.max])).toEqual([
      [0.5, 4],
      [0.5, 4],
    ]);
    expect(figure.fixed).toEqual(['energy = ce', 'n = 6', 'd = 4']);
  });

  it('marks each transition in both panels and names the configuration on each side', () => {
    const option = pathChart(hysteresis, SCREEN).option as AnyOption;
    const marks = option.series.filter(
      (s: AnyOption) => s.markLine && s.markLine.data[0]?.xAxis !== undefined,
    );
    expect(marks.map((m: AnyOption) => m.markLine.data.map((d: AnyOption) => d.xAxis))).toEqual([
      [1.9700637],
      [1.9700637],
    ]);
    expect(pathStretches(hysteresis)).toEqual([
      { from: 0.5, to: 1.9700637, label: 'simplex-sum 3+3' },
      { from: 1.9700637, to: 4, label: 'simplex-sum 4+2' },
    ]);
    const areas = option.series.find((s: AnyOption) => s.markArea).markArea.data;
    expect(areas.map((a: AnyOption[]) => a[0]!.name)).toEqual(['simplex-sum 3+3', 'simplex-sum 4+2']);
  });

  it('names a path without transitions by its lowest configuration', () => {
    const flat = path(
      grid.map((s) => at(s, 'up', sum([3, 3]), 0.1)),
      [],
    );
    expect(pathStretches(flat)).toEqual([{ from: 0.5, to: 4, label: 'simplex-sum 3+3' }]);
    expect(pathChart(flat, SCREEN).table.preamble).toEqual(['no transitions located']);
  });

  it('writes the transition to the bisection resolution and every step to the CSV', () => {
    const figure = pathChart(hysteresis, paperPreset());
    expect(figure.table.preamble).toEqual([
      'transition at s = 1.970064: simplex-sum 3+3 \u2192 simplex-sum 4+2',
    ]);
    expect(figure.table.columns).toEqual([
      's',
      'sweep',
      'energy',
      'bound',
      'energyExcess',
      'dEds',
      'lambdaMin',
      'configuration',
    ]);
    const row = figure.table.rows[0]!;
    expect(row[3]).toBe(etfBound(6, 0.5));
    expect(row[2]).toBe(etfBound(6, 0.5) + (0.1 + 0.5 / 100));
  });

  it('keeps a linear excess axis when a configuration sits at the bound, showing rounding as 0', () => {
    // the simplex ETF at n = 4, d = 3: E equals the bound up to an ulp
    const etf: Configuration = { name: 'simplex-etf' };
    const input: PathFigureInput = {
      spec: { energy: 'ce', n: 4, d: 3, sFrom: 1, sTo: 2 },
      result: {
        steps: [1, 1.5, 2].map((s) => ({
          s,
          direction: 'up',
          energy: etfBound(4, s) * (1 + 2e-16),
          dEds: -1,
          lambdaMin: 0.3,
          configuration: etf,
        })),
        transitions: [],
        jumps: [],
      },
    };
    const figure = pathChart(input, SCREEN);
    expect((figure.option as AnyOption).yAxis[0].type).toBe('value');
    expect(figure.table.rows.map((r) => r[4])).toEqual([0, 0, 0]);
  });

  it('renders its labels in the paper SVG', () => {
    const svg = renderSvg(pathChart(hysteresis, paperPreset(175, 110)).option, paperPreset(175, 110));
    for (const text of [
      's increasing',
      's decreasing',
      'fresh starts',
      'simplex-sum 3+3',
      'simplex-sum 4+2',
      's = 1.970064',
    ])
      expect(svg).toContain(text);
  });
});

describe('a transition s', () => {
  it('shows the decimals its final bracket resolves', () => {
    expect(formatTransitionS({ s: 1.9700637, bracket: [1.9700632, 1.9700641] })).toBe('1.970064');
    expect(formatTransitionS({ s: 1.9700637, bracket: [1.9700632, 1.9700641] }, 1.9700632)).toBe('1.970063');
    expect(formatTransitionS({ s: 0.25, bracket: [0.2, 0.3] })).toBe('0.3');
    expect(formatTransitionS({ s: 2, bracket: [2, 2] })).toBe('2.000000000000');
  });
});

describe('PNG text', () => {
  it('rewrites the font shorthand resvg ignores into longhands', () => {
    expect(fontLonghands(`<text style="font: normal bold 8px 'Source Serif 4', serif" x="1">a</text>`)).toBe(
      `<text style="font-style:normal;font-weight:bold;font-size:8px;font-family:'Source Serif 4', serif" x="1">a</text>`,
    );
  });

  it('draws a legend entry at the figure font size, not resvg default', () => {
    // the legend is the only text in the top rows: its ink height must be that of 8 pt text
    const preset = paperPreset(175, 110);
    const image = rasterize(renderSvg(pathChart(hysteresis, preset).option, preset), preset, 300);
    const png = { width: image.width, data: image.pixels };
    let top = -1;
    let bottom = -1;
    for (let y = 0; y < 80; y++) {
      let ink = false;
      for (let x = png.width * 0.3; x < png.width * 0.7 && !ink; x++)
        ink = png.data[(y * png.width + Math.floor(x)) * 4]! < 100;
      if (ink) {
        if (top < 0) top = y;
        bottom = y;
      }
    }
    // 8 pt at 300 dpi: cap height plus descender about 25-35 px; resvg's default 12 px gave over 40
    expect(bottom - top).toBeGreaterThan(15);
    expect(bottom - top).toBeLessThan(38);
  });
});

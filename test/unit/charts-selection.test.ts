import { describe, expect, it } from 'vitest';
import type { CompareQuery, CompareResult, SettingKey } from '../../core/contract/queries';
import { toCsv } from '../../core/charts/figure';
import { loadFigure, type FigureSource } from '../../core/charts/figure-loader';
import { paperPreset, SCREEN } from '../../core/charts/preset';

/**
 * What a compare chart does with the settings of its selection, on the frame-potential preset's grid
 * (n x d x s, two seeds that agree): x = s, y = U_d(s, n), one series per n. d varies too, so it
 * splits the series (never pooled into error bars), the chart says so, a filter narrows it, and the
 * settings held fixed reach the notes and the CSV header.
 */
const NS = [6, 10];
const DS = [3, 4];
const SS = [0.25, 2 ** (-1 / 3), 8];

/** A store-like compare: series by groupBy, then split by the other varying grid settings. */
function compare(q: CompareQuery): CompareResult {
  const groupBy = q.groupBy ?? [];
  const split = (['n', 'd', 's'] as SettingKey[]).filter(
    (k) => k !== q.x && !(groupBy as string[]).includes(k),
  );
  const series = new Map<string, CompareResult['series'][number]>();
  for (const n of NS)
    for (const d of DS)
      for (const s of SS) {
        const v: Record<string, number> = { n, d, s };
        const key = [...groupBy, ...split].map((k) => `${k}=${v[k]}`).join(', ');
        if (!series.has(key))
          series.set(key, {
            key,
            group: Object.fromEntries(groupBy.map((k) => [k, v[k]])),
            split: Object.fromEntries(split.map((k) => [k, v[k]])),
            points: [],
          });
        const y = Math.log(n) - s + d / 10;
        const id = `r-${n}-${d}-${s}`;
        series.get(key)!.points.push({
          x: v[q.x],
          y,
          runId: `${id}-1`,
          mean: y,
          min: y,
          max: y,
          stddev: 0,
          count: 2,
          runIds: [`${id}-1`, `${id}-2`],
        });
      }
  return {
    x: q.x,
    y: q.y,
    groupBy,
    aggregate: q.aggregate,
    series: [...series.values()],
    split,
    values: { energyKind: ['ce'], n: NS, d: DS, s: SS, alpha: [1], tol: [1e-9], timeLimitSec: [null] },
  };
}

const source: FigureSource = {
  compare: async (q) => compare(q),
  run: () => Promise.reject(new Error('no runs')),
  trace: () => Promise.reject(new Error('no traces')),
  points: () => Promise.reject(new Error('no points')),
  path: () => Promise.reject(new Error('no paths')),
  configurations: async () => [],
};
const request = {
  kind: 'metric-vs-parameter' as const,
  experimentIds: ['e'],
  metric: {
    x: 's' as const,
    y: 'uniformEnergy' as const,
    groupBy: ['n' as const],
    aggregate: 'spread' as const,
  },
};
type AnyOption = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('compare charts never pool silently', () => {
  it('splits the series by d, draws no error bars where the seeds agree, and says why', async () => {
    const figure = await loadFigure(request, source, SCREEN);
    const series = (figure.option.series as AnyOption[]).filter((s) => s.type === 'line');
    expect(series.map((s) => s.name)).toEqual([
      'n = 6, d = 3',
      'n = 6, d = 4',
      'n = 10, d = 3',
      'n = 10, d = 4',
    ]);
    expect((figure.option.series as AnyOption[]).some((s) => s.type === 'custom')).toBe(false);
    expect(figure.notes[0]).toBe(
      'one series per d (3, 4): it varies in the selection, and a point pools only runs that differ by seed',
    );
    expect(figure.fixed).toEqual(['energy = ce', 'tol = 1e\u22129', 'no time limit']);
    expect(figure.choices).toEqual({ n: NS, d: DS });
  });

  it('writes every grouping key and the runs behind each point to the CSV, the fixed settings above', async () => {
    const figure = await loadFigure(request, source, paperPreset());
    const lines = toCsv(figure.table).trimEnd().split('\n');
    expect(lines[0]).toBe('# held fixed: energy = ce, tol = 1e\u22129, no time limit');
    expect(lines[1]).toBe(
      'series,n,d,s,uniformEnergy,uniformEnergyMin,uniformEnergyMax,uniformEnergyStddev,bestRunId,runs,runIds',
    );
    // full precision in the file: s = 2^(-1/3) as the shortest round-trip text
    expect(lines[3]).toBe(
      `"n = 6, d = 3",6,3,${SS[1]},${Math.log(6) - SS[1] + 0.3},${Math.log(6) - SS[1] + 0.3},${Math.log(6) - SS[1] + 0.3},0,r-6-3-${SS[1]}-1,2,r-6-3-${SS[1]}-1 r-6-3-${SS[1]}-2`,
    );
    // the paper figure states what it holds fixed on its note line
    const graphic = (figure.option as AnyOption).graphic as AnyOption[];
    expect(graphic.at(-1)!.style.text).toBe('energy = ce, tol = 1e\u22129, no time limit');
  });

  it('narrows a varying setting to one value on request, and then holds it fixed', async () => {
    const figure = await loadFigure({ ...request, only: { d: 4 } }, source, SCREEN);
    const series = (figure.option.series as AnyOption[]).filter((s) => s.type === 'line');
    expect(series.map((s) => s.name)).toEqual(['n = 6', 'n = 10']);
    expect(figure.notes).toEqual([]);
    expect(figure.fixed).toEqual(['energy = ce', 'd = 4', 'tol = 1e\u22129', 'no time limit']);
    expect(figure.table.rows).toHaveLength(NS.length * SS.length);
    // legends write parameters with 4 significant digits
    const legendOf = await loadFigure(
      { ...request, metric: { ...request.metric, groupBy: ['s' as const], x: 'n' as const } },
      source,
      SCREEN,
    );
    expect((legendOf.option.series as AnyOption[]).map((s) => s.name)).toContain('s = 0.7937, d = 3');
  });
});

describe('axes that never show rounding noise as data', () => {
  it('draws a linear axis over values equal to 1e-15 as a band around them, with a note', async () => {
    const flat: FigureSource = {
      ...source,
      compare: async (q) => {
        const result = compare(q);
        // every point 1 up to the last bit: ECharts alone would tick 1.0000000000000002
        result.series.forEach((s, i) => s.points.forEach((p) => (p.y = 1 + (i % 2) * 2 ** -52)));
        return result;
      },
    };
    const figure = await loadFigure(
      { ...request, metric: { ...request.metric, aggregate: 'best' } },
      flat,
      SCREEN,
    );
    const yAxis = figure.option.yAxis as AnyOption;
    expect([yAxis.min, yAxis.max]).toEqual([0.95, 1.05]);
    expect(yAxis.axisLabel.formatter(1.0000000000000002)).toBe('1');
    expect(figure.notes).toContain(
      'U_d(s, n): every value equals 1 to within 2.2e\u221216 (rounding noise); the axis shows a band around it',
    );
  });

  it('ticks every decade of a log axis and labels round ones, never dropping labels at random', async () => {
    const wide: FigureSource = {
      ...source,
      compare: async (q) => {
        const result = compare(q);
        result.series.forEach((s, i) => s.points.forEach((p, k) => (p.y = 10 ** (1 - 4 * k - i))));
        return result;
      },
    };
    const figure = await loadFigure(
      { ...request, metric: { ...request.metric, aggregate: 'best', yLog: true } },
      wide,
      paperPreset(85, 62),
    );
    const yAxis = figure.option.yAxis as AnyOption;
    // 10^-10 .. 10^1: one tick per decade, a label on evenly spaced round decades
    expect([yAxis.min, yAxis.max, yAxis.interval]).toEqual([1e-10, 10, 1]);
    const exponents = Array.from({ length: 12 }, (_, k) => k - 10).filter(
      (k) => yAxis.axisLabel.formatter(10 ** k) !== '',
    );
    expect(exponents.length).toBeGreaterThanOrEqual(3);
    const gaps = new Set(exponents.slice(1).map((k, i) => k - exponents[i]));
    expect(gaps.size).toBe(1);
    expect(exponents).toContain(0);
    expect(yAxis.axisLabel.hideOverlap).toBe(exponents.length === 12);
  });
});

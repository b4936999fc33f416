import { describe, expect, it } from 'vitest';
import type { CompareResult, HistoryQuery } from '../../core/contract/queries';
import type { RunRecord } from '../../core/contract/records';
import { configurationLabel } from '../../core/configuration/label';
import { CONFIGURATION_NAMES, type Configuration } from '../../core/configuration/schema';
import { etfPhaseChart, etfPhaseRunIds, regionEdge } from '../../core/charts/etf-phase';
import { toCsv, type Figure } from '../../core/charts/figure';
import { loadFigure, type FigureSource } from '../../core/charts/figure-loader';
import { FigureRequest } from '../../core/charts/figure-request';
import { CONFIGURATION_COLOURS, ON_CONFIGURATION_COLOUR } from '../../core/charts/palette';
import {
  cellConfiguration,
  listRunConfigurations,
  partsText,
  type RunConfiguration,
} from '../../core/charts/phase-configuration';
import { paperPreset, SCREEN } from '../../core/charts/preset';
import { renderSvg } from '../../electron/backend/figures/render';

/**
 * The ETF phase diagram coloured by configuration name: on a fixture of (n, d) cells with two runs
 * each whose configurations and energies are known, each cell takes its best run's name (ties in
 * energy to rounding noise resolved as documented), the categories and colours follow the names,
 * and the table carries the configuration of every cell.
 */
const paper = paperPreset();
type AnyOption = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const opt = (figure: Figure) => figure.option as AnyOption;

const NS = [4, 5, 6];
const DS = [3, 4];
const named = (name: Configuration['name'], extra: Partial<Configuration> = {}): Configuration => ({
  name,
  ...extra,
});
const etf = (e: number) => named('simplex-etf', { closedFormEnergy: e, gap: 0 });
const E = (n: number, d: number) => 10 * n + d;

/**
 * Two runs a cell, `a` and `b`. What each found (energy, configuration):
 * - (4, 3), (4, 4), (5, 4): the simplex ETF, b a little higher;
 * - (5, 3): unrecognised, both: the cell with only unrecognised;
 * - (6, 3): a the cross-polytope; b unrecognised at a higher energy;
 * - (6, 4): a tie. a is unrecognised, b the simplex sum 3+3 at an energy larger by rounding noise
 *   (1e-15 relative): the named one is shown, though the store names a as the best run.
 */
function fixture(): Map<string, RunConfiguration> {
  const runs = new Map<string, RunConfiguration>();
  const put = (id: string, finalEnergy: number, configuration: Configuration | null) =>
    runs.set(id, { id, finalEnergy, configuration });
  for (const [n, d] of [
    [4, 3],
    [4, 4],
    [5, 4],
  ]) {
    put(`r-${n}-${d}-a`, E(n, d), etf(E(n, d)));
    put(`r-${n}-${d}-b`, E(n, d) + 0.5, named('unrecognised'));
  }
  put('r-5-3-a', E(5, 3), named('unrecognised'));
  put('r-5-3-b', E(5, 3) + 1, named('unrecognised'));
  put('r-6-3-a', E(6, 3), named('cross-polytope', { closedFormEnergy: E(6, 3) - 2e-9, gap: 2e-9 }));
  put('r-6-3-b', E(6, 3) + 3, named('unrecognised'));
  put('r-6-4-a', E(6, 4), named('unrecognised'));
  put(
    'r-6-4-b',
    E(6, 4) * (1 + 1e-15),
    named('simplex-sum', { parts: [3, 3], closedFormEnergy: E(6, 4), gap: E(6, 4) * 1e-15 }),
  );
  return runs;
}

/** The store's compare reply for the fixture: one point per cell, its best run by energy (a). */
function grid(s = 1): CompareResult {
  return {
    x: 'n',
    y: 'etfDistance',
    groupBy: ['d', 's'],
    aggregate: 'seeds',
    series: DS.map((d) => ({
      key: `d=${d}, s=${s}`,
      group: { d, s },
      points: NS.map((n) => ({
        x: n,
        y: d >= n - 1 ? 1e-12 : 0.1,
        runId: `r-${n}-${d}-a`,
        count: 2,
        runIds: [`r-${n}-${d}-a`, `r-${n}-${d}-b`],
      })),
    })),
  };
}

const byName = (figure: Figure): Record<string, AnyOption> =>
  Object.fromEntries(
    (opt(figure).series as AnyOption[]).filter((s) => s.type === 'heatmap').map((s) => [s.name, s]),
  );
/** the [column, row] grid positions a series colours */
const positions = (series: AnyOption) => (series.data as number[][]).map(([i, j]) => [NS[i], DS[j]]);

describe('the phase diagram coloured by configuration', () => {
  const figure = etfPhaseChart(grid(), 'best', paper, {}, { colourBy: 'configuration', runs: fixture() });
  const series = byName(figure);

  it("colours each cell by its best run's name, one category per name in the names' order", () => {
    expect(Object.keys(series)).toEqual(['simplex ETF', 'cross-polytope', 'simplex sum 3+3', 'unrecognised']);
    expect(positions(series['simplex ETF'])).toEqual([
      [4, 3],
      [4, 4],
      [5, 4],
    ]);
    expect(positions(series['cross-polytope'])).toEqual([[6, 3]]);
    // the tie: b's simplex sum, not a's unrecognised
    expect(positions(series['simplex sum 3+3'])).toEqual([[6, 4]]);
    // the cell whose runs are all unrecognised
    expect(positions(series['unrecognised'])).toEqual([[5, 3]]);
    // the ETF's edge along the cells' borders, dark on the light fills; n = 2d lies on the grid's border here
    const lines = (opt(figure).series as AnyOption[]).filter((s) => s.type === 'line');
    expect(lines.map((s) => [s.name, s.lineStyle.color])).toEqual([['d = n \u2212 1', '#000000']]);
    expect(lines[0].data).toEqual([
      [0.5, -0.5],
      [0.5, 0.5],
      [1.5, 0.5],
      [1.5, 1.5],
    ]);
  });

  it("draws the theory's edges of the ETF and of n = 2d between the cells, the orthoplex regime between them", () => {
    const ns = [4, 5, 6, 7, 8];
    const ds = [3, 4, 5];
    // the ETF's cells: (4, 3+), (5, 4+), (6, 5); its edge climbs one row a column to the grid's top
    expect(regionEdge(ns, ds, (n, d) => d >= n - 1)).toEqual([
      [0.5, -0.5],
      [0.5, 0.5],
      [1.5, 0.5],
      [1.5, 1.5],
      [2.5, 1.5],
      [2.5, 2.5],
    ]);
    // n <= 2d holds in every cell of n <= 6, and from d = 4 up for n = 7, 8
    expect(regionEdge(ns, ds, (n, d) => n <= 2 * d)).toEqual([
      [2.5, -0.5],
      [2.5, 0.5],
      [3.5, 0.5],
      [4.5, 0.5],
    ]);
    // on a grid with gaps the edge still runs between the cells: n = 3, 9 beside d = 2, 8
    expect(regionEdge([3, 9], [2, 8], (n, d) => d >= n - 1)).toEqual([
      [0.5, -0.5],
      [0.5, 0.5],
      [1.5, 0.5],
    ]);
    expect(regionEdge([3, 4], [5, 6], (n, d) => d >= n - 1)).toEqual([]);
    expect(figure.notes).not.toContain(
      'the orthoplex regime d + 2 \u2264 n \u2264 2d lies between the lines d = n \u2212 1 and n = 2d',
    );
  });

  it("gives every name its fixed colour, through the series, the legend and the visual map's pieces", () => {
    const pieces = opt(figure).visualMap[0].pieces as { value: number; color: string }[];
    const names = ['simplex-etf', 'cross-polytope', 'simplex-sum', 'unrecognised'] as const;
    names.forEach((name, i) => {
      const s = Object.values(series)[i];
      expect([s.color, s.itemStyle.color]).toEqual([
        CONFIGURATION_COLOURS[name],
        CONFIGURATION_COLOURS[name],
      ]);
      // the value a cell carries is its series' index, and that piece is the name's colour
      expect(s.data.every((cell: number[]) => cell[2] === i)).toBe(true);
      expect(pieces[i]).toEqual({ value: i, color: CONFIGURATION_COLOURS[name] });
    });
    expect(opt(figure).visualMap[0]).toMatchObject({
      type: 'piecewise',
      show: false,
      seriesIndex: [0, 1, 2, 3],
    });
    // another figure with other names: the simplex sum keeps its colour though its index differs
    const runs = fixture();
    for (const id of ['r-4-3-a', 'r-4-4-a', 'r-5-4-a', 'r-6-3-a']) runs.delete(id);
    const other = byName(etfPhaseChart(grid(), 'best', paper, {}, { colourBy: 'configuration', runs }));
    expect(Object.keys(other)).toEqual(['simplex sum 3+3', 'unrecognised']);
    expect(other['simplex sum 3+3'].color).toBe(series['simplex sum 3+3'].color);
    expect(other['unrecognised'].color).toBe(series['unrecognised'].color);
  });

  it('labels simplex-sum cells with their parts and ETF cells "ETF", in dark text', () => {
    const label = (s: AnyOption, k: number) => s.label.formatter({ dataIndex: k });
    expect(label(series['simplex sum 3+3'], 0)).toBe('3+3');
    expect(label(series['simplex ETF'], 2)).toBe('ETF');
    expect(series['simplex sum 3+3'].label).toMatchObject({ show: true, color: ON_CONFIGURATION_COLOUR });
    expect(series['cross-polytope'].label.show).toBe(false);
  });

  it('tabulates each cell with its configuration, the run it is from, energy, closed form and gap', () => {
    const { columns, rows } = figure.table;
    expect(columns.slice(-6)).toEqual([
      'configuration',
      'configurationRunId',
      'energy',
      'closedFormEnergy',
      'configurationGap',
      'higherConfigurations',
    ]);
    const row = (n: number, d: number) => {
      const r = rows.find((x) => x[0] === n && x[1] === d)!;
      return Object.fromEntries(columns.map((c, i) => [c, r[i]]));
    };
    expect(rows).toHaveLength(NS.length * DS.length);
    expect(row(6, 4)).toMatchObject({
      configuration: 'simplex-sum 3+3',
      bestRunId: 'r-6-4-a',
      configurationRunId: 'r-6-4-b',
      energy: E(6, 4) * (1 + 1e-15),
      closedFormEnergy: E(6, 4),
      configurationGap: E(6, 4) * 1e-15,
    });
    // what the other run stopped at, above the lowest energy
    expect(row(6, 3)).toMatchObject({
      configuration: 'cross-polytope',
      configurationGap: 2e-9,
      higherConfigurations: 'unrecognised (1 run)',
    });
    expect(row(6, 4).higherConfigurations).toBeNull();
    expect(row(5, 3)).toMatchObject({
      configuration: 'unrecognised',
      closedFormEnergy: null,
      configurationGap: null,
    });
    expect(toCsv(figure.table).split('\n')[0]).toMatch(
      /,configuration,configurationRunId,energy,closedFormEnergy,configurationGap,higherConfigurations$/,
    );
    expect(figure.notes).toContain(
      'n = 6, d = 4: runs tie at the lowest energy as simplex-sum 3+3 and unrecognised; the first is shown',
    );
  });

  it('shows name, energy, closed-form energy and gap in the tooltip (screen)', () => {
    const screen = byName(
      etfPhaseChart(grid(), 'best', SCREEN, {}, { colourBy: 'configuration', runs: fixture() }),
    );
    const text = screen['simplex sum 3+3'].tooltip.formatter({ dataIndex: 0, marker: '' }) as string;
    expect(text.split('<br/>')).toEqual([
      'simplex sum 3+3',
      'n = 6, d = 4',
      'ETF distance 0.1',
      'energy 64',
      'closed form 64',
      `gap \u2248 0 (${String(E(6, 4) * 1e-15)})`,
      '2 runs at the lowest energy; also unrecognised',
    ]);
    const cross = screen['cross-polytope'].tooltip.formatter({ dataIndex: 0, marker: '' }) as string;
    expect(cross).toContain('gap 2e\u22129');
    const lone = screen['unrecognised'].tooltip.formatter({ dataIndex: 0, marker: '' }) as string;
    expect(lone).toContain('no closed form');
    expect(lone.split('<br/>').slice(-2)).toEqual([
      '1 run at the lowest energy',
      'higher: unrecognised (1 run)',
    ]);
  });

  it('draws the legend entries in the SVG', () => {
    const svg = renderSvg(figure.option, paper);
    for (const name of ['simplex ETF', 'cross-polytope', 'simplex sum 3+3', 'unrecognised', '3+3', 'ETF'])
      expect(svg).toContain(`>${name}<`);
  });

  it('leaves a cell without a named run empty and says so', () => {
    const runs = fixture();
    runs.delete('r-5-3-a');
    runs.set('r-5-3-b', { id: 'r-5-3-b', finalEnergy: 1, configuration: null });
    const f = etfPhaseChart(grid(), 'best', paper, {}, { colourBy: 'configuration', runs });
    expect(Object.keys(byName(f))).not.toContain('unrecognised');
    expect(f.table.rows.find((r) => r[0] === 5 && r[1] === 3)!.slice(-6)).toEqual([
      null,
      null,
      null,
      null,
      null,
      null,
    ]);
    expect(f.notes).toContain(
      '1 cell left empty: no run there has a named configuration (not completed, or run before configurations were named)',
    );
  });

  it('keeps the distance colouring by default, its table gaining the configuration columns', () => {
    const distance = etfPhaseChart(grid(), 'best', paper, {}, { runs: fixture() });
    expect(opt(distance).series.map((s: AnyOption) => s.name)).toEqual([
      'ETF distance max |G_ij + 1/(n\u22121)|',
      'ETF (distance < 1e\u22127)',
      'd = n \u2212 1',
    ]);
    expect(opt(distance).visualMap[0].type).toBe('continuous');
    expect(distance.table.columns).toContain('configuration');
    // without the runs (a caller that does not know them): the table of before
    expect(etfPhaseChart(grid(), 'best', paper).table.columns).not.toContain('configuration');
  });

  it('leaves all cell labels off where the longest would not fit its cell, in either colouring', () => {
    // 28 x 14 cells on a single column (85 mm): about 13 pt a cell for 6 pt labels
    const ns = Array.from({ length: 28 }, (_, k) => k + 3);
    const ds = Array.from({ length: 14 }, (_, k) => k + 2);
    const runs = new Map<string, RunConfiguration>();
    const big: CompareResult = {
      ...grid(),
      series: ds.map((d) => ({
        key: `d=${d}, s=1`,
        group: { d, s: 1 },
        points: ns.map((n) => {
          const id = `big-${n}-${d}`;
          const configuration =
            d >= n - 1 ? named('simplex-etf') : named('simplex-sum', { parts: [n - d, d] });
          runs.set(id, { id, finalEnergy: n, configuration });
          return { x: n, y: d >= n - 1 ? 1e-12 : 0.1, runId: id, runIds: [id], count: 1 };
        }),
      })),
    };
    const single = paperPreset(85, 62);
    const labels = (f: Figure) =>
      (opt(f).series as AnyOption[]).filter((x) => x.type === 'heatmap').map((x) => x.label?.show ?? false);
    expect(labels(etfPhaseChart(big, 'best', single, {}, { colourBy: 'configuration', runs }))).toEqual([
      false,
      false,
    ]);
    expect(labels(etfPhaseChart(big, 'best', single, {}, { runs }))).toEqual([false, false]);
    // the fixture's 3 x 2 cells have room, on paper and on screen
    expect(labels(figure)).toEqual([true, false, true, false]);
    const screen = etfPhaseChart(grid(), 'best', SCREEN, {}, { colourBy: 'configuration', runs: fixture() });
    expect(labels(screen)).toEqual([true, false, true, false]);
  });

  it('lists several partitions of simplex sums in one legend entry, largest first part first', () => {
    const runs = fixture();
    runs.set('r-5-3-a', {
      id: 'r-5-3-a',
      finalEnergy: 1,
      configuration: named('simplex-sum', { parts: [3, 2] }),
    });
    runs.set('r-6-3-a', {
      id: 'r-6-3-a',
      finalEnergy: 1,
      configuration: named('simplex-sum', { parts: [4, 2] }),
    });
    const f = byName(etfPhaseChart(grid(), 'best', paper, {}, { colourBy: 'configuration', runs }));
    expect(Object.keys(f)).toContain('simplex sum 4+2, 3+3, 3+2');
    expect(partsText([[2, 2], [3, 1], [3, 2], [4], [2, 1, 1]], 3)).toBe('4, 3+2, 3+1, \u2026');
  });
});

describe("a cell's best run", () => {
  const run = (
    id: string,
    finalEnergy: number | null,
    configuration: Configuration | null,
  ): RunConfiguration => ({
    id,
    finalEnergy,
    configuration,
  });
  const cell = (...runs: RunConfiguration[]) =>
    cellConfiguration(
      runs.map((r) => r.id),
      new Map(runs.map((r) => [r.id, r])),
    );

  it('is the lowest energy; a lower unrecognised run beats a named one above rounding noise', () => {
    expect(cell(run('a', 2, named('simplex-etf')), run('b', 1, named('polygon')))).toMatchObject({
      runId: 'b',
      runsAtBest: 1,
      tiedWith: [],
      higher: [{ configuration: named('simplex-etf'), runs: 1 }],
    });
    // several runs above the lowest: each label once, the lowest first, counted
    expect(
      cell(
        run('a', 1, named('polygon')),
        run('b', 3, named('unrecognised')),
        run('c', 2, named('simplex-sum', { parts: [4, 2] })),
        run('d', 4, named('simplex-sum', { parts: [4, 2] })),
      )?.higher,
    ).toEqual([
      { configuration: named('simplex-sum', { parts: [4, 2] }), runs: 2 },
      { configuration: named('unrecognised'), runs: 1 },
    ]);
    expect(cell(run('a', 1, named('unrecognised')), run('b', 1 + 1e-9, named('polygon')))?.runId).toBe('a');
  });

  it('breaks ties (to rounding noise) by named over unrecognised, then by the name more runs found', () => {
    const tie = cell(
      run('a', 5, named('simplex-sum', { parts: [4, 2] })),
      run('b', 5 * (1 + 1e-14), named('simplex-sum', { parts: [3, 3] })),
      run('c', 5, named('simplex-sum', { parts: [3, 3] })),
      run('d', 5, named('unrecognised')),
    );
    expect(tie).toMatchObject({ runId: 'c', runsAtBest: 4 });
    expect(tie?.tiedWith.map(configurationLabel)).toEqual(['simplex-sum 4+2', 'unrecognised']);
    // an exact tie between two names found once each: the first by run id
    expect(cell(run('y', 3, named('polygon')), run('x', 3, named('antipodal')))?.configuration.name).toBe(
      'antipodal',
    );
  });

  it('skips runs without an energy or a configuration, and is null when none is left', () => {
    expect(cell(run('a', null, named('simplex-etf')), run('b', 4, named('polygon')))?.runId).toBe('b');
    expect(cell(run('a', 1, null), run('b', Number.NaN, named('polygon')))).toBeNull();
    expect(cellConfiguration(['missing'], new Map())).toBeNull();
  });
});

describe('where the configurations come from', () => {
  it('reads them through history queries of at most 1000 run ids a page', async () => {
    const ids = Array.from({ length: 2500 }, (_, k) => `run-${k}`);
    const asked: HistoryQuery[] = [];
    const found = await listRunConfigurations(ids, async (query) => {
      asked.push(query);
      const rows = query.filters!.runIds!.map(
        (id) =>
          ({ id, finalEnergy: 2, configuration: id === 'run-7' ? named('polygon') : undefined }) as RunRecord,
      );
      return { rows, total: rows.length, offset: 0, limit: 1000 };
    });
    expect(asked.map((q) => [q.filters!.runIds!.length, q.page])).toEqual([
      [1000, { offset: 0, limit: 1000 }],
      [1000, { offset: 0, limit: 1000 }],
      [500, { offset: 0, limit: 1000 }],
    ]);
    expect(found).toHaveLength(2500);
    expect(found[7]).toEqual({ id: 'run-7', finalEnergy: 2, configuration: { name: 'polygon' } });
    expect(found[8].configuration).toBeNull();
  });

  it('loads the configurations of the shown cells only, and colours by them when asked', async () => {
    const both: CompareResult = {
      ...grid(1),
      series: [
        ...grid(1).series,
        ...grid(0.5).series.map((s) => ({
          ...s,
          points: s.points.map((p) => ({ ...p, runId: `${p.runId}-half`, runIds: [`${p.runId}-half`] })),
        })),
      ],
      values: { s: [0.5, 1], energyKind: ['ce'] },
    };
    const runs = fixture();
    const asked: string[][] = [];
    const source: FigureSource = {
      compare: async () => both,
      run: () => Promise.reject(new Error('no runs')),
      trace: () => Promise.reject(new Error('no traces')),
      points: () => Promise.reject(new Error('no points')),
      path: () => Promise.reject(new Error('no paths')),
      configurations: async (ids) => {
        asked.push(ids);
        return ids.flatMap((id) => (runs.has(id) ? [runs.get(id)!] : []));
      },
    };
    const figure = await loadFigure(
      { kind: 'etf-phase', experimentIds: ['e'], s: 1, colourBy: 'configuration' },
      source,
      paper,
    );
    expect(asked).toEqual([etfPhaseRunIds(both, { s: 1 })]);
    expect(asked[0]).toHaveLength(NS.length * DS.length * 2);
    expect(Object.keys(byName(figure))).toEqual([
      'simplex ETF',
      'cross-polytope',
      'simplex sum 3+3',
      'unrecognised',
    ]);
    // the request's default is the distance colouring
    expect(FigureRequest.parse({ kind: 'etf-phase', experimentIds: ['e'] }).colourBy).toBe('distance');
    expect(() => FigureRequest.parse({ kind: 'etf-phase', experimentIds: ['e'], colourBy: 'name' })).toThrow(
      /distance.*configuration/,
    );
  });
});

describe('the configuration palette', () => {
  /** WCAG relative luminance and contrast ratio */
  const luminance = (hex: string) => {
    const [r, g, b] = [1, 3, 5].map((i) => {
      const c = parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const contrast = (a: string, b: string) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };

  it('has one distinct colour per name, on which dark labels read (contrast >= 7) and which stand out on the dark theme', () => {
    const colours = CONFIGURATION_NAMES.map((name) => CONFIGURATION_COLOURS[name]);
    expect(new Set(colours).size).toBe(CONFIGURATION_NAMES.length);
    for (const colour of colours) {
      expect(contrast(colour, ON_CONFIGURATION_COLOUR)).toBeGreaterThanOrEqual(7);
      // the dark theme's panel (--surface, renderer/styles/theme.css): a filled cell stands out by at least 3:1 (WCAG non-text contrast)
      expect(contrast(colour, '#1a2029')).toBeGreaterThanOrEqual(3);
    }
  });
});

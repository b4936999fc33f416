import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configurationLabel } from '../../core/configuration/label';
import { CONFIGURATION_COLUMNS } from '../../core/charts/etf-phase';
import { loadFigure } from '../../core/charts/figure-loader';
import { CONFIGURATION_TITLES } from '../../core/charts/phase-configuration';
import { FIGURE_KINDS, type FigureRequestInput } from '../../core/charts/figure-request';
import { paperPreset, pixelSize } from '../../core/charts/preset';
import { exportFigure, fileBytes } from '../../electron/backend/figures/export-figure';
import { storeFigureSource } from '../../electron/backend/figures/store-source';
import { inspectPdf } from '../helpers/pdf-inspect';
import { openStore, type SqliteStore } from '../../electron/backend/store/store';
import { continuationPath } from '../../core/path/path';
import { enginePathSpec, PathExperimentSpec } from '../../core/path/schema';
import { solve } from '../../core/solve';

/**
 * Figures from a database filled by real solves: a 3 x 2 sweep over n and d (two seeds each) run by
 * the `spherelab sweep` command, then `spherelab figure` and the export path behind `figures/export`.
 */
const CLI = fileURLToPath(new URL('../../bin/spherelab.mjs', import.meta.url));
const NS = [3, 4, 6];
const DS = [2, 3];

/**
 * The CLI as a child process, awaited: the test's worker keeps its event loop (a spawnSync per
 * command blocked it for minutes on a loaded machine, and vitest's worker calls timed out).
 */
/** `spherelab figure KIND --experiment ID ARGS... --db DB` on the sweep's database. */
function experimentFigure(kind: string, experiment: string, args: string[]) {
  return cli(['figure', kind, '--experiment', experiment, ...args, '--db', db]);
}

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** PNG width and height from the IHDR chunk (bytes 16..23, big-endian). */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** The CSV's header and rows (the "# held fixed: ..." preamble left out). */
const csvLines = (text: string) =>
  text
    .trimEnd()
    .split('\n')
    .filter((line) => !line.startsWith('#'));

let dir = '';
let db = '';
let experimentId = '';
let runIds: string[] = [];
let store: SqliteStore;
/** a stored path in s: n = 4, d = 3, s 1 to 2 in 2 steps (7 solves, the simplex ETF throughout) */
let pathId = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'spherelab-figure-'));
  db = join(dir, 'lab.db');
  const spec = join(dir, 'grid.yaml');
  writeFileSync(
    spec,
    `name: grid\nenergy: ce\nn: [${NS.join(', ')}]\nd: [${DS.join(', ')}]\nseeds: [1, 2]\nmaxIter: 400\n`,
  );
  const sweep = await cli(['sweep', spec, '--db', db, '--parallel', '2', '--json']);
  expect(sweep.code, sweep.stderr).toBe(0);
  ({ experimentId, runIds } = JSON.parse(sweep.stdout));
  expect(runIds).toHaveLength(NS.length * DS.length * 2);
  store = openStore(db, { recover: false });
  const lease = store.acquireLease();
  const path = PathExperimentSpec.parse({ energy: 'ce', n: 4, d: 3, sFrom: 1, sTo: 2, steps: 2, restarts: 2 });
  pathId = store.createPath(path, lease.id).id;
  store.markPathRunning(pathId);
  store.finishPath(pathId, await continuationPath(enginePathSpec(path), solve));
  lease.release();
}, 120_000);

afterAll(() => {
  store?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('spherelab figure', () => {
  it('writes the three paper charts of a sweep as SVG, PNG and CSV', async () => {
    const prefix = experimentId.slice(0, 8);
    const svgFile = join(dir, 'fvu.svg');
    const svg = await experimentFigure('frame-vs-uniform', prefix, ['--out', svgFile]);
    expect(svg.code, svg.stderr).toBe(0);
    const text = readFileSync(svgFile, 'utf8');
    expect(text).toMatch(/^<svg width="100mm" height="70mm"/);
    expect(text.trimEnd().endsWith('</svg>')).toBe(true);
    for (const name of ['d = 2', 'd = 3', 'simplex ETF (theory)']) expect(text).toContain(`>${name}<`);

    const pngFile = join(dir, 'etf.png');
    const png = await experimentFigure('etf-phase', prefix, [
      '--out',
      pngFile,
      '--width-mm',
      '85',
      '--height-mm',
      '60',
      '--dpi',
      '150',
    ]);
    expect(png.code, png.stderr).toBe(0);
    expect(pngSize(readFileSync(pngFile))).toEqual({ width: 502, height: 354 });
    expect(png.stdout).toContain('502 x 354 px');

    const csvFile = join(dir, 'conv.csv');
    const csv = await experimentFigure('uniform-convergence', prefix, ['--out', csvFile]);
    expect(csv.code, csv.stderr).toBe(0);
    const csvText = readFileSync(csvFile, 'utf8');
    // what the figure holds fixed heads the file, as a comment line
    expect(csvText).toMatch(
      /^# held fixed: energy = ce, s = 1, optimizer = lbfgs, tol = [^,]+, max iterations = 400, no time limit, memory = 30, log energy = auto\n/,
    );
    const lines = csvLines(csvText);
    expect(lines[0]).toBe('series,d,s,n,uniformGap,bestRunId,runs,runIds');
    // one row per (n, d) point whose excess is positive (a log axis), each naming the runs behind it
    const rows = lines.slice(1).map((l) => l.split(','));
    expect(rows.length).toBeGreaterThanOrEqual(NS.length * DS.length - 1);
    for (const row of rows) {
      expect(runIds).toContain(row[5]);
      expect(Number(row[4])).toBeGreaterThan(0);
      expect(row[6]).toBe('2');
      const behind = row[7].split(' ');
      expect(behind).toHaveLength(2);
      expect(behind).toContain(row[5]);
      for (const id of behind)
        expect(store.getRun(id)).toMatchObject({ n: Number(row[3]), d: Number(row[1]) });
    }
    // three CLI processes: a generous budget while other tests fork solvers on the same two cores
  }, 240_000);

  it('writes a vector PDF of the given size in mm with its font embedded, stating its s', async () => {
    const pdfFile = join(dir, 'etf.pdf');
    const pdf = await experimentFigure('etf-phase', experimentId.slice(0, 8), [
      '--out',
      pdfFile,
      '--width-mm',
      '85',
      '--height-mm',
      '62',
    ]);
    expect(pdf.code, pdf.stderr).toBe(0);
    const facts = inspectPdf(pdfFile);
    expect(facts.pages).toBe(1);
    expect(facts.pageMm.width).toBeCloseTo(85, 2);
    expect(facts.pageMm.height).toBeCloseTo(62, 2);
    expect(facts.fonts).toHaveLength(1);
    expect(facts.fonts[0]).toMatchObject({ embedded: true, subset: true });
    expect(facts.fonts[0].name).toMatch(/^[A-Z]{6}\+SourceSerif4/);
    // drawn with paths (cells, axes, the colour bar), no picture of the figure
    expect(facts.images).toBe(0);
    expect(facts.pathOperators).toBeGreaterThan(NS.length * DS.length * 4);
    for (const text of ['n (points)', 'd (dimension)', 'ETF distance', 's = 1', 'energy = ce']) {
      expect(facts.text).toContain(text);
    }

    // the SVG carries its font, subset to what it draws
    const svgFile = join(dir, 'etf.svg');
    const svg = await experimentFigure('etf-phase', experimentId, ['--out', svgFile]);
    expect(svg.code, svg.stderr).toBe(0);
    const text = readFileSync(svgFile, 'utf8');
    const face =
      /@font-face\{font-family:'Source Serif 4';src:url\(data:font\/ttf;base64,([A-Za-z0-9+/=]+)\)/.exec(
        text,
      );
    expect(face).not.toBeNull();
    const font = Buffer.from(face![1], 'base64');
    // a TrueType file, far smaller than the 330 kB font it was cut from
    expect(font.readUInt32BE(0)).toBe(0x00010000);
    expect(font.length).toBeLessThan(100_000);
  }, 240_000);

  it("colours the phase diagram by each cell's configuration: the PDF's legend names them, the CSV lists them", async () => {
    const prefix = experimentId.slice(0, 8);
    // both spellings of the flag
    const byConfiguration = (flag: '--colour-by' | '--color-by', out: string) =>
      experimentFigure('etf-phase', prefix, [flag, 'configuration', '--out', out]);
    const csvFile = join(dir, 'phase-names.csv');
    const csv = await byConfiguration('--colour-by', csvFile);
    expect(csv.code, csv.stderr).toBe(0);
    const lines = csvLines(readFileSync(csvFile, 'utf8'));
    const header = lines[0].split(',');
    const col = (name: string) => header.indexOf(name);
    expect(header.slice(-6)).toEqual([...CONFIGURATION_COLUMNS]);
    const rows = lines.slice(1).map((line) => line.split(','));
    expect(rows).toHaveLength(NS.length * DS.length);
    const titles = new Set<string>();
    for (const row of rows) {
      // the configuration shown is one of the cell's runs', at the cell's lowest energy
      const behind = row[col('runIds')].split(' ').map((id) => store.getRun(id)!);
      const shown = store.getRun(row[col('configurationRunId')])!;
      expect(behind.map((r) => r.id)).toContain(shown.id);
      expect(shown.finalEnergy).toBe(Number(row[col('energy')]));
      expect(Math.min(...behind.map((r) => r.finalEnergy!))).toBeCloseTo(shown.finalEnergy!, 9);
      expect(configurationLabel(shown.configuration!)).toBe(row[col('configuration')]);
      titles.add(CONFIGURATION_TITLES[shown.configuration!.name]);
    }
    // the triangle and the tetrahedron (d >= n - 1) are simplex ETFs
    expect(titles).toContain('simplex ETF');

    const pdfFile = join(dir, 'phase-names.pdf');
    const pdf = await byConfiguration('--color-by', pdfFile);
    expect(pdf.code, pdf.stderr).toBe(0);
    const text = inspectPdf(pdfFile).text;
    for (const title of titles) expect(text).toContain(title);
    for (const title of Object.values(CONFIGURATION_TITLES).filter((t) => !titles.has(t)))
      expect(text).not.toContain(title);
    expect(text).not.toContain('ETF distance');

    const bad = await experimentFigure('etf-phase', prefix, ['--colour-by', 'name', '--out', pdfFile]);
    expect([bad.code, bad.stderr]).toEqual([
      2,
      expect.stringMatching(/--colour-by name: must be one of distance, configuration/),
    ]);
    // three CLI processes: a generous budget while other tests fork solvers on the same two cores
  }, 240_000);

  it('draws run charts from --runs, and refuses what it cannot draw with exit code 2', async () => {
    const out = join(dir, 'trace.svg');
    const trace = await cli([
      'figure',
      'trace',
      '--runs',
      runIds[0].slice(0, 8),
      runIds[1],
      '--out',
      out,
      '--db',
      db,
    ]);
    expect(trace.code, trace.stderr).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('>iteration<');

    const metricFile = join(dir, 'metric.csv');
    const metric = await experimentFigure('metric-vs-parameter', experimentId, [
      '--x',
      'n',
      '--y',
      'coherence',
      '--group-by',
      'd',
      '--log-x',
      '--aggregate',
      'spread',
      '--out',
      metricFile,
    ]);
    expect(metric.code, metric.stderr).toBe(0);
    const metricLines = csvLines(readFileSync(metricFile, 'utf8'));
    expect(metricLines[0]).toBe(
      'series,d,n,coherence,coherenceMin,coherenceMax,coherenceStddev,bestRunId,runs,runIds',
    );
    expect(metricLines).toHaveLength(1 + NS.length * DS.length);

    expect((await cli(['figure', 'pie', '--runs', runIds[0], '--out', out, '--db', db])).stderr).toMatch(
      /first argument is the figure kind/,
    );
    const needsRuns = await experimentFigure('trace', experimentId, ['--out', out]);
    expect([needsRuns.code, needsRuns.stderr]).toEqual([2, expect.stringMatching(/trace draws runs/)]);
    const extension = await experimentFigure('etf-phase', experimentId, ['--out', join(dir, 'x.jpg')]);
    expect([extension.code, extension.stderr]).toEqual([
      2,
      expect.stringMatching(/\.svg, \.pdf, \.png or \.csv/),
    ]);
    const dpi = await experimentFigure('etf-phase', experimentId, ['--out', out, '--dpi', '10']);
    expect([dpi.code, dpi.stderr]).toEqual([2, expect.stringMatching(/--dpi: dpi is at least 50/)]);
    // six CLI processes: a generous budget while other tests fork solvers on the same two cores
  }, 240_000);
  it('draws a path in s from --path (a unique prefix), and refuses a path figure without one', async () => {
    const out = join(dir, 'path.csv');
    const drawn = await cli(['figure', 'path', '--path', pathId.slice(0, 8), '--out', out, '--db', db]);
    expect(drawn.code, drawn.stderr).toBe(0);
    expect(drawn.stdout).toBe(`${out}: path, 7 data rows\n`);
    const lines = csvLines(readFileSync(out, 'utf8'));
    expect(lines[0]).toBe('s,sweep,energy,bound,energyExcess,dEds,lambdaMin,configuration');
    expect(lines.slice(1).map((l) => l.split(',')[1])).toEqual(['up', 'up', 'up', 'down', 'down', 'down', 'fresh']);
    const missing = await experimentFigure('path', experimentId, ['--out', out]);
    expect([missing.code, missing.stderr]).toEqual([2, expect.stringMatching(/path draws a path in s: give --path ID/)]);
    const unknown = await cli(['figure', 'path', '--path', 'abcdef12', '--out', out, '--db', db]);
    expect([unknown.code, unknown.stderr]).toEqual([2, expect.stringMatching(/--path abcdef12: no path with this id/)]);
  }, 240_000);
});

describe('the export behind figures/export', () => {
  const request = (kind: (typeof FIGURE_KINDS)[number]): FigureRequestInput =>
    kind === 'etf-phase' ||
    kind === 'frame-vs-uniform' ||
    kind === 'uniform-convergence' ||
    kind === 'metric-vs-parameter'
      ? { kind, experimentIds: [experimentId] }
      : kind === 'path'
        ? { kind, pathIds: [pathId] }
        : { kind, runIds: [runIds.find((id) => store.getRun(id)?.n === 6)!] };

  it('gives a PNG of exactly round(W / 25.4 * D) x round(H / 25.4 * D) pixels', async () => {
    for (const [widthMm, heightMm, dpi] of [
      [100, 70, 300],
      [85, 60, 600],
      [33.3, 21.7, 127],
    ]) {
      const file = await exportFigure(
        { ...request('etf-phase'), format: 'png', widthMm, heightMm, dpi },
        storeFigureSource(store),
      );
      const expected = pixelSize(widthMm, heightMm, dpi);
      expect(pngSize(fileBytes(file))).toEqual(expected);
      expect([file.widthPx, file.heightPx]).toEqual([expected.width, expected.height]);
    }
  });

  it('writes one CSV row per plotted point for every kind of figure', async () => {
    const source = storeFigureSource(store);
    for (const kind of FIGURE_KINDS) {
      const file = await exportFigure({ ...request(kind), format: 'csv' }, source);
      const figure = await loadFigure(request(kind), source, paperPreset());
      const data = (figure.option.series as { name?: string; data: unknown[]; type: string }[]).filter(
        (s) =>
          !/^(unit|tight frame|simplex ETF|uniform points|i\.i\.d\.|d = n)/.test(s.name ?? '') &&
          s.type !== 'custom',
      );
      const plotted =
        kind === 'trace'
          ? // every kept sample is in the gradient panel; the excess panel leaves out the minimum
            data[1].data.length
          : kind === 'inner-products' || kind === 'gegenbauer'
            ? // the histogram's and the moments' boxes are drawn by one custom series
              (figure.option.series as { data: unknown[] }[])[0].data.length
            : kind === 'path'
              ? // each step is a row, drawn in both panels (energy excess above, lambda_min below)
                data.filter((s) => (s as { xAxisIndex?: number }).xAxisIndex === 0).reduce((a, s) => a + s.data.length, 0)
              : data.reduce((a, s) => a + s.data.length, 0);
      expect(csvLines(file.content).length - 1, kind).toBe(plotted);
      expect(file.rows, kind).toBe(plotted);
    }
  });
});

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Configuration } from '../../core/configuration/schema';
import { uniformEnergy } from '../../core/theory';
import { OwnerLease } from '../../electron/backend/store/owner-lease';
import { openStore, type SqliteStore } from '../../electron/backend/store/store';
import { inspectPdf } from '../helpers/pdf-inspect';
import { fakeResult } from '../integration/store-results';
import { openBrowser, type BrowserSession } from './browser';
import { chartSvg } from './chart-page';
import { startServeProcess, type ServeProcess } from './serve-host';
import { WorkbenchPage } from './workbench-page';

/**
 * Compare's paper charts in Chromium against `serve`, on a database written through the store: the
 * frame-potential preset's grid (n x d x s, two seeds) with U_d(s, n) from theory, so the seeds of a
 * point agree exactly, and a simplex-ETF grid at s = 0.25 and s = 1. Checked: a point pools seeds
 * only (U_d against s, one series per n, gets no error bars although d varies), the phase diagram's
 * s selector, and the PDF export through the UI (page size in mm, embedded font, vector content).
 * Screenshots at 1280x720 and 1920x1080 in light and dark go to test-artifacts/.
 */
const FRAME = { name: 'frame potential', n: [6, 10], d: [3, 4], s: [0.5, 2] };
const ETF = { name: 'simplex ETF', n: [4, 6], d: [5, 8], s: [0.25, 1] };
/** (n, d) across the ETF, the orthoplex regime d + 2 <= n <= 2d and beyond, each run's configuration named */
const PHASE = { name: 'phase names', n: [4, 5, 6, 7, 8], d: [3, 4, 5], s: [1] };
const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'figures');

let host: ServeProcess;
let browser: BrowserSession;
let app: WorkbenchPage;
let dataDir = '';
/** run id -> its (n, d, s, seed) */
const runsById = new Map<string, { n: number; d: number; s: number; seed: number }>();

function seed(
  store: SqliteStore,
  grid: typeof FRAME,
  etfDistance: (n: number, d: number, s: number) => number,
  configuration?: (n: number, d: number) => Configuration,
) {
  const lease = new OwnerLease(store.db);
  const { runIds } = store.createExperiment(
    { spec: { name: grid.name, energy: 'ce', n: grid.n, d: grid.d, s: grid.s, seeds: [1, 2] } },
    lease.id,
  );
  for (const id of runIds) {
    const run = store.getRun(id)!;
    store.claimRun(id, lease.id);
    const result = fakeResult(run.n, run.d, run.seed);
    // U_d depends on d, s and n only: the two seeds of a point agree exactly
    result.summary.metrics.uniformEnergy = uniformEnergy(run.d, run.s, run.n);
    result.summary.metrics.etfDistance = etfDistance(run.n, run.d, run.s);
    const named = configuration?.(run.n, run.d);
    if (named?.closedFormEnergy !== undefined)
      result.summary.configuration = { ...named, gap: result.summary.energy - named.closedFormEnergy };
    else if (named) result.summary.configuration = named;
    store.finishRun(id, result);
    runsById.set(id, { n: run.n, d: run.d, s: run.s, seed: run.seed });
  }
  lease.release();
}

/** The minimizers of the paper's regimes: the ETF, simplex sums up to the cross-polytope at n = 2d, then unnamed. */
function phaseConfiguration(n: number, d: number): Configuration {
  if (d >= n - 1) return { name: 'simplex-etf' };
  if (n === 2 * d) return { name: 'cross-polytope' };
  // n - d simplices of sizes as equal as possible (largest first)
  const k = n - d;
  if (n <= 2 * d)
    return {
      name: 'simplex-sum',
      closedFormEnergy: 3,
      parts: Array.from({ length: k }, (_, i) => Math.floor(n / k) + (i < n % k ? 1 : 0)),
    };
  return { name: 'unrecognised' };
}

async function download(page: Page, name: string, format: 'pdf' | 'csv') {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId(`export-${name}`).getByTestId(`export-${format}`).click(),
  ]);
  const path = join(dataDir, `download-${name}.${format}`);
  await file.saveAs(path);
  return { path, fileName: file.suggestedFilename() };
}

async function chooseExperiment(page: Page, name: string): Promise<void> {
  const list = page.getByTestId('compare-experiments');
  for (const box of await list.locator('input:checked').all()) await box.uncheck();
  await list.locator('label', { hasText: name }).locator('input').check();
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'spherelab-e2e-figures-'));
  const store = openStore(join(dataDir, 'spherelab.db'));
  seed(store, ETF, (n, d, s) => (d >= n - 1 ? (s === 1 ? 1e-11 : 1e-8) : 0.05 * n));
  seed(store, FRAME, (n, d) => 0.01 * n * d);
  seed(store, PHASE, (n, d) => (d >= n - 1 ? 1e-11 : 0.05 * n), phaseConfiguration);
  store.close();
  host = await startServeProcess({ parallel: 1, dataDir });
  browser = await openBrowser();
  app = new WorkbenchPage(browser.page);
  await browser.page.emulateMedia({ reducedMotion: 'reduce' });
  await app.open(host.url);
  await browser.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Compare' }).click();
  await browser.page.getByRole('heading', { name: 'Compare', level: 1 }).waitFor();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await host?.stop();
});

describe('Compare figures', () => {
  it('pools only the seeds of a point: U_d against s, one series per n, splits d and draws no error bars', async () => {
    const { page } = browser;
    await chooseExperiment(page, FRAME.name);
    await page.getByTestId('compare-aggregate').selectOption('spread');
    await page.getByTestId('metric-x').selectOption('s');
    await page.getByTestId('metric-y').selectOption('uniformEnergy');
    await page.getByTestId('metric-group').selectOption('n');
    const figure = page.getByTestId('figure-metric-vs-parameter');
    await expect.poll(() => chartSvg(page, 'metric-vs-parameter')).toContain('n = 10, d = 4');
    const svg = await chartSvg(page, 'metric-vs-parameter');
    for (const label of ['n = 6, d = 3', 'n = 6, d = 4', 'n = 10, d = 3'])
      expect(svg).toContain(`>${label}<`);
    await expect
      .poll(() => figure.textContent())
      .toContain(
        'one series per d (3, 4): it varies in the selection, and a point pools only runs that differ by seed',
      );
    expect(await figure.textContent()).toContain('Held fixed: energy = ce');

    // the CSV: every grouping key, the runs behind each point, all of one (n, d, s)
    const csv = readFileSync((await download(page, 'metric-vs-parameter', 'csv')).path, 'utf8')
      .trimEnd()
      .split('\n');
    expect(csv[0]).toMatch(/^# held fixed: energy = ce/);
    const header = csv[1].split(',');
    expect(header.slice(0, 4)).toEqual(['series', 'n', 'd', 's']);
    const rows = csv.slice(2).map((line) => line.match(/("[^"]*"|[^,]+|(?<=,)(?=,|$))/g)!);
    expect(rows).toHaveLength(FRAME.n.length * FRAME.d.length * FRAME.s.length);
    const col = (name: string) => header.indexOf(name);
    for (const row of rows) {
      expect(row[col('runs')]).toBe('2');
      // the seeds agree: min = max, no bar
      expect(row[col('uniformEnergyMin')]).toBe(row[col('uniformEnergyMax')]);
      const behind = row[col('runIds')].split(' ').map((id) => runsById.get(id)!);
      expect(behind.map((r) => r.seed).sort()).toEqual([1, 2]);
      for (const r of behind)
        expect([r.n, r.d, r.s]).toEqual([
          Number(row[col('n')]),
          Number(row[col('d')]),
          Number(row[col('s')]),
        ]);
    }
    // no error bars: the chart in "mean with min-max" is the chart in "mean" (a bar would add paths)
    await page.getByTestId('compare-aggregate').selectOption('mean');
    await expect.poll(() => chartSvg(page, 'metric-vs-parameter')).toBe(svg);
    await page.getByTestId('compare-aggregate').selectOption('spread');

    // narrowing d to one value: it leaves the legend and is held fixed
    await figure.getByTestId('figure-choice-d').selectOption({ label: '3' });
    await expect.poll(() => chartSvg(page, 'metric-vs-parameter')).not.toContain('d = 4');
    expect(await chartSvg(page, 'metric-vs-parameter')).toContain('>n = 10<');
    await expect.poll(() => figure.textContent()).toContain('d = 3');
    expect(browser.pageErrors).toEqual([]);
  }, 120_000);

  it('shows the phase diagram at the s chosen in its selector, the ETF cells as one colour labelled ETF', async () => {
    const { page } = browser;
    await chooseExperiment(page, ETF.name);
    const figure = page.getByTestId('figure-etf-phase');
    const select = figure.getByTestId('figure-choice-s');
    await select.waitFor();
    expect(await select.locator('option').allTextContents()).toEqual(['0.25', '1']);
    await select.selectOption({ label: '1' });
    await expect.poll(() => chartSvg(page, 'etf-phase')).toContain('(s = 1)');
    let svg = await chartSvg(page, 'etf-phase');
    expect(svg).toContain('>ETF<');
    expect(svg).toContain('ETF (distance &lt; 1e−7)');
    await select.selectOption({ label: '0.25' });
    await expect.poll(() => chartSvg(page, 'etf-phase')).toContain('(s = 0.25)');
    svg = await chartSvg(page, 'etf-phase');
    // 1e-8 is below the floor too: the same ETF colour, not a stretched scale
    expect(svg).toContain('>ETF<');
    await expect.poll(() => figure.textContent()).toContain('the diagram shows s = 0.25');
    expect(browser.pageErrors).toEqual([]);
  }, 120_000);

  it('exports the phase diagram as a vector PDF at single-column width, with its font and its s', async () => {
    const { page } = browser;
    const panel = page.getByTestId('export-etf-phase');
    await panel.getByTestId('export-size').selectOption('single');
    expect(await panel.getByTestId('export-width').inputValue()).toBe('85');
    const { path, fileName } = await download(page, 'etf-phase', 'pdf');
    expect(fileName).toMatch(/^etf-phase-simplex-etf-\d{4}-\d{2}-\d{2}\.pdf$/);
    const pdf = inspectPdf(path);
    expect(pdf.pages).toBe(1);
    expect(pdf.pageMm.width).toBeCloseTo(85, 2);
    expect(pdf.pageMm.height).toBeCloseTo(62, 2);
    expect(pdf.fonts.length).toBeGreaterThan(0);
    for (const font of pdf.fonts) expect(font).toMatchObject({ embedded: true, subset: true });
    expect(pdf.images).toBe(0);
    expect(pdf.pathOperators).toBeGreaterThan(ETF.n.length * ETF.d.length * 4);
    for (const text of ['s = 0.25', 'energy = ce', 'n (points)', 'ETF distance'])
      expect(pdf.text).toContain(text);
    // what the reader looks at: the PDF as an image
    mkdirSync(ARTIFACTS, { recursive: true });
    const png = spawnSync('pdftoppm', [
      '-r',
      '200',
      '-png',
      '-singlefile',
      path,
      join(ARTIFACTS, 'etf-phase-pdf'),
    ]);
    expect(png.status, png.stderr?.toString()).toBe(0);
    await app.toast(/Exported etf-phase-simplex-etf-.*\.pdf/);
    expect(browser.pageErrors).toEqual([]);
  }, 120_000);

  it('colours the phase diagram by configuration on request: a legend of the names, cells labelled with parts', async () => {
    const { page } = browser;
    await chooseExperiment(page, PHASE.name);
    const figure = page.getByTestId('figure-etf-phase');
    const colourBy = figure.getByTestId('figure-colour-by');
    expect(await colourBy.locator('option').allTextContents()).toEqual(['distance to ETF', 'configuration']);
    await expect.poll(() => chartSvg(page, 'etf-phase')).toContain('Distance from the simplex ETF');
    await colourBy.selectOption('configuration');
    await expect.poll(() => chartSvg(page, 'etf-phase')).toContain('Configuration of the best run');
    const svg = await chartSvg(page, 'etf-phase');
    // n = 5, 6, 7, 8 beside d = 3, 4, 5: sums 3+2 (5, 3), 3+3 (6, 4), 4+3 (7, 5), 3+2+2 (7, 4), 3+3+2 (8, 5)
    for (const name of [
      'simplex ETF',
      'cross-polytope',
      'simplex sum 4+3, 3+3+2, 3+3, \u2026',
      'unrecognised',
    ])
      expect(svg).toContain(`>${name}<`);
    for (const parts of ['3+2', '3+3', '3+2+2']) expect(svg).toContain(`>${parts}<`);
    expect(svg).not.toContain('ETF distance');
    // a cell's tooltip: its name, energy, closed form and gap
    await figure.locator('.echart svg text', { hasText: /^3\+3$/ }).hover();
    const tip = figure.locator('.echart div', { hasText: 'n = 6, d = 4' }).last();
    await expect.poll(() => tip.innerText()).toContain('simplex sum 3+3');
    expect((await tip.innerText()).split('\n')).toEqual([
      'simplex sum 3+3',
      'n = 6, d = 4',
      'ETF distance 0.3',
      expect.stringMatching(/^energy \d/),
      'closed form 3',
      expect.stringMatching(/^gap [\d\u2212]/),
      '1 run at the lowest energy',
      // the other seed's energy is another random number: above, at the same configuration
      'higher: simplex sum 3+3 (1 run)',
    ]);

    for (const theme of ['light', 'dark'] as const) {
      if ((await app.theme()) !== theme) await app.toggleTheme();
      await page.setViewportSize({ width: 1280, height: 720 });
      await figure.scrollIntoViewIfNeeded();
      await chartSvg(page, 'etf-phase');
      await app.screenshot(`compare-etf-phase-configuration-1280x720-${theme}`);
    }
    if ((await app.theme()) !== 'light') await app.toggleTheme();
    // the export follows the screen: its CSV names each cell's configuration
    const csv = readFileSync((await download(page, 'etf-phase', 'csv')).path, 'utf8')
      .split('\n')
      .filter((line) => line && !line.startsWith('#'));
    const header = csv[0].split(',');
    const configurationOf = (n: number, d: number) =>
      csv
        .slice(1)
        .map((line) => line.split(','))
        .find((row) => row[0] === String(n) && row[1] === String(d))![header.indexOf('configuration')];
    expect([configurationOf(6, 4), configurationOf(8, 4), configurationOf(8, 3)]).toEqual([
      'simplex-sum 3+3',
      'cross-polytope',
      'unrecognised',
    ]);

    await colourBy.selectOption('distance');
    await expect.poll(() => chartSvg(page, 'etf-phase')).toContain('ETF distance');
    expect(browser.pageErrors).toEqual([]);
  }, 120_000);

  it('looks right at 1280x720 and 1920x1080, light and dark', async () => {
    const { page } = browser;
    await chooseExperiment(page, FRAME.name);
    for (const theme of ['light', 'dark'] as const) {
      if ((await app.theme()) !== theme) await app.toggleTheme();
      for (const [width, height] of [
        [1280, 720],
        [1920, 1080],
      ]) {
        await page.setViewportSize({ width, height });
        await chartSvg(page, 'frame-vs-uniform');
        await app.screenshot(`compare-${width}x${height}-${theme}`);
        await page.getByTestId('figure-metric-vs-parameter').scrollIntoViewIfNeeded();
        await app.screenshot(`compare-metric-${width}x${height}-${theme}`);
        await page.evaluate(() => window.scrollTo(0, 0));
      }
    }
    // a run's charts in the dark theme: the sphere's far side, the Gram matrix in spectral order
    const sphereRun = [...runsById].find(([, r]) => r.n === 6 && r.d === 3)![0];
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto(`${host.url}#/runs/${sphereRun}`);
    await chartSvg(page, 'configuration');
    await page.getByTestId('figure-configuration').scrollIntoViewIfNeeded();
    await app.screenshot('run-charts-1280x720-dark');
    expect(await app.theme()).toBe('dark');
    expect(browser.pageErrors).toEqual([]);
  }, 120_000);
});

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../electron/backend/store/store';
import { openBrowser, type BrowserSession } from './browser';
import { chartSvg } from './chart-page';
import { startServeProcess, type ServeProcess } from './serve-host';
import { WorkbenchPage } from './workbench-page';

/**
 * Compare in Chromium against `serve`: a finished sweep over n and d (run by `spherelab sweep` on the
 * host's database), the three paper charts on screen, and each exported through the UI as SVG, PNG
 * and CSV, the files checked.
 */
const NS = [3, 4, 6];
const DS = [2, 3];
const PAPER_CHARTS = ['frame-vs-uniform', 'etf-phase', 'uniform-convergence'] as const;

let host: ServeProcess;
let browser: BrowserSession;
let app: WorkbenchPage;
let runIds: string[] = [];
/** a run on S^2 (d = 3), whose configuration view turns */
let sphereRun = '';

/** Clicks an export button and returns the downloaded file's path and name. */
async function exportFile(
  page: Page,
  name: string,
  format: 'svg' | 'png' | 'csv',
): Promise<{ path: string; fileName: string }> {
  const panel = page.getByTestId(`export-${name}`);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    panel.getByTestId(`export-${format}`).click(),
  ]);
  const path = join(host.dataDir, `download-${name}.${format}`);
  await download.saveAs(path);
  return { path, fileName: download.suggestedFilename() };
}

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'spherelab-e2e-compare-'));
  const spec = join(dataDir, 'grid.yaml');
  writeFileSync(
    spec,
    `name: n-d sweep\nenergy: ce\nn: [${NS.join(', ')}]\nd: [${DS.join(', ')}]\nseeds: [1, 2]\nmaxIter: 400\n`,
  );
  const sweep = spawnSync(
    process.execPath,
    ['bin/spherelab.mjs', 'sweep', spec, '--db', join(dataDir, 'spherelab.db'), '--parallel', '2', '--json'],
    {
      encoding: 'utf8',
      env: { ...process.env, SPHERELAB_DB: '' },
    },
  );
  expect(sweep.status, sweep.stderr).toBe(0);
  runIds = JSON.parse(sweep.stdout).runIds;
  const store = openStore(join(dataDir, 'spherelab.db'), { recover: false });
  sphereRun = runIds.find((id) => store.getRun(id)?.d === 3 && store.getRun(id)?.n === 6) ?? '';
  store.close();
  host = await startServeProcess({ parallel: 1, dataDir });
  browser = await openBrowser();
  app = new WorkbenchPage(browser.page);
  // the charts honour reduced motion: no animation, so what is drawn is final at once
  await browser.page.emulateMedia({ reducedMotion: 'reduce' });
  await app.open(host.url);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await host?.stop();
});

describe('Compare', () => {
  it('shows the three paper charts of a finished sweep', async () => {
    const { page } = browser;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Compare' }).click();
    await page.getByRole('heading', { name: 'Compare', level: 1 }).waitFor();
    // the newest experiment with completed runs is chosen
    await expect.poll(() => page.getByTestId('compare-experiments').locator('input:checked').count()).toBe(1);

    const fvu = await chartSvg(page, 'frame-vs-uniform');
    for (const text of ['d = 2', 'd = 3', 'simplex ETF (theory)', 'FP / max(n, n\u00b2/d)'])
      expect(fvu).toContain(text);
    const phase = await chartSvg(page, 'etf-phase');
    for (const text of ['n (points)', 'd (dimension)', 'ETF distance']) expect(phase).toContain(text);
    expect(await page.getByTestId('figure-etf-phase').locator('.echart svg path').count()).toBeGreaterThan(
      NS.length * DS.length,
    );
    const convergence = await chartSvg(page, 'uniform-convergence');
    for (const text of ['d = 2', 'd = 3', 'n (points)']) expect(convergence).toContain(text);
    expect(await chartSvg(page, 'metric-vs-parameter')).toContain('FP / max(n, n\u00b2/d)');
    await app.screenshot('compare-paper-charts');
    expect(browser.pageErrors).toEqual([]);
  });

  it('exports each paper chart as SVG, PNG at the chosen DPI, and CSV, through the UI', async () => {
    const { page } = browser;
    for (const name of PAPER_CHARTS) {
      const svg = await exportFile(page, name, 'svg');
      // named after kind, experiment and date
      expect(svg.fileName).toMatch(new RegExp(`^${name}-n-d-sweep-\\d{4}-\\d{2}-\\d{2}\\.svg$`));
      const text = readFileSync(svg.path, 'utf8');
      const parsed = await page.evaluate((source) => {
        const doc = new DOMParser().parseFromString(source, 'image/svg+xml');
        return {
          error: doc.querySelector('parsererror')?.textContent ?? null,
          root: doc.documentElement.nodeName,
          texts: [...doc.querySelectorAll('text')].map((t) => t.textContent),
        };
      }, text);
      expect(parsed.error).toBeNull();
      expect(parsed.root).toBe('svg');
      // a single journal column to start with, the font carried along
      expect(text).toMatch(/^<svg width="85mm" height="62mm"/);
      expect(text).toContain("@font-face{font-family:'Source Serif 4'");
      if (name !== 'etf-phase') expect(parsed.texts).toEqual(expect.arrayContaining(['d = 2', 'd = 3']));

      const panel = page.getByTestId(`export-${name}`);
      await panel.getByTestId('export-dpi').selectOption('150');
      await panel.getByTestId('export-width').fill('80');
      await panel.getByTestId('export-height').fill('60');
      const png = readFileSync((await exportFile(page, name, 'png')).path);
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      // 80 x 60 mm at 150 dpi: round(80 / 25.4 * 150) x round(60 / 25.4 * 150)
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([472, 354]);

      const csv = readFileSync((await exportFile(page, name, 'csv')).path, 'utf8')
        .trimEnd()
        .split('\n')
        // the "# held fixed: ..." line above the header
        .filter((line) => !line.startsWith('#'));
      const header = csv[0].split(',');
      const rows = csv.slice(1).map((line) => line.split(','));
      // one row per (n, d) grid point (a log axis leaves off excesses <= 0), each the best of its two seeds
      expect(rows.length).toBeLessThanOrEqual(NS.length * DS.length);
      expect(rows.length).toBeGreaterThanOrEqual(
        name === 'etf-phase' ? NS.length * DS.length : NS.length * DS.length - 2,
      );
      const best = header.indexOf('bestRunId');
      for (const row of rows) {
        expect(runIds).toContain(row[best]);
        expect(row[header.indexOf('runs')]).toBe('2');
        expect(NS).toContain(Number(row[header.indexOf('n')]));
        expect(DS).toContain(Number(row[header.indexOf('d')]));
      }
    }
    await app.toast(/Exported uniform-convergence-n-d-sweep-.*\.csv/);
    expect(browser.pageErrors).toEqual([]);
  });

  // a generous budget: other test files fork solvers on the same two cores
  it('a run of the sweep shows its charts, and its sphere turns when dragged', async () => {
    const { page } = browser;
    await page.goto(`${host.url}#/runs/${sphereRun}`);
    await page
      .getByTestId('run-charts')
      .waitFor({ timeout: 90_000 })
      .catch(async (error: Error) => {
        await app.screenshot('run-charts-missing');
        throw new Error(`${error.message}\nat ${page.url()}\npage errors: ${browser.pageErrors.join('; ')}`);
      });
    expect(await chartSvg(page, 'trace')).toContain('iteration');
    expect(await chartSvg(page, 'inner-products')).toContain('density');
    expect(await chartSvg(page, 'gegenbauer')).toContain('M8');
    await chartSvg(page, 'gram');
    const sphere = page.getByTestId('figure-configuration');
    const before = await chartSvg(page, 'configuration');
    // the pointer acts on what is on screen
    await sphere.scrollIntoViewIfNeeded();
    const box = (await sphere.locator('.echart').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 80, box.y + box.height / 2 + 30, { steps: 4 });
    await page.mouse.up();
    await expect.poll(() => chartSvg(page, 'configuration'), { timeout: 15_000 }).not.toBe(before);
    await app.screenshot('run-charts');
    expect(browser.pageErrors).toEqual([]);
  }, 150_000);
});

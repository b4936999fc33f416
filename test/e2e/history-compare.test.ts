import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCALAR_METRICS } from '../../core/contract';
import { solve } from '../../core/solve';
import { OwnerLease } from '../../electron/backend/store/owner-lease';
import { openStore } from '../../electron/backend/store/store';
import { openBrowser, type BrowserSession } from './browser';
import { DesignPage } from './design-page';
import { HistoryPage } from './history-page';
import { startServeProcess, type ServeProcess } from './serve-host';
import { WorkbenchPage } from './workbench-page';

/**
 * History and Compare as a tracker user uses them, in Chromium against `serve`: a finished sweep of
 * 64 runs (more than one page of History) tagged on its experiment; the CSV of a filtered table
 * downloaded and parsed; columns chosen and kept; the grouped view; runs selected and compared
 * (trace overlay and side-by-side table); the experiment renamed, cloned and deleted.
 */
const NS = [3, 4, 5, 6];
const DS = [2, 3];
const SEEDS = 8;
const RUNS = NS.length * DS.length * SEEDS;

let host: ServeProcess;
let browser: BrowserSession;
let app: WorkbenchPage;
let history: HistoryPage;

/**
 * Fills the database with the sweep's runs, each solved for real by core's solve in this process
 * (n <= 6 takes milliseconds; the queue and solver processes have tests of their own) and stored
 * as the queue stores a result, so History holds more than one page within seconds.
 */
async function fillArchive(dbPath: string): Promise<void> {
  const store = openStore(dbPath);
  const lease = new OwnerLease(store.db);
  try {
    const spec = {
      name: 'seed sweep',
      energy: 'ce' as const,
      n: NS,
      d: DS,
      seeds: { from: 1, to: SEEDS, step: 1 },
      maxIter: 300,
    };
    const { runIds } = store.createExperiment({ spec, tags: ['paper-grid'] }, lease.id);
    for (const id of runIds) {
      store.claimRun(id, lease.id);
      const { summary, points, trace } = await solve(store.getRun(id)!.spec);
      store.finishRun(id, { summary, points: points.data, rows: points.data.length / points.d, trace });
    }
  } finally {
    lease.release();
    store.close();
  }
}

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'spherelab-e2e-history-'));
  await fillArchive(join(dataDir, 'spherelab.db'));
  host = await startServeProcess({ parallel: 1, dataDir });
  browser = await openBrowser();
  await browser.page.setViewportSize({ width: 1280, height: 720 });
  await browser.page.emulateMedia({ reducedMotion: 'reduce' });
  app = new WorkbenchPage(browser.page);
  history = new HistoryPage(browser.page);
  await app.open(host.url);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await host?.stop();
});

describe('History as a tracker table', () => {
  it('finds the runs by their experiment tag and shows the tag on each run', async () => {
    await app.navigate('History');
    await history.filter({ tag: 'paper-grid' });
    await history.waitForTotal(RUNS);
    const tags = await history.columnValues('tags');
    expect(tags).toHaveLength(50);
    expect(tags.every((t) => t === 'paper-grid')).toBe(true);
    expect(new Set(await history.columnValues('experiment'))).toEqual(new Set(['seed sweep']));
    await app.screenshot('history-1280x720-light');
  });

  it('downloads every filtered run as CSV (all pages, every metric, full precision)', async () => {
    const { page } = browser;
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('download-csv').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^spherelab-runs-.*\.csv$/);
    const path = join(host.dataDir, 'runs.csv');
    await download.saveAs(path);
    const rows = parse(readFileSync(path, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(RUNS);
    expect(new Set(rows.map((r) => r.id)).size).toBe(RUNS);
    const columns = Object.keys(rows[0]!);
    for (const metric of SCALAR_METRICS) expect(columns).toContain(metric);
    expect(rows.every((r) => r.experiment === 'seed sweep' && r.experimentTags === 'paper-grid')).toBe(true);
    // full precision: the CSV's energy reads back as exactly the host's double
    const store = openStore(join(host.dataDir, 'spherelab.db'), { recover: false });
    try {
      for (const row of rows) {
        const stored = store.getRun(row.id)!;
        expect(row.finalEnergy).toBe(String(stored.finalEnergy));
        expect(row.coherence).toBe(String(stored.metrics!.coherence));
        expect(row.certificateVerdict).toBe(stored.certificate!.verdict);
        expect(row.lambdaMin).toBe(String(stored.certificate!.lambdaMin));
        expect(row.configuration).toBe(stored.configuration!.name);
        expect(row.configurationGap).toBe(stored.configuration!.gap === undefined ? '' : String(stored.configuration!.gap));
      }
    } finally {
      store.close();
    }

    // a narrower filter downloads only what it matches
    await history.filter({ dMin: '3', dMax: '3', nMin: '5' });
    await history.waitForTotal(2 * SEEDS);
    const [narrow] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('download-csv').click(),
    ]);
    const narrowPath = join(host.dataDir, 'narrow.csv');
    await narrow.saveAs(narrowPath);
    const narrowRows = parse(readFileSync(narrowPath, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(narrowRows).toHaveLength(2 * SEEDS);
    expect(narrowRows.every((r) => r.d === '3' && Number(r.n) >= 5)).toBe(true);
    await history.filter({ dMin: '', dMax: '', nMin: '' });
    await history.waitForTotal(RUNS);
  });

  it('shows a metric chosen in the column chooser, and keeps the choice after a reload', async () => {
    const { page } = browser;
    await page.getByTestId('column-chooser').click();
    await page.locator('[data-column-choice="capDiscrepancy"]').check();
    await page.getByTestId('column-chooser').click();
    const values = await history.columnValues('capDiscrepancy');
    expect(values.every((v) => v !== '' && v !== '—')).toBe(true);
    await page.reload();
    await app.navigate('History');
    await history.waitForTotal(RUNS);
    expect(await history.columnValues('capDiscrepancy')).toHaveLength(50);
  });

  it('shows the configuration found as a column and filters by its name', async () => {
    const { page } = browser;
    await page.getByTestId('column-chooser').click();
    await page.locator('[data-column-choice="configuration"]').check();
    await page.getByTestId('column-chooser').click();
    // ten filter fields at 1280 px: none may overlap another (a one-row grid squeezed the ranges)
    const boxes = await page.locator('[data-filter]').evaluateAll((fields) =>
      fields.map((f) => ({ name: f.getAttribute('data-filter'), box: f.getBoundingClientRect().toJSON() as DOMRect })),
    );
    for (const [i, a] of boxes.entries())
      for (const b of boxes.slice(i + 1)) {
        const overlap =
          a.box.left < b.box.right && b.box.left < a.box.right && a.box.top < b.box.bottom && b.box.top < a.box.bottom;
        expect(overlap, `filters ${a.name} and ${b.name} overlap`).toBe(false);
      }
    // n = 4 in d = 3: the cross-entropy minimizer is the regular simplex (n <= d + 1)
    await history.filter({ nMin: '4', nMax: '4', dMin: '3', dMax: '3' });
    await history.waitForTotal(SEEDS);
    await page.locator('[data-filter="configuration"]').selectOption('simplex-etf');
    await history.waitForTotal(SEEDS);
    expect(await history.columnValues('configuration')).toEqual(Array(SEEDS).fill('simplex-etf'));
    await page.locator('[data-filter="configuration"]').selectOption('cross-polytope');
    await history.waitForTotal(0);
    await page.locator('[data-filter="configuration"]').selectOption('');
    await history.filter({ nMin: '', nMax: '', dMin: '', dMax: '' });
    await history.waitForTotal(RUNS);
  });

  it('groups runs that differ only by seed, with mean ± sd', async () => {
    const { page } = browser;
    await page.getByTestId('group-seeds').click();
    const groups = page.getByTestId('history-groups').locator('tbody tr');
    await expect.poll(() => groups.count()).toBe(NS.length * DS.length);
    const texts = await groups.allTextContents();
    expect(texts.every((t) => t.includes(`${SEEDS} / ${SEEDS}`))).toBe(true);
    expect(texts.some((t) => t.includes('±'))).toBe(true);
    await app.screenshot('history-grouped-1280x720-light');
    await page.getByTestId('group-seeds').click();
    await history.rows().first().waitFor();
  });
});

describe('Compare runs selected in History', () => {
  it("overlays the selected runs' traces against iteration or wall time, beside a table of their differences", async () => {
    const { page } = browser;
    await history.filter({ nMin: '6', dMin: '3' });
    await history.waitForTotal(SEEDS);
    const ids = (await history.runIds()).slice(0, 3);
    for (const id of ids) await page.locator(`tr[data-run-id="${id}"] input[type=checkbox]`).check();
    await page.getByTestId('compare-selected').click();
    await page.waitForURL(/#\/compare\?runs=/);

    const overlay = page.getByTestId('figure-run-overlay');
    await overlay.locator('.echart svg text').first().waitFor();
    const svg = () =>
      overlay
        .locator('.echart svg')
        .first()
        .evaluate((e) => e.outerHTML);
    for (const id of ids) expect(await svg()).toContain(id.slice(0, 8));
    expect(await svg()).toContain('E \u2212 min E');
    expect(await svg()).toContain('iteration');
    await page.getByTestId('overlay-time').check();
    await expect.poll(svg).toContain('wall time (s)');
    // one energy and one gradient curve per run
    expect(await overlay.locator('.echart svg path[fill="none"]').count()).toBeGreaterThanOrEqual(
      2 * ids.length,
    );

    const side = page.getByTestId('side-by-side');
    expect(await side.locator('thead th').count()).toBe(ids.length + 1);
    // the runs differ by seed and outcome, not by n or d
    expect(await side.locator('tr[data-row="seed"]').getAttribute('data-differs')).toBe('true');
    expect(await side.locator('tr[data-row="n"]').getAttribute('data-differs')).toBe('false');
    expect(await side.locator('tr[data-row="seed"] td.changed').count()).toBe(ids.length - 1);
    await side.getByTestId('only-differences').check();
    expect(await side.locator('tr[data-row="n"]').count()).toBe(0);
    await side.getByTestId('only-differences').uncheck();
    await app.screenshot('compare-overlay-1280x720-light');
    expect(browser.pageErrors).toEqual([]);
  });
});

describe('the screens at 1280x720 and 1920x1080, light and dark', () => {
  const VIEWPORTS = [
    { width: 1280, height: 720 },
    { width: 1920, height: 1080 },
  ];

  /** Right edge of `inner` is within `outer` (not clipped by it), at the current scroll. */
  async function inside(inner: Locator, outer: Locator): Promise<boolean> {
    const [a, b] = await Promise.all([inner.boundingBox(), outer.boundingBox()]);
    return !!a && !!b && a.x >= b.x - 0.5 && a.x + a.width <= b.x + b.width + 0.5;
  }

  it('History, Compare, Run detail, Design and Queue fit, with the tags column and the verdict badges on screen', { timeout: 240_000 }, async () => {
    const { page } = browser;
    const design = new DesignPage(page);
    // two long runs on one solver: one running and one waiting in every shot of the queue
    await app.navigate('Design');
    await design.fill({
      name: 'long',
      n: '500',
      d: '3',
      seeds: '1, 2',
      tol: '1e-15',
      maxIter: '10000000',
      timeLimitSec: '300',
    });
    await design.start();
    await page
      .getByTestId('running-table')
      .locator('tbody tr figure[aria-label="energy sparkline"] polyline')
      .first()
      .waitFor({ timeout: 60_000 });

    await app.navigate('History');
    await history.filter({ nMin: '6', nMax: '6', dMin: '3', tag: '' });
    await history.waitForTotal(SEEDS);
    const [runId] = await history.runIds();
    const compared = (await history.runIds()).slice(0, 3);
    for (const viewport of VIEWPORTS) {
      await page.setViewportSize(viewport);
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        const tag = `${viewport.width}x${viewport.height}-${scheme}`;

        await app.navigate('History');
        await history.waitForTotal(SEEDS);
        const table = page.getByTestId('history-table');
        expect(await inside(table.locator('th[data-column="tags"]'), page.locator('.table-wrap')), tag).toBe(
          true,
        );
        await app.screenshot(`tour-history-${tag}`);

        await app.navigate('Queue');
        await page.getByTestId('running-table').waitFor();
        // the waiting list names the energy, the parameters and the experiment
        expect(await page.getByTestId('waiting').locator('li').first().textContent()).toMatch(
          /ce n=500 d=3 s=1 seed=\d\s*· long/,
        );
        await app.screenshot(`tour-queue-${tag}`);

        await page.goto(`${host.url}#/runs/${runId}`);
        await page.getByTestId('reference-table').waitFor();
        await app.screenshot(`tour-run-${tag}`);
        for (const badge of await page.getByTestId('verdict').all())
          expect(await inside(badge, page.locator('main')), `verdict badge at ${tag}`).toBe(true);

        await page.goto(`${host.url}#/compare?runs=${compared.join(',')}`);
        await page.getByTestId('figure-run-overlay').locator('.echart svg text').first().waitFor();
        await app.screenshot(`tour-compare-${tag}`);

        await app.navigate('Design');
        await design.fill({
          name: 'too big',
          n: '1000000',
          d: '3',
          seeds: '1, 2',
          maxIter: '20000',
          timeLimitSec: '',
          tol: '1e-9',
        });
        await page.getByTestId('limits').waitFor();
        expect(await design.canStart()).toBe(false);
        await app.screenshot(`tour-design-${tag}`);
      }
    }
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.emulateMedia({ colorScheme: 'light' });

    // the long run ends by "Cancel all", whose buttons say what each does
    await app.navigate('Queue');
    await page.getByTestId('cancel-all').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Keep running' }).waitFor();
    await app.screenshot('tour-queue-cancel-all-dialog');
    await dialog.getByRole('button', { name: 'Cancel all runs' }).click();
    await app.toast('Cancelled 2 runs');
    expect(browser.pageErrors).toEqual([]);
  });
});

describe('the Experiments tab', () => {
  it('renames, clones into the design form, and deletes an experiment after saying how many runs go', async () => {
    const { page } = browser;
    await app.navigate('History');
    await page.getByTestId('experiments-tab').click();
    const id = await page
      .getByTestId('experiments-table')
      .locator('tbody tr')
      .filter({ hasText: 'seed sweep' })
      .getAttribute('data-experiment-id');
    const row = page.locator(`tr[data-experiment-id="${id}"]`);
    await row.getByTestId('rename-experiment').click();
    await row.getByTestId('rename-input').fill('seed sweep, renamed');
    await row.getByTestId('rename-input').press('Enter');
    await app.toast('Renamed to "seed sweep, renamed"');
    await row.getByText('seed sweep, renamed').waitFor();

    await row.getByTestId('clone-experiment').click();
    await page.waitForURL(/#\/design$/);
    const design = new DesignPage(page);
    expect(await design.field('name').locator('input').inputValue()).toBe('seed sweep, renamed (copy)');
    expect(await design.field('seeds').locator('input').inputValue()).toBe(`1..${SEEDS}`);
    await expect.poll(() => design.runCount()).toBe(RUNS);

    await app.navigate('History');
    await page.getByTestId('experiments-tab').click();
    await row.getByTestId('delete-experiment').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText(`${RUNS} runs of this experiment will be removed`).waitFor();
    await dialog.getByRole('button', { name: 'Keep it' }).click();
    await row.getByTestId('delete-experiment').click();
    await dialog.getByRole('button', { name: `Delete it and ${RUNS} runs` }).click();
    await app.toast(`Deleted "seed sweep, renamed" and ${RUNS} runs`);
    await expect.poll(() => page.getByTestId('experiments-table').locator('tbody tr').count()).toBe(1);
  });
});

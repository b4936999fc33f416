import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserSession } from './browser';
import type { DesignPage } from './design-page';
import type { HistoryPage } from './history-page';
import type { QueuePage } from './queue-page';
import type { RunPage } from './run-page';
import { startServeProcess, type ServeProcess } from './serve-host';
import { startSession, type Session } from './session';
import type { WorkbenchPage } from './workbench-page';

/**
 * The workbench end to end: the built renderer (npm run build:renderer) in the system Chromium
 * against real `spherelab serve` processes on temporary databases. The steps build on each other
 * like a researcher's session, so they run in order in one browser.
 */
const EXPERIMENT = 'E2E simplex check';
const LONG = 'E2E long run';

describe('the SphereLab workbench in Chromium', () => {
  let session: Session;
  let freshHost: ServeProcess | null = null;
  let browser: BrowserSession;
  let app: WorkbenchPage;
  let design: DesignPage;
  let queue: QueuePage;
  let history: HistoryPage;
  let runPage: RunPage;
  const downloads = mkdtempSync(join(tmpdir(), 'spherelab-downloads-'));
  let archivePath = '';

  beforeAll(async () => {
    session = await startSession({ parallel: 2 });
    ({ browser, app, design, queue, history, runPage } = session);
  });

  afterAll(async () => {
    await session?.close();
    await freshHost?.stop();
    rmSync(downloads, { recursive: true, force: true });
  });

  it('opens on a fresh database with empty states in queue and history', async () => {
    await app.navigate('Queue');
    await browser.page.getByText('Nothing is running').waitFor();
    await app.navigate('History');
    await browser.page.getByText('No runs yet').waitFor();
    await app.screenshot('01-history-empty');
  });

  it('lists the keyboard shortcuts on "?" and closes the list with Esc', async () => {
    await browser.page.locator('body').focus();
    await browser.page.keyboard.press('?');
    await browser.page.getByTestId('shortcut-help').getByText('Open the focused run').waitFor();
    await browser.page.keyboard.press('Escape');
    await browser.page.getByTestId('shortcut-help').waitFor({ state: 'hidden' });
  });

  it('fills the design form from a preset of the paper, with the run count before starting', async () => {
    await app.goWithKeyboard('d');
    await design.applyPreset('The orthoplex regime d+2 <= n <= 2d');
    await expect.poll(() => design.runCount()).toBe(18); // n = 6, 7, 8 x s = 1, 10, 30 x 2 seeds
    await design.applyPreset('Simplex ETF for d >= n-1');
    await expect.poll(() => design.runCount()).toBe(12);
  });

  it('validates as you type, with the message under the field', async () => {
    await design.fill({ n: '4, x' });
    await expect.poll(() => design.errorOf('n')).toContain('"x" is not a number');
    expect(await design.canStart()).toBe(false);
    await design.fill({ n: '1, 4' });
    await expect.poll(() => design.errorOf('n')).toMatch(/^must be at least 2 \(at n = 1, d = 8, s = 1, seed 1\)$/);
    await design.fill({ tol: '-1' });
    await expect.poll(() => design.errorOf('tol')).toMatch(/positive/);
    // alpha belongs to the Riesz energy, the scale s to the exponential kernels
    await design.chooseEnergy('Riesz α-energy');
    await design.field('alpha').waitFor();
    expect(await design.field('s').count()).toBe(0);
    await design.chooseEnergy('Cross-entropy E_s');
    await design.field('s').waitFor();
    await app.screenshot('02-design-errors');
  });

  it('designs an experiment of 6 small runs and starts it', async () => {
    await design.fill({ name: EXPERIMENT, n: '4, 6, 8', d: '8', s: '1', seeds: '1, 2', tol: '1e-10', tags: 'e2e' });
    await expect.poll(() => design.errorOf('n')).toBeNull();
    await expect.poll(() => design.runCount()).toBe(6);
    expect(await design.waitForEstimate()).toMatch(/Solves \(runs × restarts\)\s*6/);
    await app.screenshot('03-design');
    await design.start();
    await app.toast(`Queued 6 runs of "${EXPERIMENT}"`);
  });

  it('watches the runs finish in the queue', async () => {
    await queue.waitForExperimentCompleted(EXPERIMENT, 6);
    expect(await queue.progressText(EXPERIMENT)).toBe('6 / 6 completed');
    await app.screenshot('04-queue-done');
  });

  it('finds them in history by filter and sorts them', async () => {
    await app.goWithKeyboard('h');
    await history.waitForTotal(6);
    await history.filter({ text: 'simplex check', nMin: '6', nMax: '8' });
    await history.waitForTotal(4);
    await history.sortBy('n');
    await history.sortBy('n'); // second click: descending
    await browser.page.locator('th[aria-sort="descending"]').getByText('n').waitFor();
    // the header turns at once; the rows follow when the host's sorted page arrives
    await expect.poll(() => history.columnValues('n')).toEqual(['8', '8', '6', '6']);
    // a filter the host refuses is explained beside the filters, naming what is wrong
    await history.filter({ nMin: '9', nMax: '3' });
    await browser.page.getByTestId('filter-error').filter({ hasText: 'min must not exceed max' }).waitFor();
    expect(await browser.page.locator('[data-filter="nMax"]').getAttribute('aria-invalid')).toBe('true');
    await history.filter({ nMin: '6', nMax: '8' });
    await history.waitForTotal(4);
    await history.filter({ dMin: '9' });
    await history.waitForTotal(0);
    await history.filter({ dMin: '' });
    await history.waitForTotal(4);
    await app.screenshot('05-history-filtered');
  });

  it("opens one run's detail with the keyboard and sees the ETF bound met", async () => {
    const [first] = await history.runIds();
    await history.openRunWithKeyboard(first);
    expect(await runPage.status()).toBe('completed');
    expect(await runPage.verdict('ceEnergy')).toBe('met');
    expect(await runPage.verdict('etfDistance')).toBe('met');
    // the ETF is not a tight frame in R^d when n <= d: above the FP bound, and rightly not "missed"
    expect(await runPage.verdict('framePotential')).toBe('above');
    const found = await runPage.configuration();
    expect(found.name).toBe('simplex-etf');
    // the gap to the closed form is rounding: shown as 0 or "≈ 0", never as digits of noise
    expect(found.gap).toMatch(/^(0|≈ 0)$/);
    await runPage.addTag('etf-verified');
    await runPage.writeNote('Reaches the simplex ETF bound, as Lu and Steinerberger prove for d >= n-1.');
    await app.screenshot('06-run-detail');
    await runPage.showMetrics();
    await app.screenshot('06b-run-detail-metrics');
  });

  it('follows the system colour scheme until the toggle pins one', async () => {
    expect(await app.theme()).toBe('light');
    await browser.page.emulateMedia({ colorScheme: 'dark' });
    await browser.page.locator('html[data-theme="dark"]').waitFor({ state: 'attached' });
    await app.screenshot('07-run-detail-dark');
    await app.toggleTheme();
    expect(await app.theme()).toBe('light');
    await browser.page.emulateMedia({ colorScheme: 'light' });
    await browser.page.emulateMedia({ colorScheme: 'dark' });
    expect(await app.theme()).toBe('light');
    await browser.page.emulateMedia({ colorScheme: 'light' });
  });

  it('cancels a long run from the queue while its sparklines move', async () => {
    await app.navigate('Design');
    await design.fill({ name: LONG, n: '600', d: '3', s: '1', seeds: '7', tol: '1e-15', maxIter: '10000000', tags: '' });
    await design.chooseOptimizer('Gradient descent');
    await expect.poll(() => design.runCount()).toBe(1);
    await design.start();
    const runId = await queue.waitForRunningRun();
    await queue.waitForSparkline(runId);
    await app.screenshot('08-queue-running');
    await queue.openRun(runId);
    await runPage.waitForStatus('running');
    expect(await runPage.liveProgress()).toMatch(/iteration \d+ · energy/);
    await app.screenshot('08b-run-detail-live');
    await browser.page.goBack();
    await queue.cancelRun(runId);
    await queue.waitUntilNotRunning(runId);
    await app.toast(/Cancelled run/);
    await app.goWithKeyboard('h');
    await history.filter({ text: '', nMin: '', nMax: '' });
    await history.filterStatus('cancelled');
    await history.waitForTotal(1);
    expect(await history.runIds()).toEqual([runId]);
  });

  it('asks before deleting; Esc keeps the runs', async () => {
    await history.selectAllOnPage();
    await history.askToDeleteSelected();
    await app.screenshot('09-history-delete-confirm');
    await browser.page.keyboard.press('Escape');
    expect(await history.dialogOpen()).toBe(false);
    await history.waitForTotal(1);
    await history.askToDeleteSelected();
    await browser.page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await app.toast('Deleted 1 run');
    await history.waitForTotal(0);
  });

  it('exports an archive and imports it into a second, fresh host', async () => {
    await history.filterStatus('');
    await history.filter({ text: 'simplex check' });
    await history.waitForTotal(6);
    await history.selectAllOnPage();
    archivePath = await history.exportSelected(downloads);
    await app.toast(/Exported 6 runs/);

    freshHost = await startServeProcess({ parallel: 1 });
    await app.open(freshHost.url);
    await app.navigate('History');
    await browser.page.getByText('No runs yet').waitFor();
    // a file that is not an archive is refused, and the refusal is shown, not swallowed
    const junk = join(downloads, 'notes.spherelab');
    writeFileSync(junk, 'not a database');
    await history.importArchive(junk);
    expect(await app.toast(/notes\.spherelab/)).toMatch(/archive|database|SphereLab/i);
    await app.screenshot('10a-import-refused');
    await history.importArchive(archivePath);
    await app.toast('Imported 6 runs (0 already here) and 1 experiment');
    await history.waitForTotal(6);
    await history.filter({ tag: 'etf-verified' });
    await history.waitForTotal(1);
    await app.screenshot('10-history-imported');
    await history.showExperiments();
    await browser.page.getByTestId('experiments-table').getByText(EXPERIMENT).waitFor();
    await app.screenshot('14-history-experiments');
  });

  it('logged no errors in the page', () => {
    // Deliberate failures (refused filters) are shown inline, never as console errors.
    expect(browser.pageErrors).toEqual([]);
  });
});

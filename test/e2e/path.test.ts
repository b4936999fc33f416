import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, type BrowserSession } from './browser';
import { PathPage } from './path-page';
import { startServeProcess, type ServeProcess } from './serve-host';
import { WorkbenchPage } from './workbench-page';

/**
 * A path in s end to end: the built renderer in the system Chromium against a real `spherelab
 * serve`. The design form's orthoplex preset (n = 6, d = 4, s 0.5 to 4, 14 steps: 43 solves and
 * 36 per transition, a few seconds) is started as it is; the path page follows it live and shows
 * the 3+3 -> 4+2 transition near s = 1.9700637 (the crossing of the two closed forms).
 * Screenshots at 1280x720, light and dark, go to test-artifacts/screenshots/.
 */
describe('a path in s in the workbench', () => {
  let host: ServeProcess;
  let browser: BrowserSession;
  let app: WorkbenchPage;
  let paths: PathPage;
  let pathId = '';

  beforeAll(async () => {
    host = await startServeProcess({ parallel: 1 });
    browser = await openBrowser();
    app = new WorkbenchPage(browser.page);
    paths = new PathPage(browser.page);
    await browser.page.setViewportSize({ width: 1280, height: 720 });
    // charts drawn at once, so a screenshot shows them whole
    await browser.page.emulateMedia({ reducedMotion: 'reduce' });
    await app.open(host.url);
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it('the design form offers a path in s, with the orthoplex preset and the solves it will make', async () => {
    await app.navigate('Design');
    await paths.chooseKind('path');
    await browser.page.getByRole('heading', { name: 'Design a path in s' }).waitFor();
    await paths.applyPreset('Orthoplex regime: n = 6, d = 4, s from 0.5 to 4');
    // 15 up, 15 down, 13 fresh starts; each transition adds 2 x 18 halvings of 0.25 down to 1e-6
    await expect.poll(() => paths.plannedSolves()).toBe(43);
    expect(await browser.page.getByTestId('path-bisection-solves').textContent()).toBe('36');
    await app.screenshot('path-design-1280x720-light');
    await browser.page.getByTestId('path-field-sTo').locator('input').fill('0.4');
    await expect.poll(() => browser.page.getByTestId('path-field-sTo').locator('.field-error').textContent()).toMatch(/s to must exceed s from/);
    expect(await browser.page.getByTestId('path-start').isDisabled()).toBe(true);
    await browser.page.getByTestId('path-field-sTo').locator('input').fill('4');
    await expect.poll(() => paths.plannedSolves()).toBe(43);
  });

  it('Start opens the path page, which follows the path live and then shows the 3+3 -> 4+2 transition', async () => {
    pathId = await paths.start();
    await browser.page.getByTestId('path-progress').waitFor();
    expect(await paths.progressText()).toMatch(/solve/);
    await expect.poll(() => paths.status(), { timeout: 120_000, interval: 250 }).toBe('done');
    const transitions = await paths.transitions();
    expect(transitions).toHaveLength(1);
    expect(transitions[0]).toMatchObject({ from: 'simplex-sum 3+3', to: 'simplex-sum 4+2' });
    // the decimals the final bisection bracket (about 1e-6 wide) resolves
    expect(transitions[0]!.s).toMatch(/^\d\.\d{6}$/);
    expect(Math.abs(Number(transitions[0]!.s) - 1.9700637)).toBeLessThan(2e-6);
    // every step of the three sweeps, the lowest at each s in bold
    expect(await browser.page.getByTestId('steps-table').locator('tbody tr').count()).toBe(43);
    expect(await browser.page.getByTestId('path-spec').textContent()).toMatch(/Steps14 \(Δs = 0\.25\)/);
    // the chart, drawn by the figure builders like every other, with its exports
    const chart = browser.page.getByTestId('figure-path');
    await chart.locator('svg').first().waitFor();
    // the transition is a labelled line through both panels, the configurations named on either side
    await chart.locator('svg text', { hasText: 's = 1.970064' }).first().waitFor();
    for (const name of ['simplex-sum 3+3', 'simplex-sum 4+2']) await chart.locator('svg text', { hasText: name }).first().waitFor();
    await expect.poll(() => chart.textContent()).toMatch(/transition at s = 1\.970064: simplex-sum 3\+3 → simplex-sum 4\+2/);
  });

  it('looks right at 1280x720, light and dark: the top of the page, and the chart', async () => {
    // the start's toast is a strip under the view: dismissed, the page has the whole height
    for (const close of await browser.page.getByRole('button', { name: /^Dismiss/ }).all()) await close.click();
    for (const scheme of ['light', 'dark'] as const) {
      await browser.page.emulateMedia({ colorScheme: scheme });
      await browser.page.locator('#path-title').evaluate((title) => title.scrollIntoView({ block: 'end' }));
      await app.screenshot(`path-6-4-1280x720-${scheme}`);
      await browser.page.getByTestId('figure-path').scrollIntoViewIfNeeded();
      await app.screenshot(`path-6-4-chart-1280x720-${scheme}`);
    }
    await browser.page.emulateMedia({ colorScheme: 'light' });
  });

  it('Queue lists it among the paths, History under Paths in s with its transition', async () => {
    await app.navigate('Queue');
    const row = browser.page.getByTestId('queue-paths').locator(`tr[data-path-id="${pathId}"]`);
    await row.getByText('done').waitFor();
    await app.navigate('History');
    await browser.page.getByTestId('paths-tab').click();
    await browser.page
      .locator(`tr[data-path-id="${pathId}"]`)
      .getByText(/simplex-sum 3\+3 → simplex-sum 4\+2 at s = 1\.97006/)
      .waitFor();
    await browser.page.locator(`tr[data-path-id="${pathId}"]`).getByRole('link').click();
    await browser.page.waitForURL(new RegExp(`#/paths/${pathId}$`));
  });

  it('a long path shows its progress live in Queue and is cancelled there', async () => {
    await app.navigate('Design');
    await paths.chooseKind('path');
    await browser.page.getByTestId('path-field-steps').locator('input').fill('1000');
    await expect.poll(() => paths.plannedSolves()).toBe(3001);
    const longId = await paths.start();
    const solves = async () => Number(/solve (\d+)/.exec(await paths.progressText())?.[1] ?? 0);
    await browser.page.getByTestId('path-progress').waitFor();
    const first = await solves();
    await expect.poll(solves, { timeout: 60_000 }).toBeGreaterThan(first);
    expect(await paths.progressText()).toMatch(/of 3001 · s (increasing|decreasing) · s = /);
    await app.screenshot('path-running-1280x720-light');

    await app.navigate('Queue');
    const row = browser.page.getByTestId('queue-paths').locator(`tr[data-path-id="${longId}"]`);
    await row.getByText(/^solve \d+ of 3001/).waitFor();
    // the list follows the path's progress events too
    const listed = async () => Number(/solve (\d+)/.exec((await row.textContent()) ?? '')?.[1] ?? 0);
    const seen = await listed();
    await expect.poll(listed, { timeout: 60_000 }).toBeGreaterThan(seen);
    await app.screenshot('path-queue-running-1280x720-light');
    await row.getByRole('button', { name: 'Cancel' }).click();
    await row.getByText('cancelled', { exact: true }).waitFor();
    await row.getByRole('link').click();
    await expect.poll(() => paths.status()).toBe('cancelled');
    expect(await browser.page.getByTestId('path-failure').textContent()).toBe('cancelled on request');
    expect(browser.pageErrors).toEqual([]);
  });
});

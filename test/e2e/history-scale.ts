/**
 * How History behaves on a large database: fills a database with RUNS completed runs (default
 * 100 000; their metrics are synthetic, the configurations tiny), serves it, and times in Chromium
 * the first page, the next page, a range filter and a sort by a metric. Prints figures; asserts
 * nothing (a benchmark, not a test).
 *
 *   npm run build:renderer && node bin/run-ts.mjs test/e2e/history-scale.ts [RUNS]
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunSpec } from '../../core/spec/run-spec';
import type { SolveSummary } from '../../core/spec/run-result';
import { OwnerLease } from '../../electron/backend/store/owner-lease';
import { openStore } from '../../electron/backend/store/store';
import { openBrowser } from './browser';
import { HistoryPage } from './history-page';
import { startServeProcess } from './serve-host';
import { WorkbenchPage } from './workbench-page';

const RUNS = Number(process.argv[2] ?? 100_000);

function fill(dbPath: string): number {
  const started = performance.now();
  const store = openStore(dbPath);
  const lease = new OwnerLease(store.db);
  const OWNER = lease.id;
  store.db.transaction(() => {
    for (let i = 0; i < RUNS; i++) {
      const n = 2 + (i % 40);
      const d = 2 + (i % 9);
      const spec = RunSpec.parse({ energy: 'ce', n, d, s: 1 + (i % 5), seed: i });
      const id = store.insertRun(spec, { owner: OWNER });
      store.claimRun(id, OWNER);
      const value = n * Math.log(n) * (1 + (i % 97) / 1000);
      const metric = (k: number) => ((i * 7919 + k * 104729) % 1000) / 1000;
      const summary: SolveSummary = {
        energy: value,
        energyPerPoint: value / n,
        gradNorm: 1e-10,
        iterations: 10 + (i % 300),
        evaluations: 12 + (i % 300),
        wallMs: 5 + (i % 1000),
        seed: i,
        restarts: { total: 1, reachedBest: 1, completed: 1 },
        stopReason: 'converged',
        evaluator: 'direct',
        metrics: {
          ceEnergy: value, etfDistance: metric(1), etfDistanceFrobenius: metric(2), etfBound: value * 0.99,
          etfBoundGap: value * 0.01, uniformEnergy: metric(3), uniformGap: metric(4), framePotential: n,
          framePotentialRatio: 1 + metric(5), tightnessError: metric(6), coherence: metric(7), welchBound: metric(8) / 2,
          maxInnerProduct: metric(9), minAngle: 1, balance: metric(10), gegenbauer: [0, 0, 0, 0, 0, 0, 0, 0],
          designStrength: 2, capDiscrepancy: metric(11), minDistance: metric(12), selfDuality: null,
        },
      };
      store.finishRun(id, { summary, points: new Float64Array(n * d).fill(1 / Math.sqrt(d)), rows: n, trace: [] });
    }
  })();
  lease.release();
  store.close();
  return performance.now() - started;
}

async function timed(what: string, action: () => Promise<void>): Promise<void> {
  const started = performance.now();
  await action();
  console.log(`${what.padEnd(44)} ${(performance.now() - started).toFixed(0).padStart(6)} ms`);
}

const dataDir = mkdtempSync(join(tmpdir(), 'spherelab-scale-'));
console.log(`filling ${RUNS} completed runs: ${(fill(join(dataDir, 'spherelab.db')) / 1000).toFixed(1)} s`);
const host = await startServeProcess({ parallel: 1, dataDir });
const browser = await openBrowser();
try {
  const app = new WorkbenchPage(browser.page);
  const history = new HistoryPage(browser.page);
  await timed('open the app', () => app.open(host.url));
  await timed(`History, first page of ${RUNS}`, async () => {
    await app.navigate('History');
    await history.waitForTotal(RUNS);
  });
  await timed('next page', async () => {
    await browser.page.getByRole('button', { name: 'Next page' }).click();
    await browser.page.getByTestId('page-range').filter({ hasText: /^51–100 of/ }).waitFor();
  });
  const matching = Math.round(RUNS / 40) * 11; // n in 10..20: 11 of the 40 values of n
  await timed('filter n from 10 to 20', async () => {
    await history.filter({ nMin: '10', nMax: '20' });
    await history.waitForTotal(matching);
  });
  await timed('sort by ETF gap', async () => {
    await history.sortBy('etfBoundGap');
    await browser.page.locator('th[aria-sort="ascending"] [data-sort="etfBoundGap"]').waitFor();
  });
  await timed('last page', async () => {
    await browser.page.getByRole('button', { name: 'Last page' }).click();
    await browser.page.getByTestId('page-range').filter({ hasText: new RegExp(`–${matching.toLocaleString('en-US')} of`) }).waitFor();
  });
  await app.screenshot('13-history-100k');
} finally {
  await browser.close();
  await host.stop();
}

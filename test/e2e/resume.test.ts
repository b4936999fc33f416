import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, type BrowserSession } from './browser';
import { DesignPage } from './design-page';
import { QueuePage } from './queue-page';
import { startServeProcess, type ServeProcess } from './serve-host';
import { WorkbenchPage } from './workbench-page';

/**
 * A host that stops with a run in flight: the run ends interrupted, the page says the host is
 * gone, and after a restart on the same database the queue offers to resume it.
 */
describe('resuming an interrupted run', () => {
  let host: ServeProcess;
  let browser: BrowserSession;
  let app: WorkbenchPage;
  let design: DesignPage;
  let queue: QueuePage;

  beforeAll(async () => {
    host = await startServeProcess({ parallel: 1 });
    browser = await openBrowser();
    app = new WorkbenchPage(browser.page);
    design = new DesignPage(browser.page);
    queue = new QueuePage(browser.page);
    await app.open(host.url);
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it('shows the run interrupted after the host stops, and resumes it after a restart', async () => {
    await app.navigate('Design');
    await design.fill({ name: 'E2E interrupted run', n: '500', d: '3', s: '1', seeds: '3', tol: '1e-15', maxIter: '10000000' });
    await design.chooseOptimizer('Gradient descent');
    await design.start();
    const runId = await queue.waitForRunningRun();
    await queue.waitForSparkline(runId);

    const dataDir = host.dataDir;
    await host.stop({ keepData: true });
    await browser.page.getByTestId('host-lost').waitFor();
    await app.screenshot('11-host-lost');

    host = await startServeProcess({ parallel: 1, dataDir });
    await app.open(host.url); // a new start prints a new token
    await app.navigate('Queue');
    await queue.resumeInterrupted(runId);
    await app.toast('Resumed 1 run');
    expect(await queue.waitForRunningRun()).toBe(runId);
    await queue.waitForSparkline(runId);
    await app.screenshot('12-queue-resumed');
    await queue.cancelRun(runId);
    await queue.waitUntilNotRunning(runId);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServeProcess } from './serve-host';
import { startSession, type Session } from './session';

/**
 * A host that stops with a run in flight: the run ends interrupted, the page says the host is
 * gone, and after a restart on the same database the queue offers to resume it.
 */
describe('resuming an interrupted run', () => {
  let s: Session;

  beforeAll(async () => {
    s = await startSession({ parallel: 1 });
  });

  afterAll(async () => {
    await s?.close();
  });

  it('shows the run interrupted after the host stops, and resumes it after a restart', async () => {
    const { app, design, queue, browser } = s;
    await app.navigate('Design');
    await design.fill({ name: 'E2E interrupted run', n: '500', d: '3', s: '1', seeds: '3', tol: '1e-15', maxIter: '10000000' });
    await design.chooseOptimizer('Gradient descent');
    await design.start();
    const runId = await queue.waitForRunningRun();
    await queue.waitForSparkline(runId);

    const dataDir = s.host.dataDir;
    await s.host.stop({ keepData: true });
    await browser.page.getByTestId('host-lost').waitFor();
    await app.screenshot('11-host-lost');

    s.host = await startServeProcess({ parallel: 1, dataDir });
    await app.open(s.host.url); // a new start prints a new token
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

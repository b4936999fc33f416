import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { electronExecutable, electronUnavailable } from '../../bin/electron-availability.mjs';
import { DesignPage } from '../e2e/design-page';
import { QueuePage } from '../e2e/queue-page';

/**
 * The real desktop app under Playwright's Electron mode: launch, design a tiny experiment, see it
 * finish. It needs the Electron binary (downloaded from the network at install time) and a display,
 * so where either is missing it is skipped and says why.
 */
const root = join(import.meta.dirname, '..', '..');
const reason: string | null = electronUnavailable(root);
if (reason) console.log(`desktop smoke test skipped: ${reason}`);

describe.skipIf(reason !== null)('the desktop app (Electron mode)', () => {
  it('launches, runs a tiny experiment and quits cleanly', async () => {
    const userData = mkdtempSync(join(tmpdir(), 'spherelab-electron-'));
    const app = await _electron.launch({
      executablePath: electronExecutable(root)!,
      args: [root],
      env: { ...process.env, XDG_DATA_HOME: userData, SPHERELAB_DB: join(userData, "spherelab.db") },
    });
    try {
      const page = await app.firstWindow();
      await page.getByTestId('host-status').filter({ hasText: 'Connected' }).waitFor();
      const design = new DesignPage(page);
      await design.fill({ name: 'desktop smoke', n: '4', d: '3', seeds: '1' });
      await design.start();
      await new QueuePage(page).waitForExperimentCompleted('desktop smoke', 1);
      const isolated = await page.evaluate(() => typeof (globalThis as { require?: unknown }).require);
      expect(isolated).toBe('undefined');
    } finally {
      await app.close();
      rmSync(userData, { recursive: true, force: true });
    }
  });
});

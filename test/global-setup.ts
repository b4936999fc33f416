import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findChromium } from './helpers/chromium-path';
import { endProcessesOfRun, RUN_TOKEN_VARIABLE } from './helpers/process-registry';

/**
 * Vitest global setup, once per `vitest run`:
 * - every test and every process it starts sees a fresh, temporary per-user data folder, so a test
 *   that forgets --db never writes into the real ~/.local/share/spherelab;
 * - the browser tests get a Chromium (found, or installed once here; see chromium-path.ts);
 * - every process the run starts is marked, and the teardown ends whatever is still alive.
 */
export default function globalSetup(): () => Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'spherelab-test-home-'));
  process.env.XDG_DATA_HOME = dir;
  delete process.env.SPHERELAB_DB;
  const token = randomUUID();
  process.env[RUN_TOKEN_VARIABLE] = token;
  process.env.CHROMIUM_PATH = findChromium((line) => process.stderr.write(line + '\n'));
  return async () => {
    const left = await endProcessesOfRun(token);
    if (left.length > 0)
      process.stderr.write(
        `global teardown: ended ${left.length} processes the tests left running: ${left.join(' ')}\n`,
      );
    rmSync(dir, { recursive: true, force: true });
  };
}

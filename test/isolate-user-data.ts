import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Vitest global setup: every test and every process it starts sees a fresh, temporary per-user data
 * folder, so a test that forgets --db never writes into the real ~/.local/share/spherelab.
 */
export default function isolateUserData(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'spherelab-test-home-'));
  process.env.XDG_DATA_HOME = dir;
  delete process.env.SPHERELAB_DB;
  return () => rmSync(dir, { recursive: true, force: true });
}

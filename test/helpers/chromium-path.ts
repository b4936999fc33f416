import { spawnSync } from 'node:child_process';
import { ensureDebianPackages } from './debian-packages';

/**
 * The Chromium the browser tests drive: $CHROMIUM_PATH, else the first of chromium, chromium-browser
 * and google-chrome on PATH; where there is none, Debian's `chromium` is installed (root or sudo
 * without a password), or the run stops once with the command to type.
 */
const CANDIDATES = ['chromium', 'chromium-browser', 'google-chrome'];

function onPath(): string | undefined {
  for (const name of CANDIDATES) {
    const found = spawnSync('sh', ['-c', 'command -v "$1"', 'sh', name], { encoding: 'utf8' });
    if (found.status === 0) return found.stdout.trim();
  }
  return undefined;
}

export function findChromium(log: (line: string) => void): string {
  const given = process.env.CHROMIUM_PATH;
  if (given) {
    log(`browser tests: Chromium from CHROMIUM_PATH, ${given}`);
    return given;
  }
  let found = onPath();
  if (!found) {
    ensureDebianPackages('the browser tests', ['chromium'], ['chromium']);
    found = onPath();
  }
  if (!found) throw new Error('the browser tests: no Chromium after installing it');
  log(`browser tests: Chromium found at ${found}`);
  return found;
}

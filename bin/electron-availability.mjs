// Whether Electron can start on this machine, decided without requiring 'electron' (requiring it
// downloads the binary, which fails offline). Shared by `npm start` and the desktop smoke test.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The Electron executable, or null when its binary is not installed. */
export function electronExecutable(root, env = process.env) {
  const pkg = join(root, 'node_modules', 'electron');
  const pathFile = join(pkg, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const relative = readFileSync(pathFile, 'utf8');
  const exe = env.ELECTRON_OVERRIDE_DIST_PATH
    ? join(env.ELECTRON_OVERRIDE_DIST_PATH, relative)
    : join(pkg, 'dist', relative);
  return existsSync(exe) ? exe : null;
}

/** Why Electron cannot start here, or null when it can. */
export function electronUnavailable(root, env = process.env) {
  if (!existsSync(join(root, 'node_modules', 'electron'))) return 'the electron package is not installed';
  if (!electronExecutable(root, env)) {
    return 'the Electron binary is not installed (node_modules/electron/dist is missing; `npx install-electron` downloads it where the network allows)';
  }
  if (process.platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) {
    return 'there is no display (DISPLAY and WAYLAND_DISPLAY are not set)';
  }
  return null;
}

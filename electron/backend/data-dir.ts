import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Where the SphereLab database lives: `--db FILE`, else $SPHERELAB_DB, else spherelab.db in the
 * platform's per-user data folder (Linux $XDG_DATA_HOME/spherelab or ~/.local/share/spherelab,
 * macOS ~/Library/Application Support/SphereLab, Windows %APPDATA%\SphereLab). Everything the answer
 * depends on is a parameter, so tests need no real home folder.
 */

export interface DataDirEnvironment {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  home: string;
}

const current = (): DataDirEnvironment => ({ platform: process.platform, env: process.env, home: homedir() });

export function dataDir(environment: DataDirEnvironment = current()): string {
  const { platform, env, home } = environment;
  if (platform === 'win32') return join(env.APPDATA || join(home, 'AppData', 'Roaming'), 'SphereLab');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'SphereLab');
  const xdg = env.XDG_DATA_HOME;
  // the XDG spec says relative paths are invalid and must be ignored
  return join(xdg && xdg.startsWith('/') ? xdg : join(home, '.local', 'share'), 'spherelab');
}

export const DB_FILE_NAME = 'spherelab.db';

export function databasePath(flag?: string, environment: DataDirEnvironment = current()): string {
  if (flag) return resolve(flag);
  if (environment.env.SPHERELAB_DB) return resolve(environment.env.SPHERELAB_DB);
  return join(dataDir(environment), DB_FILE_NAME);
}

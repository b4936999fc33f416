import { realpathSync, statSync } from 'node:fs';
import { sep } from 'node:path';

/**
 * A regular file that lies inside `root` once every symlink on its way is resolved: its real path
 * and size, or null. `path.resolve` alone only removes `..`; a link inside the folder can still
 * point anywhere on the disk, so the real path is what is checked and what is opened.
 */
export function confinedFile(root: string, path: string): { path: string; size: number } | null {
  try {
    const realRoot = realpathSync(root);
    const real = realpathSync(path);
    if (!real.startsWith(realRoot + sep)) return null;
    const stat = statSync(real);
    return stat.isFile() ? { path: real, size: stat.size } : null;
  } catch {
    return null;
  }
}

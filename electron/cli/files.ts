import { statSync, type Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from './command';

/** Files named on the command line, checked before any work so a wrong name is bad input (exit 2). */

function kindOf(stat: Stats): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a FIFO (named pipe)';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * A file to read whole: it must exist and be a regular file, not a device (/dev/zero never ends) or
 * a folder. `pipes`: a FIFO is read too (a spec from `<(...)` is one); an archive must be seekable.
 */
export function inputFile(file: string, options: { pipes?: boolean } = {}): string {
  const path = resolve(file);
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) throw new UsageError(`${file}: no such file`);
  if (!stat.isFile() && !(options.pipes && stat.isFIFO()))
    throw new UsageError(`${file} is ${kindOf(stat)}, not a regular file`);
  return path;
}

/** A file to write: its folder must exist (nothing is created but the file itself). */
export function outputFile(flag: string, file: string): string {
  const path = resolve(file);
  const folder = statSync(dirname(path), { throwIfNoEntry: false });
  if (!folder?.isDirectory())
    throw new UsageError(`--${flag} ${file}: the folder ${dirname(path)} does not exist`);
  const existing = statSync(path, { throwIfNoEntry: false });
  if (existing && !existing.isFile())
    throw new UsageError(`--${flag} ${file} is ${kindOf(existing)}, not a file to write`);
  return path;
}

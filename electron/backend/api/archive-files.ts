import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { ArchiveFileName, ApiRequestError } from '../../../core/contract';

/**
 * The archives folder: the only place archive/export writes and archive/import reads. The renderer
 * names files, never paths (ArchiveFileName has no separators and no ".."); this module resolves a
 * name and checks once more that it stays inside the folder. Browser mode moves the bytes over HTTP
 * (electron/serve/archive-transfer.ts), Electron through its dialogs.
 */
export const ARCHIVE_EXTENSION = '.spherelab';

export function archivePath(dir: string, fileName: string): string {
  const parsed = ArchiveFileName.safeParse(fileName);
  const root = resolve(dir);
  const path = resolve(root, fileName);
  // resolve() only removes `..`: a symlink in the folder pointing elsewhere is not a file of it
  const escapes = existsSync(path) && !realpathSync(path).startsWith(realpathSync(root) + sep);
  if (!parsed.success || !path.startsWith(root + sep) || escapes) {
    throw new ApiRequestError({
      code: 'validation',
      message: `fileName: ${parsed.success ? 'must name a file inside the archives folder' : parsed.error.issues[0]?.message}`,
      issues: [{ path: 'fileName', message: 'must be a plain file name inside the archives folder' }],
    });
  }
  return path;
}

export function withExtension(fileName: string): string {
  return fileName.endsWith(ARCHIVE_EXTENSION) ? fileName : `${fileName}${ARCHIVE_EXTENSION}`;
}

/** `base`, or base-2, base-3... before the extension, whichever does not exist yet. */
export function unusedName(dir: string, fileName: string): string {
  const stem = fileName.slice(0, fileName.length - ARCHIVE_EXTENSION.length);
  let candidate = fileName;
  for (let i = 2; existsSync(join(dir, candidate)); i++) candidate = `${stem}-${i}${ARCHIVE_EXTENSION}`;
  return candidate;
}

/** spherelab-20261127-103000.spherelab (UTC) */
export function defaultArchiveName(now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `spherelab-${stamp}${ARCHIVE_EXTENSION}`;
}

export function listArchives(dir: string): { fileName: string; sizeBytes: number; modifiedAt: string }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith(ARCHIVE_EXTENSION) && ArchiveFileName.safeParse(name).success)
    .map((name) => ({ name, stat: statSync(join(dir, name)) }))
    .filter(({ stat }) => stat.isFile())
    .sort((a, b) => b.stat.mtimeMs - a.stat.mtimeMs)
    .map(({ name, stat }) => ({
      fileName: name,
      sizeBytes: stat.size,
      modifiedAt: stat.mtime.toISOString(),
    }));
}

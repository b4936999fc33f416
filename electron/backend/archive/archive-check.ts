import Database from 'better-sqlite3';
import { closeSync, copyFileSync, existsSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { tmpdir } from 'node:os';
import { randomUUID } from 'node:crypto';
import { ApiRequestError } from '../../../core/contract';
import {
  checkReadable,
  DatabaseOpenError,
  loadMigrations,
  openDatabase,
  readFileVersion,
} from '../store/migrate';

/**
 * Decides whether a file is a SphereLab archive this version can import, before the target database
 * is touched: a SQLite header, the whole length its header promises, SphereLab's application id, a
 * schema version not newer than ours, and a clean integrity check. An older archive is migrated in a
 * temporary copy; the file itself is only ever read.
 */

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

export const badArchive = (file: string, why: string) =>
  new ApiRequestError({ code: 'bad-archive', message: `cannot import ${basename(file)}: ${why}` });

function readHeader(path: string): Buffer {
  const fd = openSync(path, 'r');
  try {
    const header = Buffer.alloc(100);
    const read = readSync(fd, header, 0, 100, 0);
    return header.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

function checkLength(path: string): void {
  if (!existsSync(path) || !statSync(path).isFile()) throw badArchive(path, 'no such file');
  const size = statSync(path).size;
  const header = readHeader(path);
  if (header.length < 100 || !header.subarray(0, 16).equals(SQLITE_MAGIC)) {
    throw badArchive(path, 'it is not a SphereLab archive (not a SQLite database file)');
  }
  const rawPageSize = header.readUInt16BE(16);
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize;
  const pages = header.readUInt32BE(28);
  // the page count in the header is valid when the two change counters agree (SQLite >= 3.7.0)
  const countValid = header.readUInt32BE(24) === header.readUInt32BE(92) && pages > 0;
  if (countValid && size < pages * pageSize) {
    throw badArchive(path, `the file is truncated: ${size} bytes, its header says ${pages * pageSize}`);
  }
  if (size % pageSize !== 0)
    throw badArchive(
      path,
      `the file is truncated: ${size} bytes is not a whole number of ${pageSize}-byte pages`,
    );
}

export interface CheckedArchive {
  /** the file to attach: the archive itself, or a migrated temporary copy */
  path: string;
  /** removes the temporary copy, if any */
  dispose(): void;
}

export function checkArchive(path: string): CheckedArchive {
  checkLength(path);
  const latest = loadMigrations().length;
  let userVersion: number;
  try {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    try {
      const version = readFileVersion(db);
      if (!version.hasTables) throw badArchive(path, 'it is an empty SQLite file, not a SphereLab archive');
      checkReadable(version, latest, `the archive ${basename(path)}`);
      const problems = db.pragma('integrity_check', { simple: false }) as { integrity_check: string }[];
      if (problems[0]?.integrity_check !== 'ok') {
        throw badArchive(
          path,
          `the file is corrupt (${problems
            .slice(0, 3)
            .map((p) => p.integrity_check)
            .join('; ')})`,
        );
      }
      userVersion = version.userVersion;
    } finally {
      db.close();
    }
  } catch (error) {
    if (error instanceof ApiRequestError) throw error;
    if (error instanceof DatabaseOpenError) throw badArchive(path, error.message);
    throw badArchive(
      path,
      `the file is corrupt or not a database (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  if (userVersion === latest) return { path, dispose: () => {} };
  const copy = join(tmpdir(), `spherelab-import-${randomUUID().slice(0, 8)}.db`);
  const dispose = () => rmSync(copy, { force: true });
  try {
    copyFileSync(path, copy);
    openDatabase(copy, { journal: 'delete', backup: false }).close();
    return { path: copy, dispose };
  } catch (error) {
    dispose();
    throw badArchive(
      path,
      `its schema ${userVersion} could not be brought up to date: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

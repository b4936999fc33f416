import Database from 'better-sqlite3';
import {
  closeSync,
  copyFileSync,
  existsSync,
  mkdtempSync,
  openSync,
  readSync,
  rmSync,
  statSync,
} from 'node:fs';
import { basename, join } from 'node:path';
import { tmpdir } from 'node:os';
import { ApiRequestError } from '../../../core/contract';
import { addChecksumFunction } from '../store/checksum';
import {
  checkReadable,
  DatabaseOpenError,
  loadMigrations,
  openDatabase,
  readFileVersion,
} from '../store/migrate';
import {
  describeDifferences,
  readSchema,
  sameSchema,
  schemaAt,
  schemaDifferences,
} from '../store/schema-match';
import { checkRows, RowCheckFailed } from './archive-rows';

/**
 * Decides whether a file is a SphereLab archive this version can import, without the target
 * database (so no lock on it is held meanwhile). The file is copied first to a private folder, and
 * only the copy is read, checked and later imported: what was checked is what goes in. In order: a
 * SQLite header and the whole length it promises; SphereLab's application id and a schema version not
 * newer than ours; exactly SphereLab's schema at that version (views, triggers and extra objects are
 * refused before any row is read: reading them could run any query, for ever); a clean integrity
 * check; an older schema migrated in the copy; then every row (archive-rows.ts), within a time limit.
 */

/** An archive that takes longer to check is refused. */
export const DEFAULT_CHECK_TIME_LIMIT_MS = 5 * 60_000;

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
  if (!existsSync(path)) throw badArchive(path, 'no such file');
  if (!statSync(path).isFile())
    throw badArchive(path, 'it is not a regular file (a folder, a device or a pipe)');
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
  /** the checked private copy, migrated to the current schema: attach this one */
  path: string;
  /** removes the copy */
  dispose(): void;
}

export interface CheckOptions {
  /** default DEFAULT_CHECK_TIME_LIMIT_MS */
  timeLimitMs?: number;
}

/** Header, version and schema of the copy; returns its schema version. `label` is the user's file. */
function checkStructure(copy: string, label: string): number {
  const migrations = loadMigrations();
  const db = new Database(copy, { readonly: true, fileMustExist: true });
  try {
    const version = readFileVersion(db);
    if (!version.hasTables) throw badArchive(label, 'it is an empty SQLite file, not a SphereLab archive');
    checkReadable(version, migrations.length, `the archive ${basename(label)}`);
    if (version.userVersion === 0) throw badArchive(label, 'it has tables but no schema version');
    const differences = schemaDifferences(readSchema(db), schemaAt(migrations, version.userVersion));
    if (!sameSchema(differences))
      throw badArchive(
        label,
        `its schema is not SphereLab's (${describeDifferences(differences)}); nothing was read from it`,
      );
    const problems = db.pragma('integrity_check', { simple: false }) as { integrity_check: string }[];
    if (problems[0]?.integrity_check !== 'ok') {
      throw badArchive(
        label,
        `the file is corrupt (${problems
          .slice(0, 3)
          .map((p) => p.integrity_check)
          .join('; ')})`,
      );
    }
    return version.userVersion;
  } finally {
    db.close();
  }
}

export function checkArchive(path: string, options: CheckOptions = {}): CheckedArchive {
  const limit = options.timeLimitMs ?? DEFAULT_CHECK_TIME_LIMIT_MS;
  const deadline = Date.now() + limit;
  checkLength(path);
  const dir = mkdtempSync(join(tmpdir(), 'spherelab-import-'));
  const copy = join(dir, 'archive.db');
  const dispose = () => rmSync(dir, { recursive: true, force: true });
  try {
    copyFileSync(path, copy);
    const version = checkStructure(copy, path);
    if (version < loadMigrations().length) {
      try {
        openDatabase(copy, { journal: 'delete', backup: false }).close();
      } catch (error) {
        throw badArchive(
          path,
          `its schema ${version} could not be brought up to date: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
    const db = new Database(copy, { readonly: true, fileMustExist: true });
    try {
      addChecksumFunction(db);
      checkRows(db, deadline);
    } finally {
      db.close();
    }
    return { path: copy, dispose };
  } catch (error) {
    dispose();
    if (error instanceof ApiRequestError) throw error;
    if (error instanceof RowCheckFailed)
      throw badArchive(
        path,
        error.timedOut
          ? `checking it took longer than ${limit / 1000} s; nothing was imported`
          : `${error.message}; nothing was imported`,
      );
    if (error instanceof DatabaseOpenError) throw badArchive(path, error.message);
    throw badArchive(
      path,
      `the file is corrupt or not a database (${error instanceof Error ? error.message : String(error)})`,
    );
  }
}

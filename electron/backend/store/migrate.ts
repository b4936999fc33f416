import Database from 'better-sqlite3';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { appVersion } from './app-info';
import { addChecksumFunction } from './checksum';
import {
  describeDifferences,
  readSchema,
  schemaAt,
  schemaDifferences,
  versionOfSchema,
} from './schema-match';

/**
 * Opens a SphereLab database file and brings its schema up to date. Migrations are the files
 * migrations/NNNN_name.sql, applied in order inside one transaction and counted by PRAGMA user_version.
 * Before an existing file is migrated, a consistent copy is written beside it (VACUUM INTO). A file from
 * a newer SphereLab, or a SQLite file that is not SphereLab's, is refused and left untouched. A
 * SphereLab file that lost its user_version (0, with SphereLab's tables) is adopted at the version its
 * schema matches; other tables at version 0 are refused before anything is written.
 */

/** PRAGMA application_id of every SphereLab file: "SPLB". */
export const APPLICATION_ID = 0x53504c42;
/** How long a statement waits for another process's write lock before SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 15_000;

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const MIGRATIONS_DIR = fileURLToPath(new URL('../../../migrations/', import.meta.url));

export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const migrations = readdirSync(dir)
    .map((file) => /^(\d{4})_([a-z0-9_]+)\.sql$/.exec(file))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ version: Number(m[1]), name: m[2]!, sql: readFileSync(join(dir, m[0]), 'utf8') }))
    .sort((a, b) => a.version - b.version);
  migrations.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new Error(
        `migrations must be numbered 0001, 0002, ... without gaps; found ${m.version} at position ${i + 1}`,
      );
  });
  return migrations;
}

export class DatabaseOpenError extends Error {
  constructor(
    message: string,
    readonly reason: 'newer' | 'foreign',
  ) {
    super(message);
    this.name = 'DatabaseOpenError';
  }
}

export interface OpenOptions {
  /** 'wal' for the working database (several processes), 'delete' for standalone archives */
  journal?: 'wal' | 'delete';
  /** write a copy before migrating an existing file (default true) */
  backup?: boolean;
  migrations?: Migration[];
}

export interface FileVersion {
  userVersion: number;
  applicationId: number;
  /** the SphereLab version that last migrated it, when it says */
  writtenBy: string | null;
  hasTables: boolean;
}

export function readFileVersion(db: Database.Database): FileVersion {
  const userVersion = db.pragma('user_version', { simple: true }) as number;
  const applicationId = db.pragma('application_id', { simple: true }) as number;
  const hasTables =
    db.prepare("SELECT count(*) AS c FROM sqlite_schema WHERE type = 'table'").pluck().get() !== 0;
  let writtenBy: string | null = null;
  // only a table is read: a view named meta could run any query, for ever
  if (hasTables && db.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'meta' AND type = 'table'").get()) {
    writtenBy =
      (db.prepare("SELECT value FROM meta WHERE key = 'last_version'").pluck().get() as string) ?? null;
  }
  return { userVersion, applicationId, writtenBy, hasTables };
}

/** Refuses what this SphereLab cannot read; `label` names the file in the message. */
export function checkReadable(version: FileVersion, latest: number, label: string): void {
  if (version.hasTables && version.applicationId !== APPLICATION_ID) {
    throw new DatabaseOpenError(`${label} is a SQLite file but not a SphereLab database`, 'foreign');
  }
  if (version.userVersion > latest) {
    const by = version.writtenBy ? `SphereLab ${version.writtenBy}` : 'a newer SphereLab';
    throw new DatabaseOpenError(
      `${label} has schema version ${version.userVersion}, written by ${by}; this SphereLab ${appVersion()} reads schema versions up to ${latest}. Update SphereLab to open it.`,
      'newer',
    );
  }
}

export function openDatabase(path: string, options: OpenOptions = {}): Database.Database {
  const existed = existsSync(path) && statSync(path).size > 0;
  if (!existed) mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { timeout: BUSY_TIMEOUT_MS });
  try {
    addChecksumFunction(db);
    // refuse before anything is written: even the journal mode is in the file header
    const migrations = options.migrations ?? loadMigrations();
    const version = readFileVersion(db);
    checkReadable(version, migrations.length, path);
    startingVersion(db, version, migrations, path);
    db.pragma(`journal_mode = ${options.journal === 'delete' ? 'DELETE' : 'WAL'}`);
    // With WAL, NORMAL syncs at checkpoints rather than at every commit: a killed process loses
    // nothing (the WAL is in the OS), a power cut may lose the last commits but never corrupts.
    // Archives (rollback journal) use FULL: they are written once and must be whole.
    db.pragma(`synchronous = ${options.journal === 'delete' ? 'FULL' : 'NORMAL'}`);
    db.pragma('foreign_keys = ON');
    migrate(db, path, existed, options);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** The version to migrate from: user_version, or for an unversioned file its schema's version. */
function startingVersion(db: Database.Database, version: FileVersion, migrations: Migration[], path: string) {
  if (version.userVersion > 0 || !version.hasTables) return version.userVersion;
  const adopted = versionOfSchema(db, migrations);
  if (adopted !== null) return adopted;
  const closest = describeDifferences(
    schemaDifferences(readSchema(db), schemaAt(migrations, migrations.length)),
  );
  throw new DatabaseOpenError(
    `${path} has tables but no schema version, and they are not a SphereLab schema (${closest}). SphereLab leaves it as it is: open another file, or move this one aside.`,
    'foreign',
  );
}

function migrate(db: Database.Database, path: string, existed: boolean, options: OpenOptions): void {
  const migrations = options.migrations ?? loadMigrations();
  const latest = migrations.length;
  const before = readFileVersion(db);
  checkReadable(before, latest, path);
  if (before.userVersion === latest) return;
  // refused here, before a backup is written, so trying again leaves nothing behind
  const from = startingVersion(db, before, migrations, path);
  let backup: string | null = null;
  if (existed && before.hasTables && from < latest && options.backup !== false) {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    backup = `${path}.v${from}-${stamp}.backup`;
    db.prepare('VACUUM INTO ?').run(backup);
  }
  try {
    db.transaction(() => {
      // another process may have migrated between the check above and this write lock
      const now = readFileVersion(db);
      checkReadable(now, latest, path);
      for (const m of migrations.slice(startingVersion(db, now, migrations, path))) db.exec(m.sql);
      if (!now.hasTables) db.pragma(`application_id = ${APPLICATION_ID}`);
      const setMeta = db.prepare(
        'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      );
      if (!now.hasTables) setMeta.run('created_by', appVersion());
      setMeta.run('last_version', appVersion());
      db.pragma(`user_version = ${latest}`);
    }).immediate();
  } catch (error) {
    // the transaction rolled back: the file is as it was, and the copy would only pile up on retries
    if (backup) rmSync(backup, { force: true });
    throw error;
  }
}

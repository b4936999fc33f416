import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  APPLICATION_ID,
  DatabaseOpenError,
  loadMigrations,
  openDatabase,
} from '../../electron/backend/store/migrate';
import { appVersion } from '../../electron/backend/store/app-info';
import { tempDir } from './store-fixtures';

const schemaOf = (db: Database.Database) =>
  db.prepare('SELECT type, name, sql FROM sqlite_schema ORDER BY name').all();
const fileHash = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('migrations', () => {
  const migrations = loadMigrations();

  it('migrates an empty file to the latest schema with WAL, NORMAL sync, foreign keys and STRICT tables', () => {
    const path = join(tempDir(), 'fresh.db');
    const db = openDatabase(path);
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
    expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(1);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    const tables = db.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'table'").all() as {
      name: string;
      sql: string;
    }[];
    expect(tables.map((t) => t.name).sort()).toEqual([
      'configurations',
      'experiments',
      'meta',
      'notes',
      'owners',
      'paths',
      'runs',
      'tags',
      'traces',
    ]);
    for (const t of tables) expect(t.sql, t.name).toMatch(/\) STRICT$/);
    expect(db.prepare("SELECT value FROM meta WHERE key = 'created_by'").pluck().get()).toBe(appVersion());
    db.close();
  });

  it('re-opening a current file changes nothing and writes no backup', () => {
    const dir = tempDir();
    const path = join(dir, 'a.db');
    const db = openDatabase(path);
    const schema = schemaOf(db);
    db.close();
    const again = openDatabase(path);
    expect(schemaOf(again)).toEqual(schema);
    expect(again.pragma('user_version', { simple: true })).toBe(migrations.length);
    again.close();
    expect(readdirSync(dir).filter((f) => f.endsWith('.backup'))).toEqual([]);
  });

  it('writes a backup copy of an existing file before migrating it, and the copy holds the old data', () => {
    const dir = tempDir();
    const path = join(dir, 'old.db');
    const db = openDatabase(path, { migrations });
    db.prepare("INSERT INTO meta (key, value) VALUES ('marker', 'kept')").run();
    db.close();
    const next = [
      ...migrations,
      {
        version: migrations.length + 1,
        name: 'test_column',
        sql: 'ALTER TABLE runs ADD COLUMN test_extra TEXT;',
      },
    ];
    const migrated = openDatabase(path, { migrations: next });
    expect(migrated.pragma('user_version', { simple: true })).toBe(next.length);
    expect(
      migrated
        .prepare("SELECT count(*) FROM pragma_table_info('runs') WHERE name = 'test_extra'")
        .pluck()
        .get(),
    ).toBe(1);
    migrated.close();
    const backups = readdirSync(dir).filter((f) => f.endsWith('.backup'));
    expect(backups).toHaveLength(1);
    expect(backups[0]).toMatch(new RegExp(`^old\\.db\\.v${migrations.length}-`));
    const copy = new Database(join(dir, backups[0]!), { readonly: true });
    expect(copy.pragma('user_version', { simple: true })).toBe(migrations.length);
    expect(copy.prepare("SELECT value FROM meta WHERE key = 'marker'").pluck().get()).toBe('kept');
    copy.close();
  });

  it('refuses a file from a newer SphereLab, naming the version that wrote it, and leaves it untouched', () => {
    const path = join(tempDir(), 'newer.db');
    const db = openDatabase(path);
    db.prepare("UPDATE meta SET value = '9.4.1' WHERE key = 'last_version'").run();
    db.pragma('user_version = 999');
    db.pragma('journal_mode = DELETE');
    db.close();
    const before = fileHash(path);
    let error: unknown;
    try {
      openDatabase(path);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DatabaseOpenError);
    expect((error as Error).message).toContain('schema version 999');
    expect((error as Error).message).toContain('SphereLab 9.4.1');
    expect((error as Error).message).toContain(`up to ${migrations.length}`);
    expect(fileHash(path)).toBe(before);
  });

  it('refuses a SQLite file that is not SphereLab', () => {
    const path = join(tempDir(), 'other.db');
    const other = new Database(path);
    other.exec('CREATE TABLE photos (id INTEGER PRIMARY KEY)');
    other.close();
    expect(() => openDatabase(path)).toThrow(/not a SphereLab database/);
  });

  it('two connections opening one new file migrate it once', async () => {
    const path = join(tempDir(), 'race.db');
    const [a, b] = [openDatabase(path), openDatabase(path)];
    expect(a.pragma('user_version', { simple: true })).toBe(migrations.length);
    expect(b.prepare("SELECT count(*) FROM meta WHERE key = 'created_by'").pluck().get()).toBe(1);
    a.close();
    b.close();
  });

  it('adopts a SphereLab schema that lost its version number, once, without a backup pile', () => {
    const dir = tempDir();
    const path = join(dir, 'unversioned.db');
    const db = openDatabase(path, { migrations: migrations.slice(0, 1) });
    db.prepare("INSERT INTO meta (key, value) VALUES ('marker', 'kept')").run();
    db.pragma('user_version = 0');
    db.close();
    const adopted = openDatabase(path);
    expect(adopted.pragma('user_version', { simple: true })).toBe(migrations.length);
    expect(adopted.prepare("SELECT value FROM meta WHERE key = 'marker'").pluck().get()).toBe('kept');
    adopted.close();
    expect(readdirSync(dir).filter((f) => f.endsWith('.backup'))).toHaveLength(migrations.length > 1 ? 1 : 0);
  });

  it('refuses tables at version 0 that are not a SphereLab schema, clearly, and writes no backup on any try', () => {
    const dir = tempDir();
    const path = join(dir, 'half.db');
    const db = new Database(path);
    db.pragma(`application_id = ${APPLICATION_ID}`);
    db.exec('CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT; CREATE TABLE notes (x)');
    db.close();
    const before = fileHash(path);
    for (let attempt = 0; attempt < 3; attempt++) {
      let error: unknown;
      try {
        openDatabase(path);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(DatabaseOpenError);
      expect((error as Error).message).toMatch(/no schema version.*not a SphereLab schema/s);
      expect((error as Error).message).not.toMatch(/already exists/);
    }
    expect(readdirSync(dir).filter((f) => f.endsWith('.backup'))).toEqual([]);
    expect(fileHash(path)).toBe(before);
  });

  it('a migration that fails leaves the file as it was and removes the backup it made', () => {
    const dir = tempDir();
    const path = join(dir, 'stuck.db');
    openDatabase(path).close();
    const broken = [
      ...migrations,
      { version: migrations.length + 1, name: 'broken', sql: 'ALTER TABLE nowhere ADD COLUMN x TEXT;' },
    ];
    for (let attempt = 0; attempt < 2; attempt++)
      expect(() => openDatabase(path, { migrations: broken })).toThrow(/no such table: nowhere/);
    expect(readdirSync(dir).filter((f) => f.endsWith('.backup'))).toEqual([]);
    const db = openDatabase(path);
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
    db.close();
  });
});

import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { existsSync, realpathSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { openDatabase } from '../store/migrate';
import type { SqliteStore } from '../store/store';
import { badArchive, checkArchive, type CheckOptions } from './archive-check';

/**
 * Archives: standalone SphereLab files (same schema, rollback journal) holding selected experiments
 * and runs with everything that hangs off them. Export copies rows into a fresh file and renames it
 * into place; import merges by id in one transaction and skips what the target already has. Runs that
 * were queued or running travel as interrupted, without an owner: no process of the other side owns them.
 */

export interface ArchiveSelection {
  experimentIds?: string[];
  runIds?: string[];
}

export interface ImportCounts {
  experimentsAdded: number;
  experimentsSkipped: number;
  runsAdded: number;
  runsSkipped: number;
}

/** The same file as the store's database (through links too), or one of its WAL companions. */
function isStoreFile(store: SqliteStore, path: string): boolean {
  const real = (p: string) => (existsSync(p) ? realpathSync(p) : resolve(p));
  const target = real(path);
  return [store.path, `${store.path}-wal`, `${store.path}-shm`].some((p) => real(p) === target);
}

const columnsOf = (db: Database.Database, table: string) =>
  (db.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(table) as string[]).map((c) => `"${c}"`);

/** SELECT list for runs with owner cleared and active statuses turned interrupted. */
function runSelectList(db: Database.Database, alias: string): string {
  return columnsOf(db, 'runs')
    .map((c) =>
      c === '"owner"'
        ? 'NULL'
        : c === '"status"'
          ? `CASE WHEN ${alias}.status IN ('queued', 'running') THEN 'interrupted' ELSE ${alias}.status END`
          : `${alias}.${c}`,
    )
    .join(', ');
}

/**
 * Copies runs (ids in temp.move_runs) and experiments (ids in temp.move_experiments) with their traces,
 * configurations, tags and notes from schema `from` to schema `to`. Both schemas are current.
 */
function copyRows(db: Database.Database, from: string, to: string): void {
  const list = (table: string) => columnsOf(db, table).join(', ');
  const exp = list('experiments');
  db.exec(
    `INSERT INTO ${to}.experiments (${exp}) SELECT ${exp} FROM ${from}.experiments WHERE id IN (SELECT id FROM temp.move_experiments)`,
  );
  db.exec(
    `INSERT INTO ${to}.runs (${list('runs')}) SELECT ${runSelectList(db, 'r')} FROM ${from}.runs r WHERE r.id IN (SELECT id FROM temp.move_runs)`,
  );
  for (const table of ['traces', 'configurations']) {
    db.exec(
      `INSERT INTO ${to}.${table} (${list(table)}) SELECT ${list(table)} FROM ${from}.${table} WHERE run_id IN (SELECT id FROM temp.move_runs)`,
    );
  }
  for (const table of ['tags', 'notes']) {
    db.exec(
      `INSERT INTO ${to}.${table} (${list(table)}) SELECT ${list(table)} FROM ${from}.${table}
       WHERE run_id IN (SELECT id FROM temp.move_runs) OR experiment_id IN (SELECT id FROM temp.move_experiments)`,
    );
  }
}

function withTempIds<T>(db: Database.Database, work: () => T): T {
  db.exec(
    'CREATE TEMP TABLE move_runs (id TEXT PRIMARY KEY); CREATE TEMP TABLE move_experiments (id TEXT PRIMARY KEY);',
  );
  try {
    return work();
  } finally {
    db.exec('DROP TABLE temp.move_runs; DROP TABLE temp.move_experiments;');
  }
}

/** Writes the selection (nothing selected: everything) to `path`, replacing it atomically. */
export function exportArchive(
  store: SqliteStore,
  path: string,
  selection: ArchiveSelection = {},
): { experiments: number; runs: number } {
  if (isStoreFile(store, path))
    throw new Error(`${path} is the database itself; choose another file for the archive`);
  const db = store.db;
  const partial = join(dirname(path), `.${randomUUID().slice(0, 8)}.spherelab-partial`);
  try {
    openDatabase(partial, { journal: 'delete', backup: false }).close();
    db.prepare('ATTACH DATABASE ? AS archive').run(partial);
    let counts: { experiments: number; runs: number };
    try {
      counts = withTempIds(db, () =>
        db.transaction(() => {
          const all = !selection.experimentIds?.length && !selection.runIds?.length;
          const ids = (values: string[] | undefined) => JSON.stringify(values ?? []);
          db.prepare(
            `INSERT INTO temp.move_runs SELECT id FROM main.runs
             WHERE ? OR experiment_id IN (SELECT value FROM json_each(?)) OR id IN (SELECT value FROM json_each(?))`,
          ).run(all ? 1 : 0, ids(selection.experimentIds), ids(selection.runIds));
          // the experiments asked for, and those of every run that goes, so foreign keys hold
          db.prepare(
            `INSERT INTO temp.move_experiments SELECT id FROM main.experiments
             WHERE ? OR id IN (SELECT value FROM json_each(?))
                OR id IN (SELECT experiment_id FROM main.runs WHERE id IN (SELECT id FROM temp.move_runs))`,
          ).run(all ? 1 : 0, ids(selection.experimentIds));
          copyRows(db, 'main', 'archive');
          return {
            experiments: db.prepare('SELECT count(*) FROM temp.move_experiments').pluck().get() as number,
            runs: db.prepare('SELECT count(*) FROM temp.move_runs').pluck().get() as number,
          };
        })(),
      );
    } finally {
      db.exec('DETACH DATABASE archive');
    }
    renameSync(partial, path);
    return counts;
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
}

/**
 * Merges the archive into the store: first the archive is checked whole, row by row, in a private copy
 * (archive-check.ts) without touching the store; then one short transaction adds the experiments and
 * runs whose id the store lacks, with everything that hangs off them, and skips the rest. A file that
 * is not a sound SphereLab archive is refused (ApiRequestError 'bad-archive') and the store is left
 * exactly as it was.
 */
export function importArchive(store: SqliteStore, path: string, options: CheckOptions = {}): ImportCounts {
  if (isStoreFile(store, path)) throw badArchive(path, 'it is the database itself');
  const checked = checkArchive(path, options);
  const db = store.db;
  try {
    // the checked copy, only read from: the transaction below writes to main alone
    db.prepare('ATTACH DATABASE ? AS src').run(checked.path);
    try {
      return withTempIds(db, () =>
        db
          .transaction(() => {
            db.exec(
              `INSERT INTO temp.move_experiments SELECT id FROM src.experiments WHERE id NOT IN (SELECT id FROM main.experiments)`,
            );
            db.exec(
              `INSERT INTO temp.move_runs SELECT id FROM src.runs WHERE id NOT IN (SELECT id FROM main.runs)`,
            );
            copyRows(db, 'src', 'main');
            const count = (sql: string) => db.prepare(sql).pluck().get() as number;
            const experimentsAdded = count('SELECT count(*) FROM temp.move_experiments');
            const runsAdded = count('SELECT count(*) FROM temp.move_runs');
            return {
              experimentsAdded,
              experimentsSkipped: count('SELECT count(*) FROM src.experiments') - experimentsAdded,
              runsAdded,
              runsSkipped: count('SELECT count(*) FROM src.runs') - runsAdded,
            };
          })
          .immediate(),
      );
    } finally {
      db.exec('DETACH DATABASE src');
    }
  } catch (error) {
    if (
      error instanceof Error &&
      'code' in error &&
      String(error.code).startsWith('SQLITE_') &&
      !String(error.code).startsWith('SQLITE_BUSY')
    ) {
      throw badArchive(path, `its content could not be merged (${error.message}); nothing was imported`);
    }
    throw error;
  } finally {
    checked.dispose();
  }
}

import { statSync } from 'node:fs';
import { databasePath } from '../backend/data-dir';
import { openStore, type SqliteStore } from '../backend/store/store';
import { UsageError } from './command';
import type { FlagTable } from './flags';

/** `--db FILE`, the same for every command that opens the database. */
export const DB_FLAG = {
  db: {
    value: 'FILE',
    help: 'the database (default: $SPHERELAB_DB, else spherelab.db in the user data folder)',
  },
} as const satisfies FlagTable;

interface CliStoreOptions {
  /**
   * For commands that read or change what is there (list, show, rm, ...): a missing database is bad
   * input, not an empty one to create (with its folders) and then report as empty.
   */
  mustExist?: boolean;
  /** mark runs of dead processes interrupted on open (default true) */
  recover?: boolean;
}

/** Opens the database `--db` names (else $SPHERELAB_DB, else the default). */
export function openCliStore(db: string | undefined, options: CliStoreOptions = {}): SqliteStore {
  const path = databasePath(db);
  if (options.mustExist) {
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat || stat.size === 0)
      throw new UsageError(`no SphereLab database at ${path} (spherelab run or sweep creates one)`);
    if (!stat.isFile()) throw new UsageError(`${path} is not a database file`);
  }
  return openStore(path, { recover: options.recover });
}

/** Runs `work` on the database, and closes it whatever happens. */
export async function withCliStore<T>(
  db: string | undefined,
  options: CliStoreOptions,
  work: (store: SqliteStore) => T | Promise<T>,
): Promise<T> {
  const store = openCliStore(db, options);
  try {
    return await work(store);
  } finally {
    store.close();
  }
}

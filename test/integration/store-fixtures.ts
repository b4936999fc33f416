import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

/** Temporary folders removed after each test, a content hash of a database, and the result data of store-results.ts. */
export * from './store-results';

const folders: string[] = [];
afterEach(() => {
  for (const f of folders.splice(0)) rmSync(f, { recursive: true, force: true });
});

export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'spherelab-store-'));
  folders.push(dir);
  return dir;
}

/** sha256 over every row of every table but `owners` (process leases are not content), in key order. */
export function contentHash(db: Database.Database): string {
  const hash = createHash('sha256');
  const tables = db
    .prepare(
      "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT IN ('owners') AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .pluck()
    .all() as string[];
  for (const table of tables) {
    hash.update(`table ${table}\n`);
    for (const row of db.prepare(`SELECT * FROM "${table}" ORDER BY 1, 2`).raw().iterate() as Iterable<
      unknown[]
    >) {
      for (const value of row)
        hash.update(value instanceof Uint8Array ? value : `${typeof value}:${String(value)}|`);
      hash.update('\n');
    }
  }
  hash.update(`user_version ${db.pragma('user_version', { simple: true })}`);
  return hash.digest('hex');
}

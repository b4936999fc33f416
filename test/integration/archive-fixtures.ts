import Database from 'better-sqlite3';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportArchive, importArchive } from '../../electron/backend/archive/archive';
import { addChecksumFunction } from '../../electron/backend/store/checksum';
import { openStore, type SqliteStore } from '../../electron/backend/store/store';
import { fakeResult, numbers, recordCheckpoint } from './store-results';

/** A small source database and its archive, and ways to damage copies of that archive. */

export interface Source {
  store: SqliteStore;
  archive: string;
  experimentId: string;
  runIds: string[];
}

/** One experiment of four runs: two completed (final points, traces), one failed, one interrupted with a checkpoint. */
export function smallSource(dir: string): Source {
  const store = openStore(join(dir, 'source.db'));
  const lease = store.acquireLease();
  const { experiment, runIds } = store.createExperiment(
    { spec: { name: 'grid', energy: 'ce', n: [3, 5], d: 3, seeds: [1, 2] }, tags: ['ce'] },
    lease.id,
  );
  store.setNote({ experimentId: experiment.id }, 'about the grid');
  const rnd = numbers(3);
  for (const [i, id] of runIds.entries()) {
    recordCheckpoint(store, id, lease.id, rnd, 2, 1.5);
    const run = store.getRun(id)!;
    if (i === 2) store.endRun(id, 'failed', 'solver process exited with code 1');
    else if (i < 2) store.finishRun(id, fakeResult(run.n, run.d, i + 1));
    else store.endRun(id, 'interrupted', 'SphereLab closed while the run was going');
  }
  store.setTags({ runId: runIds[0]! }, ['best']);
  store.setNote({ runId: runIds[0]! }, 'first run');
  lease.release();
  const archive = join(dir, 'good.spherelab');
  exportArchive(store, archive);
  return { store, archive, experimentId: experiment.id, runIds };
}

/** A copy of `archive` changed by `sql`, with foreign keys and CHECK constraints off, as a forger would. */
export function altered(archive: string, to: string, sql: string, params: unknown[] = []): string {
  copyFileSync(archive, to);
  const db = new Database(to);
  try {
    addChecksumFunction(db);
    db.pragma('foreign_keys = OFF');
    // bypass CHECK constraints as a hand-crafted file would
    db.pragma('ignore_check_constraints = ON');
    if (params.length) db.prepare(sql).run(...params);
    else db.exec(sql);
  } finally {
    db.close();
  }
  return to;
}

/** The error `work` throws; a test failure when it does not throw. */
export function thrown(work: () => unknown): Error & { code?: string } {
  try {
    work();
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error('expected a refusal, but it went through');
}

export const refusal = (target: SqliteStore, file: string) => thrown(() => importArchive(target, file));

/** A copy of `file` with one byte changed inside the first stored copy of `blob` (to = file: in place). */
export function flipped(file: string, to: string, blob: Uint8Array): string {
  const bytes = readFileSync(file);
  const at = bytes.indexOf(Buffer.from(blob));
  if (at < 0) throw new Error('the BLOB is not stored in one piece in the file');
  bytes[at + Math.floor(blob.length / 2)]! ^= 0x10;
  writeFileSync(to, bytes);
  return to;
}

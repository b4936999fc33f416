import Database from 'better-sqlite3';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportArchive, importArchive } from '../../electron/backend/archive/archive';
import { openStore, type SqliteStore } from '../../electron/backend/store/store';
import { contentHash, fakeResult, numbers, recordCheckpoint, tempDir } from './store-fixtures';

/** Two experiments, completed and failed runs with configurations, traces, checkpoints, tags and notes. */
function populated(path: string): { store: SqliteStore; experimentIds: string[]; runIds: string[] } {
  const store = openStore(path);
  const lease = store.acquireLease();
  const experimentIds: string[] = [];
  const runIds: string[] = [];
  const rnd = numbers(7);
  for (const [name, energy] of [
    ['ce grid', 'ce'],
    ['riesz line', 'riesz'],
  ] as const) {
    const created = store.createExperiment(
      { spec: { name, energy, n: [3, 5], d: [2, 4], seeds: [1, 2] }, tags: [energy] },
      lease.id,
    );
    experimentIds.push(created.experiment.id);
    store.setNote({ experimentId: created.experiment.id }, `about ${name}`);
    for (const [i, id] of created.runIds.entries()) {
      runIds.push(id);
      recordCheckpoint(store, id, lease.id, rnd, 3, 1);
      const run = store.getRun(id)!;
      if (i === 1) store.endRun(id, 'failed', 'solver process exited with code 1');
      else store.finishRun(id, fakeResult(run.n, run.d, i + 1));
      if (i === 2) {
        store.setTags({ runId: id }, ['check']);
        store.setNote({ runId: id }, 'odd minimum');
      }
    }
  }
  lease.release();
  return { store, experimentIds, runIds };
}

const refused = (target: SqliteStore, file: string) => {
  try {
    importArchive(target, file);
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error(`importing ${file} did not fail`);
};

describe('archives', () => {
  it('export then import into an empty database reproduces every row; a second import adds nothing', () => {
    const dir = tempDir();
    const { store: source } = populated(join(dir, 'source.db'));
    const file = join(dir, 'all.spherelab');
    expect(exportArchive(source, file)).toEqual({ experiments: 2, runs: 16 });
    const archive = new Database(file, { readonly: true });
    expect(archive.pragma('journal_mode', { simple: true })).toBe('delete');
    archive.close();

    const target = openStore(join(dir, 'target.db'));
    expect(importArchive(target, file)).toEqual({
      experimentsAdded: 2,
      experimentsSkipped: 0,
      runsAdded: 16,
      runsSkipped: 0,
    });
    expect(contentHash(target.db)).toBe(contentHash(source.db));
    const once = contentHash(target.db);
    expect(importArchive(target, file)).toEqual({
      experimentsAdded: 0,
      experimentsSkipped: 2,
      runsAdded: 0,
      runsSkipped: 16,
    });
    expect(contentHash(target.db)).toBe(once);
    source.close();
    target.close();
  });

  it('exports a selection with the experiments its runs need, and merges it beside existing runs', () => {
    const dir = tempDir();
    const { store: source, experimentIds, runIds } = populated(join(dir, 'source.db'));
    const file = join(dir, 'some.spherelab');
    // experiment 0 whole, and one run of experiment 1 (its experiment comes along for the foreign key)
    expect(
      exportArchive(source, file, { experimentIds: [experimentIds[0]!], runIds: [runIds[10]!] }),
    ).toEqual({ experiments: 2, runs: 9 });
    const target = openStore(join(dir, 'target.db'));
    const own = target.insertRun(source.getRun(runIds[0]!)!.spec);
    expect(importArchive(target, file)).toMatchObject({ runsAdded: 9, experimentsAdded: 2 });
    expect(target.listRuns({}).total).toBe(10);
    const copied = target.getRun(runIds[2]!)!;
    expect(copied).toEqual(source.getRun(runIds[2]!));
    expect(copied.tags).toEqual(['check']);
    expect(target.getConfiguration(runIds[2]!, 'final')!.points).toEqual(
      source.getConfiguration(runIds[2]!, 'final')!.points,
    );
    expect(target.getRun(own)!.status).toBe('queued');
    source.close();
    target.close();
  });

  it('carries runs that were running as interrupted, with no owner', () => {
    const dir = tempDir();
    const source = openStore(join(dir, 'source.db'));
    const lease = source.acquireLease();
    const { runIds } = source.createExperiment(
      { spec: { name: 'live', energy: 'ce', n: 3, d: 2 } },
      lease.id,
    );
    source.claimRun(runIds[0]!, lease.id);
    exportArchive(source, join(dir, 'live.spherelab'));
    const target = openStore(join(dir, 'target.db'));
    importArchive(target, join(dir, 'live.spherelab'));
    expect(target.getRun(runIds[0]!)).toMatchObject({ status: 'interrupted', owner: null });
    expect(source.getRun(runIds[0]!)).toMatchObject({ status: 'running', owner: lease.id });
    lease.release();
    source.close();
    target.close();
  });

  it('refuses truncated, random, foreign, empty and newer-version files and leaves the target as it was', () => {
    const dir = tempDir();
    const { store: source } = populated(join(dir, 'source.db'));
    const good = join(dir, 'good.spherelab');
    exportArchive(source, good);
    const bytes = readFileSync(good);

    const truncated = join(dir, 'truncated.spherelab');
    writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const random = join(dir, 'random.spherelab');
    const next = numbers(99);
    writeFileSync(random, Buffer.from(Array.from({ length: 8192 }, () => Math.floor(next() * 256))));
    const newer = join(dir, 'newer.spherelab');
    copyFileSync(good, newer);
    const bump = new Database(newer);
    bump.prepare("UPDATE meta SET value = '7.0.0' WHERE key = 'last_version'").run();
    bump.pragma('user_version = 42');
    bump.close();
    const foreign = join(dir, 'foreign.spherelab');
    const other = new Database(foreign);
    other.exec('CREATE TABLE runs (id TEXT)');
    other.close();
    const empty = join(dir, 'empty.spherelab');
    writeFileSync(empty, '');
    // a page in the middle overwritten: the length is right, the content is not
    const corrupt = join(dir, 'corrupt.spherelab');
    const damaged = Buffer.from(bytes);
    damaged.fill(0xa5, 4096 * 3, 4096 * 4);
    writeFileSync(corrupt, damaged);

    const target = openStore(join(dir, 'target.db'));
    target.insertRun(source.listRuns({}).rows[0]!.spec);
    const before = contentHash(target.db);
    const cases: [string, RegExp][] = [
      [truncated, /truncated/],
      [random, /not a SphereLab archive/],
      [newer, /schema version 42, written by SphereLab 7\.0\.0.*Update SphereLab/],
      [foreign, /not a SphereLab database/],
      [empty, /not a SphereLab archive/],
      [corrupt, /corrupt/],
      [join(dir, 'missing.spherelab'), /no such file/],
    ];
    for (const [file, message] of cases) {
      const error = refused(target, file);
      expect(error.message, file).toMatch(message);
      expect(error.code, file).toBe('bad-archive');
      expect(contentHash(target.db), file).toBe(before);
    }
    expect(refused(target, target.path).message).toMatch(/it is the database itself/);
    expect(() => exportArchive(target, target.path)).toThrow(/is the database itself/);
    expect(contentHash(target.db)).toBe(before);
    expect(importArchive(target, good).runsAdded).toBe(16);
    source.close();
    target.close();
  });
});

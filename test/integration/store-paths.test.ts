import Database from 'better-sqlite3';
import { readdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PathRecord, PathSummary } from '../../core/contract';
import type { PathResult } from '../../core/path/schema';
import { loadMigrations, openDatabase } from '../../electron/backend/store/migrate';
import { openStore } from '../../electron/backend/store/store';
import { tempDir } from './store-fixtures';

/** The paths table (migration 0006) through the store, on real SQLite files. */

const SPEC = { energy: 'ce', n: 6, d: 4, sFrom: 0.5, sTo: 4, steps: 14 } as const;

/** A result as the engine returns it: one step each way and the 3+3 -> 4+2 transition. */
const RESULT: PathResult = {
  steps: [
    {
      s: 0.5,
      direction: 'up',
      energy: 8.1,
      dEds: -3.2,
      lambdaMin: 0.01,
      configuration: { name: 'simplex-sum', parts: [3, 3], closedFormEnergy: 8.1, gap: 0 },
    },
    {
      s: 4,
      direction: 'down',
      energy: 0.34,
      dEds: -0.4,
      lambdaMin: null,
      configuration: { name: 'simplex-sum', parts: [4, 2] },
    },
  ],
  transitions: [
    {
      s: 1.9700637,
      kind: 'configuration',
      from: { name: 'simplex-sum', parts: [3, 3] },
      to: { name: 'simplex-sum', parts: [4, 2] },
      bracket: [1.9700632, 1.9700641],
    },
  ],
  jumps: [],
};

const PROGRESS = { solves: 3, gridSolves: 43, transitions: 0, phase: 'up', s: 1, elapsedMs: 12 } as const;

/** Changes the database behind the store's back, as another program (or bit rot) would. */
function damage(path: string, sql: string, params: unknown[] = []): void {
  const db = new Database(path);
  db.pragma('ignore_check_constraints = ON');
  db.prepare(sql).run(...params);
  db.close();
}

describe('paths in the store', () => {
  it('creates, reads, updates, lists and deletes a path; each write checks its status', () => {
    const store = openStore(join(tempDir(), 'paths.db'));
    const lease = store.acquireLease();
    const created = store.createPath(SPEC, lease.id);
    expect(PathRecord.parse(created)).toMatchObject({
      status: 'queued',
      name: 'ce, n = 6, d = 4, s 0.5 to 4',
      spec: { ...SPEC, restarts: 8, seed: 1, freshEvery: 1 },
      progress: null,
      result: null,
      startedAt: null,
    });
    expect(() => store.createPath({ ...SPEC, energy: 'riesz' } as never, lease.id)).toThrow(/ce, two-set, pair/);
    expect(() => store.createPath({ ...SPEC, sTo: 0.5 }, lease.id)).toThrow(/s to must exceed s from/);

    // a result only after running; progress only while running
    expect(store.finishPath(created.id, RESULT)).toBe(false);
    expect(store.markPathRunning(created.id)).toBe(true);
    expect(store.markPathRunning(created.id)).toBe(false);
    store.recordPathProgress(created.id, PROGRESS);
    expect(store.getPath(created.id)).toMatchObject({ status: 'running', progress: PROGRESS });
    expect(() => store.finishPath(created.id, { ...RESULT, transitions: [{ s: 'x' }] } as never)).toThrow();
    expect(store.getPath(created.id)!.status).toBe('running');
    expect(store.deletePath(created.id)).toBe(false);
    expect(store.finishPath(created.id, RESULT)).toBe(true);
    const done = PathRecord.parse(store.getPath(created.id));
    expect(done.status).toBe('done');
    expect(done.result).toEqual(RESULT);
    expect(done.finishedAt).not.toBeNull();
    expect(store.endPath(created.id, 'cancelled', 'late')).toBe(false);

    const other = store.createPath({ ...SPEC, name: 'second', energy: 'pair' }, lease.id);
    expect(store.endPath(other.id, 'failed', 'solver crashed')).toBe(true);
    const listed = store.listPaths();
    expect(listed.map((p) => p.name)).toEqual(['second', 'ce, n = 6, d = 4, s 0.5 to 4']);
    for (const p of listed) PathSummary.parse(p);
    expect(listed[1]!.transitions).toEqual(RESULT.transitions);
    expect(listed[0]).toMatchObject({ status: 'failed', error: 'solver crashed', transitions: null });
    expect(store.listPaths(['done']).map((p) => p.id)).toEqual([created.id]);

    expect(store.deletePath(created.id)).toBe(true);
    expect(store.getPath(created.id)).toBeNull();
    lease.release();
    store.close();
  });

  it('a damaged row reads as damaged, in get and in the list, and the others are untouched', () => {
    const path = join(tempDir(), 'damaged.db');
    const store = openStore(path);
    const lease = store.acquireLease();
    const [a, b, c, healthy] = ['a', 'b', 'c', 'healthy'].map((name) => store.createPath({ ...SPEC, name }, lease.id));
    for (const p of [a, b, c]) {
      store.markPathRunning(p!.id);
      store.finishPath(p!.id, RESULT);
    }
    damage(path, `UPDATE paths SET result = '{"steps": 3, "transitions": [{"s": "x"}]}' WHERE id = ?`, [a!.id]);
    damage(path, `UPDATE paths SET spec = 'not json', created_at = -4 WHERE id = ?`, [b!.id]);
    damage(path, `UPDATE paths SET name = ?, status = 'exploded' WHERE id = ?`, ['bad\u001b[2J', c!.id]);

    expect(PathRecord.parse(store.getPath(a!.id))).toMatchObject({ result: null, damaged: expect.stringMatching(/result/) });
    const bRecord = PathRecord.parse(store.getPath(b!.id));
    expect(bRecord.damaged).toMatch(/spec: not JSON/);
    expect(bRecord.damaged).toMatch(/created_at/);
    expect(store.getPath(c!.id)!.damaged).toMatch(/control character.*status|status.*control character/s);
    const listed = store.listPaths();
    expect(listed).toHaveLength(4);
    for (const p of listed) PathSummary.parse(p);
    const byName = new Map(listed.map((p) => [p.id, p]));
    expect(byName.get(a!.id)!.damaged).toMatch(/transitions/);
    expect(byName.get(healthy!.id)!.damaged).toBeUndefined();
    expect(store.getPath(healthy!.id)!.spec.name).toBe('healthy');
    lease.release();
    store.close();
  });

  it('paths of a process that is gone end failed on the next open; a live owner keeps its path', () => {
    const path = join(tempDir(), 'recover.db');
    const store = openStore(path);
    const live = store.acquireLease();
    const mine = store.createPath(SPEC, live.id);
    store.markPathRunning(mine.id);
    // an owner on this host whose process is dead (pid beyond any pid_max)
    store.db
      .prepare('INSERT INTO owners (id, pid, host, started_at, heartbeat_at) VALUES (?, ?, ?, ?, ?)')
      .run('dead', 2 ** 30, hostname(), Date.now(), Date.now());
    const orphan = store.createPath(SPEC, 'dead');
    store.markPathRunning(orphan.id);
    const queued = store.createPath(SPEC, 'dead');

    // another process's open (this one's lease stays alive meanwhile)
    const again = openStore(path);
    expect(again.getPath(orphan.id)).toMatchObject({ status: 'failed', error: expect.stringMatching(/ended before it finished/) });
    expect(again.getPath(queued.id)!.status).toBe('failed');
    expect(again.getPath(mine.id)!.status).toBe('running');
    live.release();
    again.close();
    store.close();
  });

  it('a database of schema 0005 migrates to the paths table, keeping its rows', () => {
    const dir = tempDir();
    const path = join(dir, 'old.db');
    const migrations = loadMigrations();
    const old = openDatabase(path, { migrations: migrations.slice(0, 5) });
    old.prepare("INSERT INTO experiments (id, name, spec, created_at) VALUES ('e1', 'kept', '{}', 1)").run();
    expect(old.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'paths'").pluck().get()).toBe(0);
    old.close();

    const store = openStore(path);
    expect(store.db.pragma('user_version', { simple: true })).toBe(migrations.length);
    expect(store.db.prepare("SELECT name FROM experiments WHERE id = 'e1'").pluck().get()).toBe('kept');
    expect(readdirSync(dir).filter((f) => f.endsWith('.backup'))).toHaveLength(1);
    const lease = store.acquireLease();
    expect(store.createPath(SPEC, lease.id).status).toBe('queued');
    expect(store.listPaths()).toHaveLength(1);
    lease.release();
    store.close();
  });
});

import Database from 'better-sqlite3';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../electron/backend/store/store';
import { numbers, tempDir } from './store-fixtures';

/**
 * Crash safety: a sweep (then `resume`) runs in a child process and is killed with SIGKILL at random
 * moments. After every kill the database passes integrity_check, every completed run is exactly as it
 * was when it completed, the runs the dead process held are interrupted, and a final `resume`
 * completes every run.
 */

const CLI = fileURLToPath(new URL('../../bin/spherelab.mjs', import.meta.url));
const KILLS = 20;
// tiny problems that still take long enough to be caught running and to write checkpoints
const SPEC = {
  name: 'crash test',
  energy: 'ce',
  n: [30, 60],
  d: [3],
  seeds: [1, 2, 3],
  tol: 1e-13,
  maxIter: 1500,
};

function startCli(args: string[]) {
  return spawn(process.execPath, [CLI, ...args], { stdio: 'ignore' });
}

/** Everything that defines a completed run: its row, its final configuration and its trace. */
function completedRuns(db: Database.Database): Map<string, string> {
  const runs = new Map<string, string>();
  const rows = db.prepare("SELECT * FROM runs WHERE status = 'completed' ORDER BY id").all() as Record<
    string,
    unknown
  >[];
  for (const row of rows) {
    const hash = createHash('sha256').update(
      JSON.stringify(row, (_, v) => (v?.type === 'Buffer' ? Buffer.from(v.data).toString('hex') : v)),
    );
    for (const blob of db
      .prepare("SELECT points FROM configurations WHERE run_id = ? AND kind = 'final'")
      .pluck()
      .all(row.id) as Buffer[])
      hash.update(blob);
    for (const t of db
      .prepare('SELECT energy, iteration FROM traces WHERE run_id = ? ORDER BY chunk')
      .raw()
      .all(row.id) as Buffer[][])
      t.forEach((b) => hash.update(b));
    runs.set(row.id as string, hash.digest('hex'));
  }
  return runs;
}

function hasSchema(path: string): boolean {
  if (!existsSync(path)) return false;
  const probe = new Database(path, { readonly: true });
  try {
    return probe.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'runs'").pluck().get() === 1;
  } finally {
    probe.close();
  }
}

function experimentCount(path: string): number {
  const probe = new Database(path, { readonly: true });
  try {
    return probe.prepare('SELECT count(*) FROM experiments').pluck().get() as number;
  } finally {
    probe.close();
  }
}

describe('crash safety', () => {
  it(
    `survives ${KILLS} SIGKILLs of a sweep at random moments and resume completes every run`,
    { timeout: 240_000 },
    async () => {
      const dir = tempDir();
      const db = join(dir, 'crash.db');
      const specFile = join(dir, 'spec.json');
      writeFileSync(specFile, JSON.stringify(SPEC));
      const random = numbers(Number(process.env.CRASH_SEED ?? 20261127));
      const intact = new Map<string, string>();
      const figures = {
        killsBeforeSchema: 0,
        killsWhileRunning: 0,
        interruptedMarked: 0,
        resumedFromCheckpoint: 0,
      };

      for (let kill = 0; kill < KILLS; kill++) {
        const started = hasSchema(db) && experimentCount(db) > 0;
        const args = started
          ? ['resume', '--db', db, '--parallel', '2', '--checkpoint-every', '0.3']
          : ['sweep', specFile, '--db', db, '--parallel', '2', '--checkpoint-every', '0.3'];
        const child = startCli(args);
        const exited = new Promise((resolve) => child.once('exit', resolve));
        await new Promise((resolve) => setTimeout(resolve, 500 + random() * 3500));
        child.kill('SIGKILL');
        await exited;

        if (!hasSchema(db)) {
          figures.killsBeforeSchema++;
          continue;
        }
        // as the dead process left it: nothing has recovered anything yet
        const raw = new Database(db);
        expect(raw.pragma('integrity_check', { simple: true }), `kill ${kill}`).toBe('ok');
        const held = raw
          .prepare(
            "SELECT id, configurations.iteration AS checkpoint FROM runs LEFT JOIN configurations ON run_id = id AND kind = 'checkpoint' WHERE status IN ('queued', 'running') AND owner LIKE ?",
          )
          .all(`${child.pid}@%`) as { id: string; checkpoint: number | null }[];
        const running = raw
          .prepare("SELECT count(*) FROM runs WHERE status = 'running'")
          .pluck()
          .get() as number;
        const completed = completedRuns(raw);
        raw.close();
        for (const [id, hash] of intact)
          expect(completed.get(id), `completed run ${id} after kill ${kill}`).toBe(hash);
        for (const [id, hash] of completed) intact.set(id, hash);
        if (running > 0) figures.killsWhileRunning++;
        figures.resumedFromCheckpoint += held.filter((h) => h.checkpoint !== null).length;

        const store = openStore(db); // a new process opening the database: recovery runs
        for (const { id } of held)
          expect(store.getRun(id)!.status, `run ${id} after kill ${kill}`).toBe('interrupted');
        expect(store.listRuns({ filters: { statuses: ['queued', 'running'] } }).total).toBe(0);
        figures.interruptedMarked += held.length;
        store.close();
      }

      const finish = spawnSync(process.execPath, [CLI, 'resume', '--db', db, '--parallel', '2', '--json'], {
        encoding: 'utf8',
      });
      expect(finish.status, finish.stderr).toBe(0);
      const store = openStore(db);
      const runs = store.listRuns({ page: { offset: 0, limit: 100 } });
      expect(runs.total).toBe(6);
      for (const run of runs.rows) {
        expect(run.status, run.id).toBe('completed');
        expect(run.metrics, run.id).not.toBeNull();
        const config = store.getConfiguration(run.id, 'final')!;
        for (let i = 0; i < run.n; i++) {
          const row = config.points.subarray(i * run.d, (i + 1) * run.d);
          expect(Math.hypot(...row)).toBeCloseTo(1, 12);
        }
      }
      for (const [id, hash] of intact) expect(completedRuns(store.db).get(id)).toBe(hash);
      // not vacuous: some kills hit running runs, which then came back interrupted
      expect(figures.killsWhileRunning).toBeGreaterThan(0);
      expect(figures.interruptedMarked).toBeGreaterThan(0);
      store.close();
      console.log(
        `crash test: ${KILLS} SIGKILLs, ${figures.killsBeforeSchema} before the schema existed, ${figures.killsWhileRunning} while runs were running; ${figures.interruptedMarked} runs marked interrupted, ${figures.resumedFromCheckpoint} of them held a checkpoint; ${intact.size} runs completed between kills stayed intact; final resume: ${finish.stdout.trim()}`,
      );
    },
  );
});

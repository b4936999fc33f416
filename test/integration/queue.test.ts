import { spawn } from 'node:child_process';
import { hostname } from 'node:os';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createRunQueue } from '../../electron/backend/queue/run-queue';
import type { RunFinishedEvent, RunStatusEvent } from '../../electron/backend/queue/queue-events';
import { openStore } from '../../electron/backend/store/store';
import { RunSpec } from '../../core/spec/run-spec';
import { forkSpawner, type SolverSpawner } from '../../electron/solver/spawner';
import { tempDir } from './store-fixtures';
import { until } from '../helpers/processes';

const CRASHING = fileURLToPath(new URL('./queue-crash-solver.ts', import.meta.url));

/** Solvers that crash as they begin a run of seed `seed`, `crashes` times in all. */
function spawnerCrashing(seed: number, crashes: number): SolverSpawner {
  const counter = join(tempDir(), 'crashes-left');
  writeFileSync(counter, String(crashes));
  return forkSpawner({ entry: CRASHING, env: { CRASH_COUNTER: counter, CRASH_SEED: String(seed) } });
}

describe('run queue', () => {
  it('runs an experiment in up to K solver processes and stores every result, with events', async () => {
    const store = openStore(join(tempDir(), 'q.db'));
    const queue = createRunQueue({ store, spawner: forkSpawner(), parallel: 2 });
    const statuses: RunStatusEvent[] = [];
    const finished: RunFinishedEvent[] = [];
    let maxRunning = 0;
    let progress = 0;
    queue.on('run/status', (e) => statuses.push(e));
    queue.on('run/finished', (e) => finished.push(e));
    queue.on('run/progress', () => progress++);
    queue.on('queue/state', (s) => (maxRunning = Math.max(maxRunning, s.running.length)));
    const { experiment, runIds } = queue.submitExperiment({
      spec: { name: 'q', energy: 'ce', n: [4, 5], d: [3], seeds: [1, 2] },
    });
    expect(queue.state().running).toHaveLength(2);
    await queue.idle();
    expect(maxRunning).toBe(2);
    expect(progress).toBeGreaterThan(0);
    expect(finished.map((e) => e.status)).toEqual(['completed', 'completed', 'completed', 'completed']);
    for (const id of runIds) {
      expect(statuses.filter((s) => s.runId === id).map((s) => s.status)).toEqual(['running', 'completed']);
      const run = store.getRun(id)!;
      expect(run).toMatchObject({
        status: 'completed',
        experimentId: experiment.id,
        owner: null,
        evaluator: expect.any(String),
      });
      expect(run.finalEnergy).toBe(finished.find((e) => e.runId === id)!.summary!.energy);
      expect(store.getConfiguration(id, 'final')!.points).toHaveLength(run.n * 3);
      expect(store.getTrace(id).energy.length).toBeGreaterThan(0);
    }
    // the ETF bound is met for n = 4, d = 3 (d >= n - 1)
    expect(store.getRun(runIds[0]!)!.metrics!.etfBoundGap).toBeLessThan(1e-9);
    await queue.close();
    store.close();
  });

  it('batches small runs: few solver processes, many runs to a message, many results to a transaction', async () => {
    const store = openStore(join(tempDir(), 'batch.db'));
    const transactions: number[] = [];
    const finishRuns = store.finishRuns.bind(store);
    store.finishRuns = (results) => {
      transactions.push(results.length);
      return finishRuns(results);
    };
    const batches: number[] = [];
    const real = forkSpawner();
    let spawned = 0;
    const spawner: SolverSpawner = {
      spawn() {
        spawned++;
        const handle = real.spawn();
        return {
          ...handle,
          pid: handle.pid,
          send(message) {
            if (message.type === 'start') batches.push(message.runs.length);
            handle.send(message);
          },
        };
      },
    };
    const queue = createRunQueue({ store, spawner, parallel: 2 });
    const { runIds } = queue.submitExperiment({
      spec: { name: 'batch', energy: 'ce', n: [4, 5, 6], d: [3, 4], seeds: [1, 2, 3, 4, 5, 6] },
    });
    await queue.idle();
    expect(runIds.map((id) => store.getRun(id)!.status)).toEqual(runIds.map(() => 'completed'));
    for (const id of runIds) expect(store.getTrace(id).energy.length).toBeGreaterThan(0);
    expect(spawned).toBe(2);
    expect(batches.reduce((a, b) => a + b, 0)).toBe(36);
    expect(Math.max(...batches)).toBeGreaterThan(1);
    expect(transactions.reduce((a, b) => a + b, 0)).toBe(36);
    expect(transactions.length).toBeLessThan(36);
    await queue.close();
    store.close();
  });

  it('counts, after a resume, the solver time the checkpoint did not carry', async () => {
    const store = openStore(join(tempDir(), 'time.db'));
    const queue = createRunQueue({ store, spawner: forkSpawner() });
    // An earlier attempt: checkpoint at 100 ms of solver time, last progress at 400 ms, then it died.
    const id = store.insertRun(RunSpec.parse({ energy: 'ce', n: 4, d: 3 }), { owner: queue.owner });
    store.claimRun(id, queue.owner);
    const points = new Float64Array([1, 0, 0, 0, 1, 0, 0, 0, 1, -1, 0, 0]);
    const at = (elapsedMs: number) => ({ restart: 0, iteration: 3, energy: 3, gradNorm: 1, elapsedMs });
    store.recordProgress(id, {
      progress: at(100),
      trace: [at(100)],
      checkpoint: { points, rows: 4, d: 3, restart: 0, iteration: 3, energy: 3, elapsedMs: 100 },
    });
    store.recordProgress(id, { progress: at(400), trace: [] });
    store.endRun(id, 'interrupted', 'the process died');
    expect(queue.resume([id])).toEqual([id]);
    await queue.idle();
    const run = store.getRun(id)!;
    expect(run.status).toBe('completed');
    // the resumed solve counts from 100 ms on; the 300 ms redone after the checkpoint count too
    expect(run.wallMs).toBeGreaterThanOrEqual(400);
    const trace = store.getTrace(id);
    expect(trace.elapsedMs[0]).toBe(100); // the earlier attempt's sample before the checkpoint
    expect(Math.min(...Array.from(trace.elapsedMs).slice(1))).toBeGreaterThanOrEqual(400);
    await queue.close();
    store.close();
  });

  it('replaces a crashed solver and runs its run once more, and the runs it had not begun', async () => {
    const store = openStore(join(tempDir(), 'q.db'));
    const logged: string[] = [];
    const queue = createRunQueue({ store, spawner: spawnerCrashing(2, 1), parallel: 1, log: (m) => logged.push(m) });
    const { runIds } = queue.submitExperiment({
      spec: { name: 'crash', energy: 'ce', n: 4, d: 3, seeds: [1, 2, 3, 4] },
    });
    await queue.idle();
    expect(runIds.map((id) => store.getRun(id)!.status)).toEqual(['completed', 'completed', 'completed', 'completed']);
    expect(logged.join('\n')).toMatch(/exited with code 7/);
    await queue.close();
    store.close();
  });

  it('fails only the run that crashes its solver again and again, with the reason, and carries on', async () => {
    const store = openStore(join(tempDir(), 'q.db'));
    // The first crash may come while other runs of its batch are unanswered: then they all go back,
    // one to a message, and the next two crashes are this run's two attempts.
    const queue = createRunQueue({ store, spawner: spawnerCrashing(2, 3), parallel: 1, log: () => {} });
    const { runIds } = queue.submitExperiment({
      spec: { name: 'crash', energy: 'ce', n: 4, d: 3, seeds: [1, 2, 3, 4] },
    });
    await queue.idle();
    const runs = runIds.map((id) => store.getRun(id)!);
    expect(runs.map((r) => r.status)).toEqual(['completed', 'failed', 'completed', 'completed']);
    expect(runs[1]!.error).toMatch(/exited with code 7 .*on its second try/);
    await queue.close();
    store.close();
  });

  it('cancels a running run (keeping its best so far) and a queued one', async () => {
    const store = openStore(join(tempDir(), 'q.db'));
    const queue = createRunQueue({ store, spawner: forkSpawner(), parallel: 1 });
    const { runIds } = queue.submitExperiment({
      spec: { name: 'long', energy: 'ce', n: 300, d: 3, seeds: [1, 2], tol: 1e-15, maxIter: 1_000_000 },
    });
    const [long, short] = runIds as [string, string]; // parallel 1: the second waits
    await new Promise<void>((resolve) => {
      const off = queue.on('run/progress', (p) => {
        if (p.runId === long && p.iteration > 5) {
          off();
          resolve();
        }
      });
    });
    expect(queue.cancel(short)).toBe(true);
    expect(queue.cancel(long)).toBe(true);
    expect(queue.cancel('not-a-run')).toBe(false);
    await queue.idle();
    expect(store.getRun(short)).toMatchObject({ status: 'cancelled', error: 'cancelled before it started' });
    const cancelled = store.getRun(long)!;
    expect(cancelled).toMatchObject({ status: 'cancelled', stopReason: 'cancelled' });
    expect(cancelled.metrics).not.toBeNull();
    expect(store.getConfiguration(long, 'final')).not.toBeNull();
    await queue.close();
    store.close();
  });

  it('notices runs orphaned by another process that died while this one runs', async () => {
    const store = openStore(join(tempDir(), 'q.db'));
    const queue = createRunQueue({ store, spawner: forkSpawner(), recoverEveryMs: 50 });
    const other = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)']);
    const owner = `${other.pid}@${hostname()}#other`;
    store.db
      .prepare('INSERT INTO owners (id, pid, host, started_at, heartbeat_at) VALUES (?, ?, ?, ?, ?)')
      .run(owner, other.pid, hostname(), Date.now(), Date.now());
    const id = store.insertRun(RunSpec.parse({ energy: 'ce', n: 4, d: 3 }), { owner });
    store.claimRun(id, owner);
    const finished = new Promise<RunFinishedEvent>((resolve) => queue.on('run/finished', resolve));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(store.getRun(id)!.status).toBe('running'); // its owner lives
    other.kill('SIGKILL');
    expect(await finished).toMatchObject({ runId: id, status: 'interrupted' });
    expect(store.getRun(id)!.status).toBe('interrupted');
    await queue.close();
    store.close();
  });

  it('close asks a running solver for a checkpoint of where it is before ending it', async () => {
    const store = openStore(join(tempDir(), 'suspend.db'));
    // periodic checkpoints far apart: only the one close asks for can be there
    const queue = createRunQueue({ store, spawner: forkSpawner(), checkpointEveryMs: 600_000 });
    let lastIteration = 0;
    queue.on('run/progress', (p) => (lastIteration = p.iteration));
    const spec = { name: 'suspend', energy: 'ce' as const, n: 300, d: 3, tol: 1e-14, maxIter: 100_000 };
    const [id] = queue.submitExperiment({ spec }).runIds as [string];
    await until(() => lastIteration >= 30);
    const seenBeforeClose = lastIteration;
    await queue.close();
    const run = store.getRun(id)!;
    expect(run.status).toBe('interrupted');
    const checkpoint = store.getConfiguration(id, 'checkpoint');
    expect(checkpoint).not.toBeNull();
    expect(checkpoint!.iteration).toBeGreaterThanOrEqual(seenBeforeClose);
    expect(checkpoint!.optimizerState).not.toBeNull();
    store.close();
  });

  it('close leaves a running run interrupted with its checkpoint; resume continues it bit for bit', async () => {
    // long enough (about a second here) for checkpoints every 100 ms to be taken well before the end
    const spec = { name: 'resume', energy: 'ce' as const, n: 100, d: 3, tol: 1e-13, maxIter: 1500 };
    const reference = openStore(join(tempDir(), 'ref.db'));
    const refQueue = createRunQueue({ store: reference, spawner: forkSpawner() });
    const [refId] = refQueue.submitExperiment({ spec }).runIds;
    await refQueue.idle();
    await refQueue.close();
    const expected = reference.getRun(refId!)!;
    reference.close();

    const path = join(tempDir(), 'q.db');
    const store = openStore(path);
    const first = createRunQueue({
      store,
      spawner: forkSpawner(),
      checkpointEveryMs: 100,
      persistEveryMs: 100,
    });
    const [id] = first.submitExperiment({ spec }).runIds as [string];
    await until(
      () => (store.getRun(id)!.checkpointIteration ?? 0) > 20 || store.getRun(id)!.status !== 'running',
    );
    await first.close();
    const interrupted = store.getRun(id)!;
    expect(interrupted.status).toBe('interrupted');
    expect(interrupted.error).toMatch(/closed while the run was going/);
    expect(store.getConfiguration(id, 'checkpoint')!.optimizerState).not.toBeNull();

    const second = createRunQueue({ store, spawner: forkSpawner() });
    expect(second.resume([id])).toEqual([id]);
    await second.idle();
    const resumed = store.getRun(id)!;
    expect(resumed.status).toBe('completed');
    expect(resumed.finalEnergy).toBe(expected.finalEnergy);
    expect(resumed.iterations).toBe(expected.iterations);
    expect(store.getConfiguration(id, 'final')!.points).toEqual(store.getConfiguration(id, 'final')!.points);
    // the trace keeps the samples before the checkpoint and the resumed solve's after it
    const iterations = Array.from(store.getTrace(id).iteration);
    expect(iterations[0]).toBe(0);
    expect(iterations.at(-1)).toBeGreaterThan(interrupted.checkpointIteration!);
    await second.close();
    store.close();
  });
});

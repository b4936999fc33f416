import { availableParallelism } from 'node:os';
import type { SolveCheckpointInput } from '../../../core/optim/checkpoint';
import type { DoneMessage } from '../../solver/protocol';
import { runSolver, SolverError } from '../../solver/solver-client';
import type { SolverSpawner } from '../../solver/spawner';
import type { RunRecord } from '../../../core/contract';
import type { NewExperiment, Store } from '../store/store-api';
import { QueueEmitter } from './queue-events';
import { defaultCheckpointMs, RunRecorder } from './run-recorder';
import type { QueueState, RunFinishedEvent, RunQueue } from './types';

/**
 * Runs queued runs in solver processes, at most `parallel` at once. Progress goes to listeners as it
 * comes and to the database every `persistEveryMs` (trace samples, last progress) and at every
 * checkpoint; the result is written in one transaction. A solver that crashes fails its run only.
 */
export interface RunQueueOptions {
  store: Store;
  spawner: SolverSpawner;
  /** solver processes at once (default 1) */
  parallel?: number;
  /**
   * Cores to share among the solvers (default: this machine's). A run that names no thread count
   * gets the cores divided by the solvers busy when it starts (itself, the others running, and
   * those about to start), so K solvers never start K x cores threads and a lone run gets them all.
   */
  cores?: number;
  /** how often progress is written (default 2000 ms) */
  persistEveryMs?: number;
  /** how often solvers send a checkpoint (default 2000 ms, longer for configurations over 40 MB) */
  checkpointEveryMs?: number;
  /**
   * After a cancel, how long a solver may take to stop before it is killed. Default: runSolver's
   * 60 s, because a cancelled solve still computes the O(n^2 d) metrics of its best configuration.
   */
  cancelGraceMs?: number;
  log?: (message: string) => void;
  /** how often runs orphaned by other processes are looked for (default 10 000 ms) */
  recoverEveryMs?: number;
}

interface ActiveRun {
  run: RunRecord;
  cancel: AbortController;
  /** closing: checkpoint where you are, then end */
  suspend: AbortController;
  recorder: RunRecorder;
  closing: boolean;
}

const clampParallel = (k: number) => Math.max(1, Math.min(256, Math.floor(k)));

export function createRunQueue(options: RunQueueOptions): RunQueue {
  const { store, spawner } = options;
  const log = options.log ?? ((message: string) => process.stderr.write(`spherelab queue: ${message}\n`));
  const lease = store.acquireLease();
  const events = new QueueEmitter();
  const safely = (what: string, write: () => void) => {
    try {
      write();
    } catch (error) {
      log(`${what}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  // Another process on this database (a CLI sweep beside the app) may die while this one lives on:
  // look for its orphaned runs now and then, as every process does when it opens the database.
  const watch = setInterval(() => {
    let recovered: string[] = [];
    safely('looking for interrupted runs', () => (recovered = store.recoverInterrupted()));
    for (const runId of recovered) {
      const run = store.getRun(runId);
      const end = { runId, experimentId: run?.experimentId ?? null, status: 'interrupted' as const };
      events.ended({ ...end, error: run?.error ?? undefined }, 'running');
    }
  }, options.recoverEveryMs ?? 10_000);
  watch.unref();
  let parallel = clampParallel(options.parallel ?? 1);
  const cores = options.cores ?? availableParallelism();
  // Results do not depend on the thread count (fixed blocks and reduction order), only the speed does.
  // Called with the starting run already active.
  const threadBudget = () =>
    Math.max(1, Math.floor(cores / Math.min(parallel, active.size + pending.length)));
  const pending: string[] = [];
  const active = new Map<string, ActiveRun>();
  let closed = false;
  let closing: Promise<void> | undefined;

  const state = (): QueueState => ({ parallel, running: [...active.keys()], queued: [...pending] });
  const changed = () => {
    const s = state();
    events.emit('queue/state', s);
    if (s.running.length === 0 && s.queued.length === 0) events.emit('queue/idle', s);
  };

  function finish(a: ActiveRun, outcome: { done: DoneMessage } | { error: SolverError }) {
    const { run, recorder } = a;
    active.delete(run.id);
    let event: RunFinishedEvent;
    if ('done' in outcome) {
      const status = recorder.done(outcome.done);
      event = { runId: run.id, experimentId: run.experimentId, status, summary: outcome.done.summary };
    } else {
      const status = a.closing ? 'interrupted' : a.cancel.signal.aborted ? 'cancelled' : 'failed';
      const error = a.closing
        ? 'SphereLab closed while the run was going; resume continues it'
        : outcome.error.message;
      recorder.end(status, error);
      event = { runId: run.id, experimentId: run.experimentId, status, error };
    }
    events.ended(event, 'running');
    pump();
  }

  function start(id: string) {
    const run = store.getRun(id);
    if (!run) return;
    const stored = store.getConfiguration(id, 'checkpoint');
    const resume: SolveCheckpointInput | undefined = stored
      ? {
          restart: stored.restart,
          iteration: stored.iteration,
          energy: stored.energy,
          elapsedMs: stored.elapsedMs,
          points: { n: run.n, d: stored.d, data: stored.points },
          ...stored.optimizerState,
        }
      : undefined;
    const a: ActiveRun = {
      run,
      cancel: new AbortController(),
      suspend: new AbortController(),
      recorder: new RunRecorder(store, id, options.persistEveryMs ?? 2000, log),
      closing: false,
    };
    active.set(id, a);
    events.emit('run/status', {
      runId: id,
      experimentId: run.experimentId,
      status: 'running',
      previous: 'queued',
    });
    runSolver(
      spawner,
      {
        runId: id,
        spec: { ...run.spec, threads: run.spec.threads ?? threadBudget() },
        resume,
        checkpointEveryMs:
          options.checkpointEveryMs ??
          defaultCheckpointMs(run.energyKind === 'two-set' ? 2 * run.n : run.n, run.d),
      },
      {
        signal: a.cancel.signal,
        suspendSignal: a.suspend.signal,
        killAfterMs: options.cancelGraceMs,
        onProgress: (p) => {
          a.recorder.progress(p);
          const { restart, iteration, energy, gradNorm, elapsedMs } = p;
          events.emit('run/progress', {
            runId: id,
            experimentId: run.experimentId,
            restart,
            iteration,
            energy,
            gradNorm,
            elapsedMs,
          });
        },
        onCheckpoint: ({ checkpoint }) => a.recorder.checkpoint(checkpoint),
      },
    ).then(
      (done) => finish(a, { done }),
      (error: unknown) =>
        finish(a, {
          error: error instanceof SolverError ? error : new SolverError(String(error), 'protocol'),
        }),
    );
  }

  function pump() {
    while (!closed && active.size < parallel && pending.length > 0) {
      const id = pending.shift()!;
      if (store.claimRun(id, lease.id)) start(id);
    }
    changed();
  }

  function enqueue(ids: string[]) {
    const waiting = new Set(pending);
    for (const id of ids) {
      if (waiting.has(id) || active.has(id)) continue;
      waiting.add(id);
      pending.push(id);
    }
    pump();
  }

  function cancel(runId: string): boolean {
    const a = active.get(runId);
    if (a) {
      a.cancel.abort();
      return true;
    }
    const at = pending.indexOf(runId);
    if (at < 0) return false;
    pending.splice(at, 1);
    const run = store.getRun(runId);
    const error = 'cancelled before it started';
    safely(`cancelling run ${runId}`, () => store.endRun(runId, 'cancelled', error));
    events.ended({ runId, experimentId: run?.experimentId ?? null, status: 'cancelled', error }, 'queued');
    changed();
    return true;
  }

  async function closeQueue() {
    closed = true;
    clearInterval(watch);
    const error = 'SphereLab closed before the run started; resume runs it';
    for (const runId of pending.splice(0)) {
      safely(`ending run ${runId}`, () => store.endRun(runId, 'interrupted', error));
      const experimentId = store.getRun(runId)?.experimentId ?? null;
      events.ended({ runId, experimentId, status: 'interrupted', error }, 'queued');
    }
    changed();
    const ending = [...active.values()].map(
      (a) =>
        new Promise<void>((resolve) => {
          const off = events.on('run/finished', (e) => {
            if (e.runId !== a.run.id) return;
            off();
            resolve();
          });
          a.closing = true;
          // A checkpoint of the current iterate first, so the resume loses no work.
          a.suspend.abort();
        }),
    );
    await Promise.all(ending);
    lease.release();
  }

  return {
    owner: lease.id,
    submitExperiment(input: NewExperiment) {
      const created = store.createExperiment(input, lease.id);
      enqueue(created.runIds);
      return created;
    },
    resume(runIds) {
      const requeued = store.requeueRuns(runIds, lease.id);
      enqueue(requeued);
      return requeued;
    },
    cancel,
    cancelAll() {
      return [...pending, ...active.keys()].filter(cancel).length;
    },
    setParallel(k) {
      parallel = clampParallel(k);
      pump();
    },
    state,
    on: (event, listener) => events.on(event, listener),
    idle() {
      if (active.size === 0 && pending.length === 0) return Promise.resolve();
      return new Promise((resolve) => {
        const off = events.on('queue/idle', () => {
          off();
          resolve();
        });
      });
    },
    close() {
      closing ??= closeQueue();
      return closing;
    },
  };
}

import { availableParallelism } from 'node:os';
import type { SolveCheckpointInput } from '../../../core/optim/checkpoint';
import { threadsFor } from '../../solver/kernel-pool/fast-evaluator';
import type { RunSpec } from '../../../core/spec/run-spec';
import type { StartRequest } from '../../solver/protocol';
import { SolverError, SolverProcess } from '../../solver/solver-client';
import type { SolverSpawner } from '../../solver/spawner';
import type { ExperimentRecord, RunRecord } from '../../../core/contract';
import type { NewExperiment, Store } from '../store/store-api';
import { QueueEmitter, type QueueEventName, type QueueEvents, type QueueState, type RunFinishedEvent } from './queue-events';
import { ResultWriter } from './result-writer';
import { defaultCheckpointMs, lostSolverMs, RunRecorder } from './run-recorder';

/**
 * The run queue of one host process (desktop app, `serve`, CLI sweep). It owns the runs it queued
 * and runs them in up to `parallel` long-lived solver processes. Each process takes runs one after
 * another: a large run alone, small ones in batches (one message, one claim transaction), so a sweep
 * of thousands of tiny runs pays for no process start and no transaction per run. Progress goes to
 * listeners as it comes and to the database every `persistEveryMs` and at every checkpoint; results
 * are stored many to a transaction (result-writer.ts). A solver that crashes is replaced; the run it
 * was on is retried once, then fails with the reason; the runs it had not begun are run again.
 * The UI subscribes to its events; names are stable (extend, never rename).
 */
export interface RunQueue {
  /** "pid@host#token": the owner written on every run this queue holds */
  readonly owner: string;
  /** Creates the experiment with its runs (one transaction) and queues them. */
  submitExperiment(input: NewExperiment): { experiment: ExperimentRecord; runIds: string[] };
  /** Queues runs that already exist (queued, interrupted, or failed/cancelled to retry). Resumed runs start
   *  from their last checkpoint when they have one. Returns the ids actually queued. */
  resume(runIds: string[]): string[];
  /** Cooperative cancel; a solver that does not stop within the grace period is killed. False if unknown. */
  cancel(runId: string): boolean;
  /** Cancels every queued and running run of this queue; returns how many. */
  cancelAll(): number;
  setParallel(k: number): void;
  state(): QueueState;
  on<E extends QueueEventName>(event: E, listener: (payload: QueueEvents[E]) => void): () => void;
  /** Resolves when nothing is running, queued or waiting to be stored. */
  idle(): Promise<void>;
  /** Ends everything still running (runs end 'interrupted', resumable), stops the heartbeat. */
  close(): Promise<void>;
}

export interface RunQueueOptions {
  store: Store;
  spawner: SolverSpawner;
  /** solver processes at once (default 1) */
  parallel?: number;
  /**
   * Cores to share among the solvers (default: this machine's). A large run that names no thread
   * count gets the cores divided by the solvers busy when it starts (itself, the others running, and
   * those about to start), so K solvers never start K x cores threads and a lone run gets them all.
   * Small runs get one thread (no workers): K processes of them fill K cores.
   */
  cores?: number;
  /** how often progress is written (default 2000 ms) */
  persistEveryMs?: number;
  /** how often solvers send a checkpoint (default 2000 ms, longer for configurations over 40 MB) */
  checkpointEveryMs?: number;
  /**
   * After a cancel, how long a solver may take to stop before it is killed. Default 60 s, because a
   * cancelled solve still computes the O(n^2 d) metrics of its best configuration.
   */
  cancelGraceMs?: number;
  log?: (message: string) => void;
  /** how often runs orphaned by other processes are looked for (default 10 000 ms) */
  recoverEveryMs?: number;
  /** an idle solver process ends after this long (default 30 000 ms); close ends them all */
  idleSolverMs?: number;
}

/** Runs with less pair work than this (rows^2 d per evaluation) are batched: a solve of milliseconds. */
const SMALL_RUN_WORK = 20_000;
/** runs in one batch at most; a batch is also at most the solver's share of what waits */
const MAX_BATCH = 64;
/** a run whose solver crashed is run once more, then fails */
const ATTEMPTS = 2;
const DEFAULT_CANCEL_GRACE_MS = 60_000;
const STATE_EVERY_MS = 50;

interface Waiting {
  id: string;
  /** already claimed by this queue (a retry, or a run handed back by an ended solver) */
  claimed: boolean;
  attempt: number;
  /** sent in a message of its own (after a crash whose run is not known) */
  alone?: boolean;
}

interface ActiveRun {
  run: RunRecord;
  slot: Slot;
  attempt: number;
  recorder: RunRecorder;
  cancelled: boolean;
}

interface Slot {
  solver: SolverProcess;
  /** resolves when the process has ended and its runs are settled */
  ended: Promise<void>;
  idleTimer?: ReturnType<typeof setTimeout>;
  retiring: boolean;
}

const clampParallel = (k: number) => Math.max(1, Math.min(256, Math.floor(k)));
const rowsOf = (spec: Pick<RunSpec, 'energy' | 'n'>) => (spec.energy === 'two-set' ? 2 * spec.n : spec.n);
const isSmall = (run: RunRecord) => rowsOf(run.spec) ** 2 * run.spec.d < SMALL_RUN_WORK;

export function createRunQueue(options: RunQueueOptions): RunQueue {
  const { store, spawner } = options;
  const log = options.log ?? ((message: string) => process.stderr.write(`spherelab queue: ${message}\n`));
  const persistEveryMs = options.persistEveryMs ?? 2000;
  const cancelGraceMs = options.cancelGraceMs ?? DEFAULT_CANCEL_GRACE_MS;
  const idleSolverMs = options.idleSolverMs ?? 30_000;
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
  const pending: Waiting[] = [];
  const active = new Map<string, ActiveRun>();
  const slots = new Set<Slot>();
  let closed = false;
  let closing: Promise<void> | undefined;

  const writer = new ResultWriter<RunFinishedEvent>(
    store,
    (stored) => {
      for (const { tag } of stored) events.ended(tag, 'running');
      changed();
    },
    log,
  );

  const state = (): QueueState => ({
    parallel,
    running: [...active.keys()],
    queued: pending.map((w) => w.id),
  });
  // queue/state lists every waiting run: sent at most every STATE_EVERY_MS (and whenever the queue
  // falls idle), or a sweep of 10 000 runs would build and send 10 000 lists of 10 000 ids.
  let stateSentAt = -Infinity;
  let stateTimer: ReturnType<typeof setTimeout> | undefined;
  const sendState = () => {
    clearTimeout(stateTimer);
    stateTimer = undefined;
    stateSentAt = performance.now();
    const s = state();
    events.emit('queue/state', s);
    return s;
  };
  const changed = () => {
    if (active.size === 0 && pending.length === 0 && writer.size === 0) {
      events.emit('queue/idle', sendState());
    } else if (performance.now() - stateSentAt >= STATE_EVERY_MS) sendState();
    else stateTimer ??= setTimeout(sendState, STATE_EVERY_MS);
  };
  const busySlots = () => [...slots].filter((s) => s.solver.outstanding.length > 0).length;

  /** Ends a run without a result (written at once: these are rare). */
  function endActive(a: ActiveRun, status: 'failed' | 'cancelled' | 'interrupted', error: string) {
    active.delete(a.run.id);
    a.recorder.end(status, error);
    events.ended({ runId: a.run.id, experimentId: a.run.experimentId, status, error }, 'running');
  }

  function slotIdle(slot: Slot) {
    if (slot.solver.outstanding.length > 0 || !slot.solver.alive) return;
    if (slot.retiring || slots.size > parallel) {
      slots.delete(slot);
      slot.solver.suspend();
      return;
    }
    if (closed) return;
    clearTimeout(slot.idleTimer);
    slot.idleTimer = setTimeout(() => {
      slots.delete(slot);
      slot.solver.suspend();
    }, idleSolverMs);
    slot.idleTimer.unref();
  }

  function newSlot(): Slot | null {
    let settle!: () => void;
    const slot = { retiring: false, ended: new Promise<void>((resolve) => (settle = resolve)) } as Slot;
    try {
      slot.solver = new SolverProcess(spawner, {
        progress: (m) => {
          const a = active.get(m.runId);
          if (!a) return;
          const p = a.recorder.progress(m);
          events.emit('run/progress', { runId: m.runId, experimentId: a.run.experimentId, ...p });
        },
        checkpoint: (m) => active.get(m.runId)?.recorder.checkpoint(m.checkpoint),
        done: (m) => {
          const a = active.get(m.runId);
          if (!a) return;
          active.delete(m.runId);
          const result = a.recorder.result(m);
          const { runId } = m;
          const experimentId = a.run.experimentId;
          writer.add({
            runId,
            result,
            tag: { runId, experimentId, status: result.status, summary: result.summary },
          });
          after(slot);
        },
        failed: (runId, message) => {
          const a = active.get(runId);
          if (a) endActive(a, a.cancelled ? 'cancelled' : 'failed', message);
          after(slot);
        },
        dropped: (runId) => {
          const a = active.get(runId);
          if (a) endActive(a, 'cancelled', 'cancelled before it started');
          after(slot);
        },
        exit: (error, unanswered) => {
          slots.delete(slot);
          clearTimeout(slot.idleTimer);
          solverEnded(error, unanswered);
          settle();
          pump();
        },
      });
    } catch (error) {
      log(error instanceof Error ? error.message : String(error));
      return null;
    }
    slots.add(slot);
    return slot;
  }

  /** After a run of `slot` was answered: more work for it, or rest. */
  function after(slot: Slot) {
    if (slot.solver.outstanding.length === 0) {
      pump();
      slotIdle(slot);
    } else changed();
  }

  /**
   * A solver process ended with runs it never answered. If it had one, that run was going: a crash
   * counts as its attempt (retried once, then failed with the reason). If it had several, which one
   * was going is not known (answers of a batch travel together): all go back to be run one to a
   * message, with no attempt counted, so that a run that crashes its solver is found next time.
   */
  function solverEnded(error: SolverError, unanswered: string[]) {
    const handBack: Waiting[] = [];
    const known = unanswered.length === 1;
    unanswered.forEach((id, i) => {
      const a = active.get(id);
      if (!a) return;
      if (a.cancelled) return endActive(a, 'cancelled', known ? error.message : 'cancelled before it started');
      if (closed) {
        const why =
          i === 0
            ? 'SphereLab closed while the run was going; resume continues it'
            : 'SphereLab closed before the run started; resume runs it';
        return endActive(a, 'interrupted', why);
      }
      const crashed = error.failure === 'crash' || error.failure === 'killed';
      if (!known && crashed) handBack.push({ id, claimed: true, attempt: a.attempt, alone: true });
      else if (crashed && a.attempt < ATTEMPTS) {
        log(`run ${id}: ${error.message}; trying it once more in a new solver process`);
        handBack.push({ id, claimed: true, attempt: a.attempt + 1, alone: true });
      } else {
        const reason = a.attempt > 1 ? `${error.message} (on its second try)` : error.message;
        return endActive(a, 'failed', reason);
      }
      // back to waiting, still 'running' under this queue; its next attempt gets a new recorder
      a.recorder.detach();
      active.delete(id);
    });
    if (!known && handBack.length > 0)
      log(`${error.message}; its ${handBack.length} unanswered runs go back, one to a solver message`);
    pending.unshift(...handBack);
  }

  /** The next runs for one solver: one large run, or up to a fair share of small ones. */
  function takeBatch(): { waiting: Waiting; run: RunRecord }[] {
    const share = Math.min(MAX_BATCH, Math.ceil(pending.length / (2 * parallel)));
    const batch: { waiting: Waiting; run: RunRecord }[] = [];
    const toClaim: Waiting[] = [];
    const rows = new Map<string, RunRecord>();
    while (pending.length > 0 && batch.length + toClaim.length < share) {
      const waiting = pending[0]!;
      const run = store.getRun(waiting.id);
      if (!run) {
        pending.shift();
        continue;
      }
      const single = waiting.alone || !isSmall(run);
      if (single && batch.length + toClaim.length > 0) break;
      pending.shift();
      rows.set(run.id, run);
      if (waiting.claimed) batch.push({ waiting, run });
      else toClaim.push(waiting);
      if (single) break;
    }
    if (toClaim.length > 0) {
      let claimed: string[] = [];
      safely('claiming runs', () => (claimed = store.claimRuns(toClaim.map((w) => w.id), lease.id)));
      const ok = new Set(claimed);
      for (const waiting of toClaim) if (ok.has(waiting.id)) batch.push({ waiting, run: rows.get(waiting.id)! });
    }
    return batch;
  }

  function request(run: RunRecord, threads: number): StartRequest {
    const stored = store.getConfiguration(run.id, 'checkpoint');
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
    return {
      runId: run.id,
      spec: { ...run.spec, threads },
      resume,
      checkpointEveryMs: options.checkpointEveryMs ?? defaultCheckpointMs(rowsOf(run.spec), run.d),
    };
  }

  function dispatch(slot: Slot, batch: { waiting: Waiting; run: RunRecord }[]) {
    clearTimeout(slot.idleTimer);
    // Results do not depend on the thread count (fixed blocks and reduction order), only the speed.
    const budget = Math.max(1, Math.floor(cores / Math.min(parallel, busySlots() + 1 + pending.length)));
    const requests = batch.map(({ waiting, run }) => {
      const threads = run.spec.threads ?? threadsFor({ ...run.spec, threads: budget });
      const req = request(run, threads);
      const checkpointMs = req.resume?.elapsedMs;
      active.set(run.id, {
        run,
        slot,
        attempt: waiting.attempt,
        cancelled: false,
        recorder: new RunRecorder(store, run.id, persistEveryMs, log, lostSolverMs(run.progress?.elapsedMs, checkpointMs)),
      });
      if (!waiting.claimed)
        events.emit('run/status', { runId: run.id, experimentId: run.experimentId, status: 'running', previous: 'queued' });
      return req;
    });
    slot.solver.start(requests);
  }

  function pump() {
    while (!closed && pending.length > 0) {
      let slot = [...slots].find((s) => s.solver.alive && !s.retiring && s.solver.outstanding.length === 0);
      if (!slot && slots.size < parallel) slot = newSlot() ?? undefined;
      if (!slot) break;
      const batch = takeBatch();
      if (batch.length > 0) dispatch(slot, batch);
      else slotIdle(slot);
    }
    changed();
  }

  function enqueue(ids: string[]) {
    const waiting = new Set(pending.map((w) => w.id));
    for (const id of ids) {
      if (waiting.has(id) || active.has(id)) continue;
      waiting.add(id);
      pending.push({ id, claimed: false, attempt: 1 });
    }
    pump();
  }

  function cancel(runId: string): boolean {
    const a = active.get(runId);
    if (a) {
      a.cancelled = true;
      a.slot.solver.cancel(runId, cancelGraceMs);
      return true;
    }
    const at = pending.findIndex((w) => w.id === runId);
    if (at < 0) return false;
    const [waiting] = pending.splice(at, 1);
    const run = store.getRun(runId);
    const error = 'cancelled before it started';
    safely(`cancelling run ${runId}`, () => store.endRun(runId, 'cancelled', error));
    events.ended(
      { runId, experimentId: run?.experimentId ?? null, status: 'cancelled', error },
      waiting!.claimed ? 'running' : 'queued',
    );
    changed();
    return true;
  }

  async function closeQueue() {
    closed = true;
    clearInterval(watch);
    writer.flush();
    for (const waiting of pending.splice(0)) {
      const error = 'SphereLab closed before the run started; resume runs it';
      safely(`ending run ${waiting.id}`, () => store.endRun(waiting.id, 'interrupted', error));
      const experimentId = store.getRun(waiting.id)?.experimentId ?? null;
      events.ended(
        { runId: waiting.id, experimentId, status: 'interrupted', error },
        waiting.claimed ? 'running' : 'queued',
      );
    }
    changed();
    // Each solver checkpoints the run it is on (so a resume loses no work) and ends.
    const ending = [...slots].map((slot) => {
      clearTimeout(slot.idleTimer);
      slot.solver.suspend();
      return slot.ended;
    });
    await Promise.all(ending);
    writer.flush();
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
      return [...pending.map((w) => w.id), ...active.keys()].filter(cancel).length;
    },
    setParallel(k) {
      parallel = clampParallel(k);
      for (const slot of [...slots].slice(parallel)) {
        slot.retiring = true;
        slotIdle(slot);
      }
      pump();
    },
    state,
    on: (event, listener) => events.on(event, listener),
    idle() {
      if (active.size === 0 && pending.length === 0 && writer.size === 0) return Promise.resolve();
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

export type { QueueState, RunFinishedEvent } from './queue-events';

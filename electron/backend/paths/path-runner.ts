import type { EventName, EventPayload, PathRecord } from '../../../core/contract';
import type { PathExperimentSpecInput, PathProgress } from '../../../core/path/schema';
import { runPathSolver } from '../../solver/path-client';
import type { SolverSpawner } from '../../solver/spawner';
import type { Store } from '../store/store-api';

/**
 * Paths in s of one host: each is stored, then solved in a solver process of its own (never in the
 * host's event loop), at most `parallel` at once and the rest queued in order. Progress goes to the
 * store and out as `path/progress`; every change of status as `paths/changed`. Cancel ends the
 * process; a crash ends the path failed with the reason; `close` cancels what is left, and a host
 * that died instead leaves its paths to `recoverPaths` on the next open.
 */
export interface PathRunner {
  /** validates (the store throws a ZodError on a bad spec), stores and queues the path */
  start(spec: PathExperimentSpecInput): PathRecord;
  /** stops a queued or running path of this host; false when it was not active here */
  cancel(id: string): boolean;
  /** ids of this host's paths that are running, then those waiting */
  active(): string[];
  close(): Promise<void>;
}

export interface PathRunnerOptions {
  store: Store;
  spawner: SolverSpawner;
  emit<E extends EventName>(name: E, payload: EventPayload<E>): void;
  /** paths solved at once (default 1) */
  parallel?: number;
  log?(message: string): void;
}

/** Progress is stored at most this often; events carry every report. */
const STORE_PROGRESS_EVERY_MS = 500;

export function createPathRunner(options: PathRunnerOptions): PathRunner {
  const { store, emit } = options;
  const parallel = Math.max(1, options.parallel ?? 1);
  const lease = store.acquireLease();
  const waiting: string[] = [];
  const running = new Map<string, { abort: AbortController; done: Promise<void> }>();
  let closing = false;

  const safely = (what: string, write: () => void) => {
    try {
      write();
    } catch (error) {
      options.log?.(`path runner: ${what} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const end = (id: string, status: 'failed' | 'cancelled', error: string) => {
    let ended = false;
    safely(`ending path ${id}`, () => (ended = store.endPath(id, status, error)));
    if (ended) emit('paths/changed', { pathId: id, status, error });
    return ended;
  };

  async function solve(id: string, abort: AbortController): Promise<void> {
    const record = store.getPath(id);
    if (!record || record.damaged || !store.markPathRunning(id)) {
      if (record?.damaged) end(id, 'failed', `the stored path is damaged: ${record.damaged}`);
      return;
    }
    emit('paths/changed', { pathId: id, status: 'running' });
    let storedAt = -Infinity;
    let latest: PathProgress | null = null;
    const keep = (progress: PathProgress) =>
      safely(`storing the progress of path ${id}`, () => store.recordPathProgress(id, progress));
    try {
      const result = await runPathSolver(
        options.spawner,
        { pathId: id, spec: record.spec },
        {
          signal: abort.signal,
          onProgress(progress) {
            latest = progress;
            emit('path/progress', { pathId: id, progress });
            if (Date.now() - storedAt < STORE_PROGRESS_EVERY_MS) return;
            storedAt = Date.now();
            keep(progress);
          },
        },
      );
      if (latest) keep(latest);
      let finished = false;
      safely(`storing the result of path ${id}`, () => (finished = store.finishPath(id, result)));
      if (finished) emit('paths/changed', { pathId: id, status: 'done' });
      else end(id, 'failed', 'its result could not be stored (see the log)');
    } catch (error) {
      if (latest) keep(latest);
      // a cancel has ended it already; anything else is a failure with its reason
      end(id, 'failed', error instanceof Error ? error.message : String(error));
    }
  }

  function next(): void {
    while (!closing && running.size < parallel && waiting.length > 0) {
      const id = waiting.shift()!;
      const abort = new AbortController();
      const done = solve(id, abort).finally(() => {
        running.delete(id);
        next();
      });
      running.set(id, { abort, done });
    }
  }

  return {
    start(spec) {
      if (closing) throw new Error('the host is closing: no new path starts');
      const record = store.createPath(spec, lease.id);
      emit('paths/changed', { pathId: record.id, status: 'queued' });
      waiting.push(record.id);
      next();
      return store.getPath(record.id) ?? record;
    },

    cancel(id) {
      const at = waiting.indexOf(id);
      if (at >= 0) waiting.splice(at, 1);
      const job = running.get(id);
      if (at < 0 && !job) return false;
      job?.abort.abort();
      // false when it had ended already (a second cancel while its process is being ended)
      return end(id, 'cancelled', 'cancelled on request');
    },

    active: () => [...running.keys(), ...waiting],

    async close() {
      closing = true;
      for (const id of waiting.splice(0)) end(id, 'cancelled', 'the host closed before the path began');
      const jobs = [...running];
      for (const [id, job] of jobs) {
        end(id, 'cancelled', 'the host closed while the path ran');
        job.abort.abort();
      }
      await Promise.all(jobs.map(([, job]) => job.done));
      safely('releasing the paths lease', () => lease.release());
    },
  };
}

import type { EvaluatorFactory } from '../../core/energies/evaluator';
import type { solve } from '../../core/solve';
import type { TracePoint } from '../../core/spec/run-result';
import type { HostPort } from './parent-port';
import { yieldingEvaluator } from './yielding-evaluator';
import { solvePath } from './path-session';
import {
  describeInvalid,
  HostMessage,
  MAX_BATCH,
  RunRequest,
  type DoneMessage,
  type ReceivedStart,
  type SolverMessage,
} from './protocol';

/**
 * The solver process's side of the protocol (protocol.ts): announce `ready`, then run the runs every
 * `start` brings, one after another, streaming throttled progress and checkpoints and answering each
 * run once (`done`, `error`, `dropped`). The process lives until its host goes away or asks it to
 * suspend; an uncaught exception reports an error for the current run and exits with code 1.
 */
export interface SessionDeps {
  solve: typeof solve;
  /** which kernels evaluate the energy */
  createEvaluator: EvaluatorFactory;
  exit(code: number): never | void;
  now?(): number;
}

export interface SolverSession {
  /** reports an error for the current run and exits with code 1 (uncaught exceptions end here) */
  fail(error: unknown): Promise<void>;
}

const DEFAULT_PROGRESS_EVERY_MS = 75;
/**
 * Results of small runs wait at most this long (or until RESULTS_AT_ONCE wait) to travel together:
 * every message wakes the host, which on a busy machine costs more than the run. The last run of a
 * batch is sent at once.
 */
const RESULTS_WITHIN_MS = 20;
const RESULTS_AT_ONCE = 32;
const DEFAULT_CHECKPOINT_EVERY_MS = 5000;

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function serveSolver(port: HostPort, deps: SessionDeps): SolverSession {
  const now = deps.now ?? (() => performance.now());
  const waiting: ReceivedStart[] = [];
  let current: { runId: string; abort: AbortController } | null = null;
  let suspendRequested = false;
  let suspending = false;
  let ending = false;
  let working = false;
  const send = (message: SolverMessage) => port.send(message);
  let results: DoneMessage[] = [];
  let firstResultAt = 0;
  let resultsTimer: ReturnType<typeof setTimeout> | undefined;
  const sendResults = () => {
    clearTimeout(resultsTimer);
    resultsTimer = undefined;
    if (results.length === 1) send(results[0]!);
    else if (results.length > 1) send({ type: 'results', results });
    results = [];
  };
  const addResult = (done: DoneMessage) => {
    if (results.length === 0) firstResultAt = now();
    results.push(done);
    const more = !suspending && waiting.length > 0;
    if (!more || results.length >= RESULTS_AT_ONCE || now() - firstResultAt >= RESULTS_WITHIN_MS) sendResults();
    // the next run may be slow: the solve yields to the event loop often enough for this to fire
    else resultsTimer ??= setTimeout(sendResults, RESULTS_WITHIN_MS);
  };

  const end = async (code: number) => {
    ending = true;
    sendResults();
    await port.flush();
    deps.exit(code);
  };
  const fail = async (error: unknown) => {
    if (ending) return;
    send({ type: 'error', runId: current?.runId ?? '', message: messageOf(error) });
    await end(1);
  };

  const runOne = async (start: ReceivedStart) => {
    const { runId } = start;
    const abort = new AbortController();
    current = { runId, abort };
    const progress = progressThrottle(start.progressEveryMs ?? DEFAULT_PROGRESS_EVERY_MS, now);
    try {
      const result = await deps.solve(start.spec, {
        signal: abort.signal,
        onProgress: (point) => {
          if (progress(point)) send({ type: 'progress', runId, ...point });
        },
        onCheckpoint: (checkpoint) => {
          send({ type: 'checkpoint', runId, checkpoint });
          // asked to suspend: this checkpoint is what the host keeps; the process ends here
          if (suspending) void end(0);
        },
        checkpointEveryMs: start.checkpointEveryMs ?? DEFAULT_CHECKPOINT_EVERY_MS,
        checkpointNow: () => {
          const asked = suspendRequested;
          suspendRequested = false;
          return asked;
        },
        resume: start.resume,
        createEvaluator: yieldingEvaluator(deps.createEvaluator),
      });
      if (!ending) addResult({ type: 'done', runId, summary: result.summary, points: result.points, trace: result.trace });
    } catch (error) {
      // This run's own failure (a checkpoint of another problem, too little memory): report it and
      // go on with the next; a broken process ends through uncaughtException instead.
      if (!ending) send({ type: 'error', runId, message: messageOf(error) });
    } finally {
      current = null;
    }
  };

  // One loop drains the waiting runs; a start arriving meanwhile only adds to them.
  const work = async () => {
    if (working) return;
    working = true;
    try {
      while (!suspending && !ending && waiting.length > 0) await runOne(waiting.shift()!);
    } finally {
      working = false;
    }
    if (suspending && !ending) await end(0);
  };

  const startRuns = (raw: { runs?: unknown }) => {
    const runs = Array.isArray(raw.runs) ? raw.runs : [];
    if (runs.length === 0 || runs.length > MAX_BATCH) {
      return void fail(`invalid request at runs: expected 1 to ${MAX_BATCH} runs, got ${runs.length}`);
    }
    // Each run is checked alone, so one bad run fails only itself.
    for (const run of runs) {
      const parsed = RunRequest.safeParse(run);
      if (parsed.success) waiting.push(parsed.data);
      else send({ type: 'error', runId: runIdOf(run), message: describeInvalid('request', parsed.error) });
    }
    void work().catch(fail);
  };

  port.onMessage((raw) => {
    if (ending) return;
    if ((raw as { type?: unknown } | null)?.type === 'start') return startRuns(raw as { runs?: unknown });
    const parsed = HostMessage.safeParse(raw);
    if (!parsed.success) return void fail(describeInvalid('request', parsed.error));
    const message = parsed.data;
    if (message.type === 'path') {
      // a path's own failure answers for the path; the process lives on until the host ends it
      const failed = (error: unknown) => send({ type: 'error', runId: message.pathId, message: messageOf(error) });
      return void solvePath(message, { ...deps, send, now }).catch(failed);
    }
    if (message.type === 'cancel') {
      if (current?.runId === message.runId) return current.abort.abort();
      const at = waiting.findIndex((r) => r.runId === message.runId);
      if (at >= 0) {
        waiting.splice(at, 1);
        send({ type: 'dropped', runId: message.runId });
      }
      return;
    }
    if (message.type === 'suspend') {
      // The runs not begun stay with the host (it knows them); the current one checkpoints first.
      suspending = true;
      waiting.length = 0;
      if (current) suspendRequested = true;
      else if (!working) void end(0);
    }
  });
  // Nobody is left to report to: stop at once.
  port.onDisconnect(() => deps.exit(1));
  send({ type: 'ready' });
  return { fail };
}

/**
 * True when a progress point should be sent: at most one per interval, and at the first point of
 * every later restart. The first interval counts from the run's start, so a run shorter than it (a
 * batch of small runs takes milliseconds each) sends none: its `done` carries the whole trace.
 */
function progressThrottle(everyMs: number, now: () => number): (point: TracePoint) => boolean {
  let lastAt = now();
  let lastRestart = 0;
  return (point) => {
    const t = now();
    if (point.restart === lastRestart && t - lastAt < everyMs) return false;
    lastAt = t;
    lastRestart = point.restart;
    return true;
  };
}

function runIdOf(raw: unknown): string {
  const id = (raw as { runId?: unknown } | null)?.runId;
  return typeof id === 'string' ? id : '';
}

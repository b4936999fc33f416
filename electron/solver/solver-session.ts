import type { EvaluatorFactory } from '../../core/energies/evaluator';
import type { solve } from '../../core/solve';
import type { TracePoint } from '../../core/spec/run-result';
import type { HostPort } from './parent-port';
import { yieldingEvaluator } from './yielding-evaluator';
import { describeInvalid, HostMessage, type ReceivedStart, type SolverMessage } from './protocol';

/**
 * The solver process's side of the protocol: announce `ready`, run the one solve `start` asks for,
 * stream throttled progress and checkpoints, answer `cancel` by stopping cooperatively (solve returns
 * the best so far), then report `done` or `error` and exit (0 or 1).
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
const DEFAULT_CHECKPOINT_EVERY_MS = 5000;

export function serveSolver(port: HostPort, deps: SessionDeps): SolverSession {
  const now = deps.now ?? (() => performance.now());
  let runId = '';
  let controller: AbortController | null = null;
  let suspendRequested = false;
  let ending = false;
  const send = (message: SolverMessage) => port.send(message);

  const end = async (code: number) => {
    await port.flush();
    deps.exit(code);
  };
  const fail = async (error: unknown) => {
    if (ending) return;
    ending = true;
    send({ type: 'error', runId, message: error instanceof Error ? error.message : String(error) });
    await end(1);
  };

  const run = async (start: ReceivedStart) => {
    const abort = new AbortController();
    controller = abort;
    const progress = progressThrottle(start.progressEveryMs ?? DEFAULT_PROGRESS_EVERY_MS, now);
    const result = await deps.solve(start.spec, {
      signal: abort.signal,
      onProgress: (point) => {
        if (progress(point)) send({ type: 'progress', runId, ...point });
      },
      onCheckpoint: (checkpoint) => send({ type: 'checkpoint', runId, checkpoint }),
      checkpointEveryMs: start.checkpointEveryMs ?? DEFAULT_CHECKPOINT_EVERY_MS,
      checkpointNow: () => {
        const asked = suspendRequested;
        suspendRequested = false;
        return asked;
      },
      resume: start.resume,
      createEvaluator: yieldingEvaluator(deps.createEvaluator),
    });
    if (ending) return;
    ending = true;
    send({ type: 'done', runId, summary: result.summary, points: result.points, trace: result.trace });
    await end(0);
  };

  port.onMessage((raw) => {
    const parsed = HostMessage.safeParse(raw);
    if (!parsed.success) {
      runId ||= runIdOf(raw);
      void fail(describeInvalid('request', parsed.error));
      return;
    }
    const message = parsed.data;
    if (message.type === 'cancel') return controller?.abort();
    if (message.type === 'suspend') return void (suspendRequested = true);
    if (controller) return void fail('this solver process already runs a solve; start a new process');
    runId = message.runId;
    run(message).catch(fail);
  });
  // Nobody is left to report to: stop at once.
  port.onDisconnect(() => deps.exit(1));
  send({ type: 'ready' });
  return { fail };
}

/** True when a progress point should be sent: at most one per interval, and at every new restart. */
function progressThrottle(everyMs: number, now: () => number): (point: TracePoint) => boolean {
  let lastAt = -Infinity;
  let lastRestart = -1;
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

import {
  describeInvalid,
  SolverMessage,
  type CheckpointMessage,
  type DoneMessage,
  type ProgressMessage,
  type StartRequest,
} from './protocol';
import type { SolverHandle, SolverSpawner } from './spawner';

/**
 * The host side of one solve: start a solver process, stream its progress, and settle with its `done`
 * message, or reject with a SolverError that says why there is none (the solver's own error, a crash,
 * a kill). Cancel is cooperative: `signal` sends `cancel` and the solver answers with the best result
 * so far; if it has not ended `killAfterMs` later, it is killed.
 */
export interface RunSolverOptions {
  onProgress?(progress: ProgressMessage): void;
  onCheckpoint?(checkpoint: CheckpointMessage): void;
  /** cooperative cancel: the promise still resolves, with stopReason 'cancelled' */
  signal?: AbortSignal;
  /** kills the solver at once (a second Ctrl-C); the promise rejects */
  killSignal?: AbortSignal;
  /**
   * The host is closing: the solver is asked for a checkpoint of where it is, and killed once that
   * has arrived (through onCheckpoint), or after `suspendGraceMs` (default 5000). The promise
   * rejects ('killed'); the run is resumable from that checkpoint.
   */
  suspendSignal?: AbortSignal;
  suspendGraceMs?: number;
  /**
   * Grace after a cancel before the process is killed; default 60 000.
   * A cancelled solve still computes the metrics of its best configuration, O(n^2 d), so this must
   * allow for that. Infinity: never (the CLI leaves the kill to a second Ctrl-C).
   */
  killAfterMs?: number;
}

/** after done or error the solver only flushes its messages and exits */
const EXIT_GRACE_MS = 5000;

export type SolverFailure = 'error' | 'crash' | 'killed' | 'protocol';

export class SolverError extends Error {
  constructor(
    message: string,
    readonly failure: SolverFailure,
    readonly exitCode: number | null = null,
    readonly exitSignal: NodeJS.Signals | null = null,
  ) {
    super(message);
    this.name = 'SolverError';
  }
}

export function runSolver(
  spawner: SolverSpawner,
  request: StartRequest,
  options: RunSolverOptions = {},
): Promise<DoneMessage> {
  const graceMs = options.killAfterMs ?? 60_000;
  const suspendGraceMs = options.suspendGraceMs ?? 5000;
  return new Promise<DoneMessage>((resolve, reject) => {
    let handle: SolverHandle;
    try {
      handle = spawner.spawn();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return reject(new SolverError(`could not start a solver process: ${reason}`, 'crash'));
    }
    let settled = false;
    let started = false;
    let cancelled = false;
    let suspended = false;
    let killedBecause: string | null = null;
    let killTimer: ReturnType<typeof setTimeout> | undefined;

    const killLater = (because: string, afterMs: number) => {
      if (killTimer || !Number.isFinite(afterMs)) return;
      killTimer = setTimeout(() => killNow(because), afterMs);
    };
    const killNow = (because: string) => {
      killedBecause ??= because;
      handle.kill();
    };
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onCancel);
      options.killSignal?.removeEventListener('abort', onKill);
      options.suspendSignal?.removeEventListener('abort', onSuspend);
      outcome();
    };
    const fail = (error: SolverError) => settle(() => reject(error));

    const onCancel = () => {
      cancelled = true;
      // Before `ready` the cancel waits and follows `start`: the answer is then the start configuration.
      if (started) handle.send({ type: 'cancel' });
      killLater(`did not stop within ${graceMs} ms of the cancel`, graceMs);
    };
    const onKill = () => killNow('killed on request');
    const onSuspend = () => {
      // Not started yet: there is nothing to keep.
      if (!started) return killNow('suspended before it started');
      suspended = true;
      handle.send({ type: 'suspend' });
      killLater(`sent no checkpoint within ${suspendGraceMs} ms of the suspend`, suspendGraceMs);
    };

    handle.onMessage((raw) => {
      const parsed = SolverMessage.safeParse(raw);
      if (!parsed.success) {
        killNow('sent an invalid message');
        return fail(new SolverError(`solver ${describeInvalid('message', parsed.error)}`, 'protocol'));
      }
      const message = parsed.data;
      if (message.type === 'ready') {
        if (started || killedBecause) return;
        started = true;
        handle.send({ type: 'start', ...request });
        if (cancelled) handle.send({ type: 'cancel' });
        return;
      }
      if (message.runId !== request.runId && message.type !== 'error') return;
      if (message.type === 'progress') options.onProgress?.(message);
      else if (message.type === 'checkpoint') {
        options.onCheckpoint?.(message);
        if (suspended) killNow('suspended after its checkpoint');
      }
      else if (message.type === 'done') {
        killLater('did not exit after done', EXIT_GRACE_MS);
        settle(() => resolve(message));
      } else {
        killLater('did not exit after its error', EXIT_GRACE_MS);
        fail(new SolverError(`solver failed: ${message.message}`, 'error'));
      }
    });

    handle.onExit((code, signal) => {
      clearTimeout(killTimer);
      if (settled) return;
      const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
      const why = killedBecause ? ` (${killedBecause})` : '';
      const failure: SolverFailure = killedBecause ? 'killed' : 'crash';
      fail(new SolverError(`solver process ${how}${why} before it reported a result`, failure, code, signal));
    });

    options.signal?.addEventListener('abort', onCancel, { once: true });
    options.killSignal?.addEventListener('abort', onKill, { once: true });
    options.suspendSignal?.addEventListener('abort', onSuspend, { once: true });
    if (options.signal?.aborted) onCancel();
    if (options.killSignal?.aborted) onKill();
  });
}

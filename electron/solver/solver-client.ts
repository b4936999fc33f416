import {
  describeInvalid,
  SolverMessage,
  type CheckpointMessage,
  type DoneMessage,
  type HostMessage,
  type ProgressMessage,
  type StartRequest,
} from './protocol';
import type { SolverHandle, SolverSpawner } from './spawner';

/**
 * The host side of solver processes. A SolverProcess is one long-lived solver: it is sent runs (one,
 * or a batch of small ones) and answers each exactly once; when the process ends, the runs it had
 * not answered are handed back with the reason (its own error, a crash, a kill). runSolver is one
 * run in a process of its own, for `spherelab run` and the tests.
 */
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

export interface SolverListener {
  progress?(message: ProgressMessage): void;
  checkpoint?(message: CheckpointMessage): void;
  done(message: DoneMessage): void;
  /** this run failed (the solver's own error); the process carries on */
  failed(runId: string, message: string): void;
  /** this run was cancelled before it began */
  dropped(runId: string): void;
  /** the process ended; `unanswered` are the runs it was sent and never answered, in order */
  exit(error: SolverError, unanswered: string[]): void;
}

/** after a suspend the solver checkpoints and exits by itself; this long, then it is killed */
const DEFAULT_SUSPEND_GRACE_MS = 5000;

export class SolverProcess {
  private readonly handle: SolverHandle;
  private ready = false;
  private readonly toSend: HostMessage[] = [];
  private readonly unanswered: string[] = [];
  private killedBecause: string | null = null;
  private lastError: string | null = null;
  private ended = false;
  private killTimer: ReturnType<typeof setTimeout> | undefined;
  /** runs cancelled and not answered yet: the process is killed if one takes longer than its grace */
  private readonly cancelling = new Set<string>();

  /** throws a SolverError ('crash') when the process cannot be started */
  constructor(spawner: SolverSpawner, private readonly listener: SolverListener) {
    try {
      this.handle = spawner.spawn();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new SolverError(`could not start a solver process: ${reason}`, 'crash');
    }
    this.handle.onMessage((raw) => this.receive(raw));
    this.handle.onExit((code, signal) => this.exited(code, signal));
  }

  get pid(): number | undefined {
    return this.handle.pid;
  }

  /** runs sent and not answered yet, in the order the solver takes them (the first is going) */
  get outstanding(): readonly string[] {
    return this.unanswered;
  }

  get alive(): boolean {
    return !this.ended;
  }

  start(runs: StartRequest[]): void {
    this.unanswered.push(...runs.map((r) => r.runId));
    this.post({ type: 'start', runs });
  }

  /**
   * The run going stops with its best so far; a run not begun is dropped. If the answer has not come
   * `graceMs` later (Infinity: wait for ever), the process is killed.
   */
  cancel(runId: string, graceMs: number): void {
    if (!this.unanswered.includes(runId) || this.cancelling.has(runId)) return;
    this.cancelling.add(runId);
    this.post({ type: 'cancel', runId });
    this.killLater(`did not stop within ${graceMs} ms of the cancel`, graceMs);
  }

  /** checkpoint the run going, begin no other, and end; killed if that takes longer than the grace */
  suspend(graceMs = DEFAULT_SUSPEND_GRACE_MS): void {
    if (!this.ready) return this.kill('suspended before it started');
    this.killedBecause ??= 'suspended';
    this.post({ type: 'suspend' });
    this.killLater(`did not end within ${graceMs} ms of the suspend`, graceMs);
  }

  /** kills the process after `afterMs` unless it ended before (Infinity: never) */
  killLater(because: string, afterMs: number): void {
    if (this.killTimer || this.ended || !Number.isFinite(afterMs)) return;
    this.killTimer = setTimeout(() => this.kill(because), afterMs);
  }

  kill(because: string): void {
    if (this.ended) return;
    this.killedBecause ??= because;
    this.handle.kill();
  }

  private post(message: HostMessage): void {
    if (this.ready) this.handle.send(message);
    else this.toSend.push(message);
  }

  private answered(runId: string): boolean {
    const at = this.unanswered.indexOf(runId);
    if (at < 0) return false;
    this.unanswered.splice(at, 1);
    if (this.cancelling.delete(runId) && this.cancelling.size === 0 && !this.killedBecause) {
      clearTimeout(this.killTimer);
      this.killTimer = undefined;
    }
    return true;
  }

  private receive(raw: unknown): void {
    if (this.ended) return;
    const parsed = SolverMessage.safeParse(raw);
    if (!parsed.success) {
      this.lastError = `solver ${describeInvalid('message', parsed.error)}`;
      return this.kill('sent an invalid message');
    }
    const message = parsed.data;
    switch (message.type) {
      case 'ready':
        if (this.ready) return;
        this.ready = true;
        for (const queued of this.toSend.splice(0)) this.handle.send(queued);
        return;
      case 'progress':
        if (this.unanswered.includes(message.runId)) this.listener.progress?.(message);
        return;
      case 'checkpoint':
        if (this.unanswered.includes(message.runId)) this.listener.checkpoint?.(message);
        return;
      case 'done':
        if (this.answered(message.runId)) this.listener.done(message);
        return;
      case 'results':
        for (const done of message.results) if (this.answered(done.runId)) this.listener.done(done);
        return;
      case 'dropped':
        if (this.answered(message.runId)) this.listener.dropped(message.runId);
        return;
      case 'error':
        // An error naming none of its runs is the process's own (it exits next).
        if (this.answered(message.runId)) this.listener.failed(message.runId, `solver failed: ${message.message}`);
        else this.lastError = `solver failed: ${message.message}`;
    }
  }

  private exited(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.ended) return;
    this.ended = true;
    clearTimeout(this.killTimer);
    const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
    const why = this.killedBecause ? ` (${this.killedBecause})` : '';
    const error = this.lastError
      ? new SolverError(this.lastError, this.killedBecause === 'sent an invalid message' ? 'protocol' : 'error', code, signal)
      : new SolverError(
          `solver process ${how}${why} before it reported a result`,
          this.killedBecause ? 'killed' : 'crash',
          code,
          signal,
        );
    this.listener.exit(error, this.unanswered.splice(0));
  }
}

export interface RunSolverOptions {
  onProgress?(progress: ProgressMessage): void;
  onCheckpoint?(checkpoint: CheckpointMessage): void;
  /** cooperative cancel: the promise still resolves, with stopReason 'cancelled' */
  signal?: AbortSignal;
  /** kills the solver at once (a second Ctrl-C); the promise rejects */
  killSignal?: AbortSignal;
  /**
   * The host is closing: the solver checkpoints where it is (through onCheckpoint) and ends, or is
   * killed after `suspendGraceMs` (default 5000). The promise rejects ('killed' or 'crash'); the run
   * is resumable from that checkpoint.
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

/**
 * One run in a solver process of its own, which ends with it: resolves with `done`, or rejects with
 * a SolverError that says why there is none (the solver's own error, a crash, a kill).
 */
export function runSolver(
  spawner: SolverSpawner,
  request: StartRequest,
  options: RunSolverOptions = {},
): Promise<DoneMessage> {
  const graceMs = options.killAfterMs ?? 60_000;
  return new Promise<DoneMessage>((resolve, reject) => {
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onCancel);
      options.killSignal?.removeEventListener('abort', onKill);
      options.suspendSignal?.removeEventListener('abort', onSuspend);
      // The process served its one run: it ends (exit code 0), or is killed if it lingers.
      solver.suspend();
      outcome();
    };
    let solver: SolverProcess;
    try {
      solver = new SolverProcess(spawner, {
        progress: options.onProgress,
        checkpoint: options.onCheckpoint,
        done: (done) => settle(() => resolve(done)),
        failed: (_, message) => settle(() => reject(new SolverError(message, 'error'))),
        dropped: () => settle(() => reject(new SolverError('the run was cancelled before it began', 'killed'))),
        exit: (error) => settle(() => reject(error)),
      });
    } catch (error) {
      return reject(error);
    }
    const onCancel = () => solver.cancel(request.runId, graceMs);
    const onKill = () => solver.kill('killed on request');
    const onSuspend = () => solver.suspend(options.suspendGraceMs);
    solver.start([request]);
    options.signal?.addEventListener('abort', onCancel, { once: true });
    options.killSignal?.addEventListener('abort', onKill, { once: true });
    options.suspendSignal?.addEventListener('abort', onSuspend, { once: true });
    if (options.signal?.aborted) onCancel();
    if (options.killSignal?.aborted) onKill();
  });
}

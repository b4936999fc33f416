import type { SolveCheckpoint } from '../../../core/optim/checkpoint';
import type { TracePoint } from '../../../core/spec/run-result';
import type { DoneMessage } from '../../solver/protocol';
import type { FinalResult, ProgressUpdate, Store } from '../store/store-api';

/**
 * Persists one running run as its solver reports: progress and trace samples every `persistEveryMs`,
 * each checkpoint at once, and the result in one transaction. The queue and `spherelab run` both
 * record through it. Write failures are logged, never thrown: a busy or closing database must not
 * take the solve down with it.
 */
/** Beyond this the optimizer state is not kept: a resume then restarts the restart from its points. */
export const MAX_OPTIMIZER_STATE_BYTES = 64 * 1024 ** 2;

function stateBytes(c: SolveCheckpoint): number {
  const memory = c.state?.memory.reduce((sum, m) => sum + m.s.byteLength + m.y.byteLength, 0) ?? 0;
  return (
    (c.state ? c.state.x.byteLength + c.state.grad.byteLength : 0) + memory + (c.best?.points.byteLength ?? 0)
  );
}

/** Checkpoints of big configurations come less often: about 20 MB of points per second at most. */
export function defaultCheckpointMs(rows: number, d: number): number {
  return Math.max(2000, ((rows * d * 8) / 20e6) * 1000);
}

/**
 * Solver time of a run's earlier attempts that its checkpoint does not carry: the time from the
 * checkpoint to where the attempt was when it ended (all of it when there is no checkpoint). A
 * resumed solve counts its time from the checkpoint on, so without this a resume would forget the
 * work it redoes. The stored progress time already includes what earlier resumes added.
 */
export function lostSolverMs(progressElapsedMs: number | null | undefined, checkpointElapsedMs: number | undefined): number {
  return Math.max(0, (progressElapsedMs ?? 0) - (checkpointElapsedMs ?? 0));
}

export class RunRecorder {
  private trace: TracePoint[] = [];
  private update: ProgressUpdate | null = null;
  private timer: ReturnType<typeof setInterval> | undefined;

  /**
   * `priorMs`: solver time of earlier attempts beyond the checkpoint this attempt resumes from
   * (lostSolverMs); added to every time stored or reported, except the checkpoint's own (the solver
   * continues its clock from that).
   */
  constructor(
    private readonly store: Store,
    readonly runId: string,
    private readonly persistEveryMs: number,
    private readonly log: (message: string) => void,
    readonly priorMs = 0,
  ) {}

  private safely(what: string, write: () => void): void {
    try {
      write();
    } catch (error) {
      this.log(`${what} of run ${this.runId}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Started at the first report: a batch of small runs that end at once never needs one. */
  private persistLater(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.flush(), this.persistEveryMs);
    this.timer.unref();
  }

  /** Records a progress point; returns it as reported (solver time of every attempt). */
  progress(point: TracePoint): TracePoint {
    const { restart, iteration, energy, gradNorm } = point;
    const progress = { restart, iteration, energy, gradNorm, elapsedMs: point.elapsedMs + this.priorMs };
    this.trace.push(progress);
    this.update = { ...this.update, progress, trace: [] };
    this.persistLater();
    return progress;
  }

  checkpoint(c: SolveCheckpoint): void {
    const { points, state, best, outcomes, restart, iteration, energy, elapsedMs } = c;
    const progress = this.update?.progress ?? {
      restart,
      iteration,
      energy,
      gradNorm: Number.NaN,
      elapsedMs: elapsedMs + this.priorMs,
    };
    const rows = points.data.length / points.d;
    const optimizerState = stateBytes(c) <= MAX_OPTIMIZER_STATE_BYTES ? { state, best, outcomes } : undefined;
    this.update = {
      progress,
      trace: [],
      checkpoint: {
        points: points.data,
        rows,
        d: points.d,
        restart,
        iteration,
        energy,
        elapsedMs,
        optimizerState,
      },
    };
    this.flush();
  }

  flush(): void {
    if (!this.update) return;
    const update = { ...this.update, trace: this.trace.splice(0) };
    this.update = null;
    this.safely('saving progress', () => this.store.recordProgress(this.runId, update));
  }

  /**
   * The result to store, for a writer that stores many in one transaction: a cancelled solve keeps
   * its best so far with status 'cancelled'. Progress not yet saved is dropped: the result replaces it.
   */
  result(done: DoneMessage): FinalResult & { status: 'completed' | 'cancelled' } {
    this.stop();
    this.trace = [];
    this.update = null;
    const { summary, points } = done;
    const status = summary.stopReason === 'cancelled' ? 'cancelled' : 'completed';
    const prior = this.priorMs;
    const trace = prior === 0 ? done.trace : done.trace.map((p) => ({ ...p, elapsedMs: p.elapsedMs + prior }));
    return {
      summary: prior === 0 ? summary : { ...summary, wallMs: summary.wallMs + prior },
      points: points.data,
      rows: points.data.length / points.d,
      trace,
      status,
    };
  }

  /** Stores the result at once (one run alone: `spherelab run`). */
  done(done: DoneMessage): 'completed' | 'cancelled' {
    const result = this.result(done);
    this.safely('saving the result', () => this.store.finishRun(this.runId, result));
    return result.status;
  }

  /** This attempt is over but the run goes on in another: what was reported is saved, no more. */
  detach(): void {
    this.stop();
    this.flush();
  }

  /** Ends the run without a result. */
  end(status: 'failed' | 'cancelled' | 'interrupted', error: string): void {
    this.stop();
    this.flush();
    this.safely('ending', () => this.store.endRun(this.runId, status, error));
  }

  private stop(): void {
    clearInterval(this.timer);
  }
}

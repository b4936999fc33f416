import type { SolveCheckpoint } from '../../../core/optim/checkpoint';
import type { TracePoint } from '../../../core/spec/run-result';
import type { DoneMessage } from '../../solver/protocol';
import type { ProgressUpdate, Store } from '../store/store-api';

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

export class RunRecorder {
  private trace: TracePoint[] = [];
  private update: ProgressUpdate | null = null;
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(
    private readonly store: Store,
    readonly runId: string,
    persistEveryMs: number,
    private readonly log: (message: string) => void,
  ) {
    this.timer = setInterval(() => this.flush(), persistEveryMs);
    this.timer.unref();
  }

  private safely(what: string, write: () => void): void {
    try {
      write();
    } catch (error) {
      this.log(`${what} of run ${this.runId}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  progress(point: TracePoint): void {
    const { restart, iteration, energy, gradNorm, elapsedMs } = point;
    const progress = { restart, iteration, energy, gradNorm, elapsedMs };
    this.trace.push(progress);
    this.update = { ...this.update, progress, trace: [] };
  }

  checkpoint(c: SolveCheckpoint): void {
    const { points, state, best, outcomes, restart, iteration, energy, elapsedMs } = c;
    const progress = this.update?.progress ?? { restart, iteration, energy, gradNorm: Number.NaN, elapsedMs };
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

  /** Stores the result; a cancelled solve keeps its best so far with status 'cancelled'. */
  done(done: DoneMessage): 'completed' | 'cancelled' {
    this.stop();
    const { summary, points, trace } = done;
    const status = summary.stopReason === 'cancelled' ? 'cancelled' : 'completed';
    const rows = points.data.length / points.d;
    this.safely('saving the result', () =>
      this.store.finishRun(this.runId, { summary, points: points.data, rows, trace, status }),
    );
    return status;
  }

  /** Ends the run without a result. */
  end(status: 'failed' | 'cancelled' | 'interrupted', error: string): void {
    this.stop();
    this.safely('ending', () => this.store.endRun(this.runId, status, error));
  }

  private stop(): void {
    clearInterval(this.timer);
    this.flush();
  }
}

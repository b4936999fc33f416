import { randomUUID } from 'node:crypto';
import type { RunSpec } from '../../core/spec/run-spec';
import type { SolveCheckpointInput } from '../../core/optim/checkpoint';
import type { CheckpointMessage, DoneMessage, ProgressMessage } from '../solver/protocol';
import { runSolver, SolverError } from '../solver/solver-client';
import { forkSpawner, type SolverSpawner } from '../solver/spawner';

/**
 * One solve in a solver process, apart from flag parsing and printing, so other hosts of a run (the
 * database recorder, a sweep) call the same function and hook in where they need to.
 */
export interface RunHooks {
  /** before the solver starts; e.g. record the run as running */
  onStart?(runId: string, spec: RunSpec): void | Promise<void>;
  onProgress?(progress: ProgressMessage): void;
  onCheckpoint?(checkpoint: CheckpointMessage): void;
  /** after the run ended either way; e.g. store the result or the failure */
  onFinish?(outcome: RunOutcome): void | Promise<void>;
}

export interface ExecuteRunOptions {
  /** default: a forked solver process */
  spawner?: SolverSpawner;
  /** default: a fresh UUID */
  runId?: string;
  resume?: SolveCheckpointInput;
  /** cooperative cancel: the run still ends 'done', with stopReason 'cancelled' */
  signal?: AbortSignal;
  /** kills the solver at once */
  killSignal?: AbortSignal;
  /** see RunSolverOptions.killAfterMs */
  killAfterMs?: number;
  hooks?: RunHooks;
}

export type RunOutcome =
  | { runId: string; status: 'done'; done: DoneMessage }
  | { runId: string; status: 'failed'; error: SolverError };

export async function executeRun(spec: RunSpec, options: ExecuteRunOptions = {}): Promise<RunOutcome> {
  const runId = options.runId ?? randomUUID();
  const hooks = options.hooks ?? {};
  await hooks.onStart?.(runId, spec);
  let outcome: RunOutcome;
  try {
    const done = await runSolver(
      options.spawner ?? forkSpawner(),
      { runId, spec, resume: options.resume },
      {
        onProgress: hooks.onProgress,
        onCheckpoint: hooks.onCheckpoint,
        signal: options.signal,
        killSignal: options.killSignal,
        killAfterMs: options.killAfterMs,
      },
    );
    outcome = { runId, status: 'done', done };
  } catch (error) {
    if (!(error instanceof SolverError)) throw error;
    outcome = { runId, status: 'failed', error };
  }
  await hooks.onFinish?.(outcome);
  return outcome;
}

import type { PathExperimentSpec, PathProgress, PathResult } from '../../core/path/schema';
import { describeInvalid, SolverMessage } from './protocol';
import { SolverError } from './solver-client';
import type { SolverSpawner } from './spawner';

/**
 * A path in s in a solver process of its own (protocol.ts, `path`): resolves with the result, or
 * rejects with a SolverError saying why there is none: the solver's own error, a crash or a kill.
 * `signal` cancels by ending the process at once: a path's result exists only at its end, and a
 * solve in progress need not finish first.
 */
export interface PathSolverOptions {
  onProgress?(progress: PathProgress): void;
  signal?: AbortSignal;
  /** after the answer the process is asked to end; killed if it lingers this long (default 5 s) */
  exitGraceMs?: number;
}

export function runPathSolver(
  spawner: SolverSpawner,
  request: { pathId: string; spec: PathExperimentSpec },
  options: PathSolverOptions = {},
): Promise<PathResult> {
  return new Promise<PathResult>((resolve, reject) => {
    let settled = false;
    let killedBecause: string | null = null;
    let lastError: string | null = null;
    let handle: ReturnType<SolverSpawner['spawn']>;
    try {
      handle = spawner.spawn();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return reject(new SolverError(`could not start a solver process: ${reason}`, 'crash'));
    }
    const kill = (because: string) => {
      killedBecause ??= because;
      handle.kill();
    };
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      outcome();
      // the process served its path: it ends by itself after `suspend`, or is killed
      handle.send({ type: 'suspend' });
      setTimeout(() => handle.kill(), options.exitGraceMs ?? 5000).unref();
    };
    const onAbort = () => kill('cancelled');
    handle.onMessage((raw) => {
      if (settled) return;
      const parsed = SolverMessage.safeParse(raw);
      if (!parsed.success) {
        lastError = `solver ${describeInvalid('message', parsed.error)}`;
        return kill('sent an invalid message');
      }
      const message = parsed.data;
      if (message.type === 'ready') handle.send({ type: 'path', pathId: request.pathId, spec: request.spec });
      else if (message.type === 'path-progress' && message.pathId === request.pathId)
        options.onProgress?.(message.progress);
      else if (message.type === 'path-done' && message.pathId === request.pathId)
        settle(() => resolve(message.result));
      else if (message.type === 'error') {
        const failure = `solver failed: ${message.message}`;
        if (message.runId === request.pathId) settle(() => reject(new SolverError(failure, 'error')));
        else lastError = failure;
      }
    });
    handle.onExit((code, signal) => {
      const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
      const why = killedBecause ? ` (${killedBecause})` : '';
      settle(() =>
        reject(
          lastError
            ? new SolverError(lastError, killedBecause === 'sent an invalid message' ? 'protocol' : 'error', code, signal)
            : new SolverError(
                `solver process ${how}${why} before the path was done`,
                killedBecause ? 'killed' : 'crash',
                code,
                signal,
              ),
        ),
      );
    });
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (options.signal?.aborted) onAbort();
  });
}

import type { EvaluatorFactory } from '../../core/energies/evaluator';
import { continuationPath } from '../../core/path/path';
import { enginePathSpec, plannedSolves, type PathProgress } from '../../core/path/schema';
import type { solve } from '../../core/solve';
import type { PathStartMessage, SolverMessage } from './protocol';
import type { z } from 'zod';

/**
 * A path in s inside a solver process: core/path's continuation with this process's kernels,
 * progress before each solve (throttled, a new phase at once), and one answer, `path-done`.
 * A failure is thrown to the session, which answers `error` for the path.
 */
const DEFAULT_PROGRESS_EVERY_MS = 100;

export async function solvePath(
  message: z.output<typeof PathStartMessage>,
  deps: { solve: typeof solve; createEvaluator: EvaluatorFactory; send(message: SolverMessage): void; now(): number },
): Promise<void> {
  const { pathId, spec } = message;
  const everyMs = message.progressEveryMs ?? DEFAULT_PROGRESS_EVERY_MS;
  const gridSolves = plannedSolves(spec).grid;
  const startedAt = deps.now();
  let lastSentAt = -Infinity;
  // a holder, not a `let`: the compiler cannot see the callback assign it
  const latest: { progress: PathProgress | null } = { progress: null };
  const send = (progress: PathProgress) => {
    lastSentAt = deps.now();
    deps.send({ type: 'path-progress', pathId, progress });
  };
  const result = await continuationPath(enginePathSpec(spec), deps.solve, {
    createEvaluator: deps.createEvaluator,
    onSolve: ({ phase, s, solves, transitions }) => {
      const t = deps.now();
      const changed = phase !== latest.progress?.phase;
      latest.progress = { solves, gridSolves, transitions, phase, s, elapsedMs: t - startedAt };
      if (changed || t - lastSentAt >= everyMs) send(latest.progress);
    },
  });
  // the last word on the work done: every solve, every transition, the whole time
  if (latest.progress)
    send({ ...latest.progress, transitions: result.transitions.length, elapsedMs: deps.now() - startedAt });
  deps.send({ type: 'path-done', pathId, result });
}

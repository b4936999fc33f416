import type { EvaluatorFactory } from '../../core/energies/evaluator';
import { continuationPath } from '../../core/path/path';
import { enginePathSpec, plannedSolves, type PathPhase } from '../../core/path/schema';
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
  let lastPhase: PathPhase | null = null;
  const result = await continuationPath(enginePathSpec(spec), deps.solve, {
    createEvaluator: deps.createEvaluator,
    onSolve: ({ phase, s, solves, transitions }) => {
      const t = deps.now();
      if (phase === lastPhase && t - lastSentAt < everyMs) return;
      lastSentAt = t;
      lastPhase = phase;
      deps.send({
        type: 'path-progress',
        pathId,
        progress: { solves, gridSolves, transitions, phase, s, elapsedMs: t - startedAt },
      });
    },
  });
  deps.send({ type: 'path-done', pathId, result });
}

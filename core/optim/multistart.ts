import { uniformRandomPoints } from '../points';
import { mulberry32, restartSeed } from '../random';
import type { OptimizerKind } from '../spec/run-spec';
import type { StopReason } from '../spec/run-result';
import type { BestSoFar, RestartOutcome } from './checkpoint';
import { startIterate, type IterateState } from './iterate';
import { iterate, makeStepper } from './stepper';
import type { StopRules } from './stopping';
import type { Target } from './target';

/**
 * Multi-start (docs/math.md#multistart): restart r starts from i.i.d. uniform points drawn with
 * mulberry32(restartSeed(seed, r)), so the same seed gives the same bits. The best restart wins; a
 * restart "reached the best" when its energy is within REACHED_BEST_RTOL of the best, relative to the
 * best's E - floor (core/optim/target.ts)
 * (1e-8: far above the rounding of converged energies, below the gaps between distinct local minima
 * that matter in practice; minima closer than that count as the same value).
 */
export const REACHED_BEST_RTOL = 1e-8;

export interface MultiStartResume {
  restart: number;
  /** the optimizer state to continue exactly, else `points` starts a fresh optimizer */
  state?: IterateState | undefined;
  points: Float64Array;
  iteration: number;
  best: BestSoFar | null;
  outcomes: RestartOutcome[];
}

/** What the iteration callback sees: the running restart and the finished ones. */
export interface MultiStartView {
  restart: number;
  state: IterateState;
  best: BestSoFar | null;
  outcomes: readonly RestartOutcome[];
}

export interface MultiStartOptions {
  target: Target;
  optimizer: OptimizerKind;
  memory: number;
  seed: number;
  restarts: number;
  rules: StopRules;
  /** restart 0 starts here instead of at random points */
  startPoints?: Float64Array | undefined;
  resume?: MultiStartResume | undefined;
  /** after every iteration and at every fresh start (iteration 0) */
  onIteration?: (view: MultiStartView) => void | Promise<void>;
}

export interface MultiStartResult {
  best: BestSoFar;
  outcomes: RestartOutcome[];
  /** cancelled or time-limit when the run was cut short, else the stop reason of the best restart */
  stopReason: StopReason;
  reachedBest: number;
  completed: number;
}

const INTERRUPTED: readonly StopReason[] = ['cancelled', 'time-limit'];

export async function multiStart(options: MultiStartOptions): Promise<MultiStartResult> {
  const { target, rules, resume, onIteration } = options;
  const outcomes = [...(resume?.outcomes ?? [])];
  let best = resume?.best ?? null;
  const first = resume?.restart ?? 0;

  const begin = async (r: number): Promise<IterateState> => {
    if (resume && r === first) {
      if (resume.state) return structuredClone(resume.state);
      // a fresh optimizer, but the restart's iteration count (and so its budget) goes on
      const state = await startIterate(target, resume.points);
      state.iteration = resume.iteration;
      return state;
    }
    if (r === 0 && options.startPoints) return startIterate(target, options.startPoints);
    return startIterate(
      target,
      uniformRandomPoints(target.rows, target.d, mulberry32(restartSeed(options.seed, r))),
    );
  };

  for (let r = first; r < options.restarts; r++) {
    const state = await begin(r);
    const view = () => ({ restart: r, state, best, outcomes });
    if (state.iteration === 0) await onIteration?.(view());
    const stepper = makeStepper(options.optimizer, target, options.memory, rules);
    const stopReason = await iterate(state, target, stepper, rules, () => onIteration?.(view()));
    const outcome: RestartOutcome = {
      restart: r,
      energy: state.energy,
      gradNorm: target.energyGradNorm(state.gradNorm, state.energy),
      iterations: state.iteration,
      evaluations: state.evaluations,
      stopReason,
    };
    outcomes.push(outcome);
    if (best === null || outcome.energy < best.energy) best = { ...outcome, points: state.x };
    if (INTERRUPTED.includes(stopReason)) break;
  }

  // best is set: the loop ran at least once (a resume points at a restart that is still to finish).
  const winner = best!;
  const last = outcomes[outcomes.length - 1];
  // relative to the part of E a configuration controls: at small s all minima agree in E to 1e-8
  const within = REACHED_BEST_RTOL * target.excess(winner.energy);
  return {
    best: winner,
    outcomes,
    stopReason: INTERRUPTED.includes(last.stopReason) ? last.stopReason : winner.stopReason,
    reachedBest: outcomes.filter((o) => o.energy - winner.energy <= within).length,
    completed: outcomes.filter((o) => !INTERRUPTED.includes(o.stopReason)).length,
  };
}

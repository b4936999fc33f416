import { makeEnergy } from './energies';
import type { EnergyKind } from './energies/energy';
import type { Evaluator, EvaluatorFactory, EvaluatorProblem } from './energies/evaluator';
import { describeConfiguration, positionAccuracy } from './configuration';
import { computeMetrics } from './metrics';
import {
  resumeFrom,
  takeCheckpoint,
  type SolveCheckpoint,
  type SolveCheckpointInput,
} from './optim/checkpoint';
import { multiStart } from './optim/multistart';
import { makeTarget } from './optim/target';
import { traceRecorder } from './optim/trace';
import type { PointSet } from './points';
import { RunSpec, type RunSpecInput } from './spec/run-spec';
import { energyLimits } from './theory/energy-limits';
import type { SolveSummary, TracePoint } from './spec/run-result';

/**
 * One solve: validate the spec, minimize the energy with multi-start (core/optim), and report the
 * best configuration with its metrics. Effects come in through hooks: the clock, cancellation, the
 * kernels that evaluate the energy, and where progress and checkpoints go.
 */
export interface SolveHooks {
  /** cancels cooperatively between iterations; the solve then returns the best so far */
  signal?: AbortSignal | undefined;
  /** after every iteration (callers throttle); energy and gradNorm are of E, totals */
  onProgress?: ((point: TracePoint) => void) | undefined;
  onCheckpoint?: ((checkpoint: SolveCheckpoint) => void) | undefined;
  /** least clock time between two checkpoints; default 5000 */
  checkpointEveryMs?: number | undefined;
  /** asked after every iteration: true takes a checkpoint now, whatever the clock says */
  checkpointNow?: (() => boolean) | undefined;
  /** continue a solve of the same spec from one of its checkpoints (the trace then starts there) */
  resume?: SolveCheckpointInput | undefined;
  /** restart 0 starts from these points (rows x d, unit rows) instead of random ones */
  startPoints?: Float64Array | undefined;
  /** which kernels evaluate the energy; default: the reference energies ("direct") */
  createEvaluator?: EvaluatorFactory | undefined;
  /** clock in milliseconds; default performance.now */
  now?: (() => number) | undefined;
}

export interface SolveResult {
  summary: SolveSummary;
  /** the best configuration */
  points: PointSet;
  /** progress samples, at most about 2000 (core/optim/trace.ts) */
  trace: TracePoint[];
}

export { SolveCheckpoint, type SolveCheckpointInput } from './optim/checkpoint';

const DEFAULT_CHECKPOINT_EVERY_MS = 5000;
/** energies whose values span many orders of magnitude in s (docs/math.md#log-energy) */
const EXPONENTIAL: readonly EnergyKind[] = ['ce', 'two-set', 'pair'];
const LOG_ENERGY_FROM_S = 10;

/** The reference energies of core/energies, evaluated on the calling thread. */
export const directEvaluator: EvaluatorFactory = (problem: EvaluatorProblem): Evaluator => {
  const energy = makeEnergy(problem.energy, problem);
  const rows = energy.rows(problem.n);
  return { name: 'direct', evaluate: (x, grad) => energy.evaluate(x, rows, problem.d, grad), dispose() {} };
};

/** Minimize log E: asked for, or by default for exponential kernels at s >= 10 (docs/math.md#log-energy). */
export function usesLogEnergy(spec: RunSpec): boolean {
  if (spec.logEnergy === 'on' && spec.energy === 'log') {
    throw new Error(
      "logEnergy 'on' needs a positive energy; the log energy can be negative (use 'off' or 'auto')",
    );
  }
  return (
    spec.logEnergy === 'on' ||
    (spec.logEnergy === 'auto' && EXPONENTIAL.includes(spec.energy) && spec.s >= LOG_ENERGY_FROM_S)
  );
}

export async function solve(input: RunSpecInput, hooks: SolveHooks = {}): Promise<SolveResult> {
  const spec = RunSpec.parse(input);
  const rows = makeEnergy(spec.energy, spec).rows(spec.n);
  const size = rows * spec.d;
  const resume = hooks.resume === undefined ? undefined : resumeFrom(hooks.resume, spec, size);
  if (hooks.startPoints && hooks.startPoints.length !== size) {
    throw new Error(
      `startPoints has ${hooks.startPoints.length} numbers; ${rows} rows x ${spec.d} = ${size} expected`,
    );
  }
  const logEnergy = usesLogEnergy(spec);
  const now = hooks.now ?? (() => performance.now());
  const every = hooks.checkpointEveryMs ?? DEFAULT_CHECKPOINT_EVERY_MS;

  const evaluator = await (hooks.createEvaluator ?? directEvaluator)({
    energy: spec.energy,
    n: spec.n,
    d: spec.d,
    s: spec.s,
    alpha: spec.alpha,
    threads: spec.threads,
  });
  try {
    const limits = energyLimits(spec.energy, spec.n, spec.d, spec.s);
    const target = makeTarget(evaluator.evaluate, rows, spec.d, logEnergy, limits);
    const started = now();
    const before = resume?.elapsedMs ?? 0;
    const elapsed = () => before + (now() - started);
    const trace = traceRecorder();
    let lastCheckpoint = started;

    const result = await multiStart({
      target,
      optimizer: spec.optimizer,
      memory: spec.memory,
      seed: spec.seed,
      restarts: spec.restarts,
      rules: {
        tol: spec.tol,
        maxIter: spec.maxIter,
        deadline: spec.timeLimitSec === undefined ? Infinity : started - before + spec.timeLimitSec * 1000,
        now,
        signal: hooks.signal,
      },
      startPoints: hooks.startPoints,
      resume,
      onIteration({ restart, state, best, outcomes }) {
        const point: TracePoint = {
          restart,
          iteration: state.iteration,
          energy: state.energy,
          gradNorm: target.energyGradNorm(state.gradNorm, state.energy),
          elapsedMs: elapsed(),
        };
        trace.add(point);
        hooks.onProgress?.(point);
        if (hooks.onCheckpoint && (now() - lastCheckpoint >= every || hooks.checkpointNow?.())) {
          lastCheckpoint = now();
          hooks.onCheckpoint(
            takeCheckpoint(restart, state, best, [...outcomes], spec.n, spec.d, point.elapsedMs),
          );
        }
      },
    });

    const { best, outcomes } = result;
    const points: PointSet = { n: spec.n, d: spec.d, data: best.points };
    const metrics = computeMetrics(points, { energy: spec.energy, s: spec.s });
    const configuration = describeConfiguration(
      points,
      {
        ...spec,
        reportedEnergy: best.energy,
        accuracy: positionAccuracy(best.gradNorm, best.energy, limits.floor),
      },
      metrics,
    );
    const summary: SolveSummary = {
      energy: best.energy,
      energyPerPoint: best.energy / spec.n,
      gradNorm: best.gradNorm,
      iterations: outcomes.reduce((sum, o) => sum + o.iterations, 0),
      evaluations: outcomes.reduce((sum, o) => sum + o.evaluations, 0),
      wallMs: elapsed(),
      seed: spec.seed,
      restarts: { total: spec.restarts, reachedBest: result.reachedBest, completed: result.completed },
      stopReason: result.stopReason,
      evaluator: evaluator.name,
      metrics,
      configuration,
    };
    return { summary, points, trace: trace.points() };
  } finally {
    await evaluator.dispose();
  }
}

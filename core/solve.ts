import { makeEnergy } from './energies';
import { makeHessVec, riemannianHessVec, type EuclideanHessVec } from './energies/hessian';
import type { EnergyKind } from './energies/energy';
import type { Evaluator, EvaluatorFactory, EvaluatorProblem } from './energies/evaluator';
import { certify, type Certificate } from './certificate';
import { describeConfiguration, positionAccuracy } from './configuration';
import { computeMetrics } from './metrics';
import {
  resumeFrom,
  takeCheckpoint,
  type SolveCheckpoint,
  type SolveCheckpointInput,
} from './optim/checkpoint';
import { multiStart, type MultiStartOptions, type MultiStartResult } from './optim/multistart';
import { makeTarget } from './optim/target';
import { traceRecorder } from './optim/trace';
import type { PointSet } from './points';
import { RunSpec, type RunSpecInput } from './spec/run-spec';
import { energyLimits } from './theory/energy-limits';
import type { RunCertificate, SolveSummary, TracePoint } from './spec/run-result';
import { retract } from './sphere';

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
/**
 * The certificate's Lanczos steps (one Hessian-vector product each, which costs two to four
 * evaluations in the row-owner kernels) are capped by the solve's own work, one step per two
 * evaluations or Hessian-vector products of the optimizer, so that the certificate costs about what the solve did (bench:solve at n = 1000, d = 3:
 * 660 steps took 7x the solve before this cap); at least CERTIFICATE_MIN_STEPS.
 */
const CERTIFICATE_MIN_STEPS = 60;
const CERTIFICATE_EVALUATIONS_PER_STEP = 2;
/** saddles left along their lowest direction before the solve gives up and reports the saddle */
const MAX_SADDLE_ESCAPES = 5;
/** stops where the optimizer found no way down: only there is a saddle a place the run ended at */
const SETTLED = ['converged', 'stagnated'];
/** first trial length of a step off a saddle (the direction is a unit vector over all rows), halved up to 40 times */
const ESCAPE_STEP = 0.1;
const ESCAPE_HALVINGS = 40;
/** a step off a saddle must lower E by more than this many ulps of |E| (rounding is not descent) */
const ESCAPE_ULPS = 16;
/** energies whose values span many orders of magnitude in s (docs/math.md#log-energy) */
const EXPONENTIAL: readonly EnergyKind[] = ['ce', 'two-set', 'pair'];
const LOG_ENERGY_FROM_S = 10;

/** The reference energies of core/energies, evaluated on the calling thread. */
export const directEvaluator: EvaluatorFactory = (problem: EvaluatorProblem): Evaluator => {
  const energy = makeEnergy(problem.energy, problem);
  const rows = energy.rows(problem.n);
  return {
    name: 'direct',
    evaluate: (x, grad) => energy.evaluate(x, rows, problem.d, grad),
    hessVec: referenceHessVec(problem),
    dispose() {},
  };
};

/** The reference Hessian-vector product of core/energies/hessian, for evaluators that have none. */
function referenceHessVec(problem: EvaluatorProblem): EuclideanHessVec {
  const hess = makeHessVec(problem.energy, problem);
  const rows = makeEnergy(problem.energy, problem).rows(problem.n);
  return (x, v, out, radial) => hess(x, rows, problem.d, v, out, radial);
}

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

  const problem: EvaluatorProblem = {
    energy: spec.energy,
    n: spec.n,
    d: spec.d,
    s: spec.s,
    alpha: spec.alpha,
    threads: spec.threads,
  };
  const evaluator = await (hooks.createEvaluator ?? directEvaluator)(problem);
  try {
    const euclideanHess = evaluator.hessVec ?? referenceHessVec(problem);
    let products = 0;
    const hessian = riemannianHessVec(
      (x, v, out, radial) => {
        products++;
        return euclideanHess(x, v, out, radial);
      },
      rows,
      spec.d,
    );
    const limits = energyLimits(spec.energy, spec.n, spec.d, spec.s);
    const target = makeTarget(evaluator.evaluate, rows, spec.d, logEnergy, limits, hessian);
    const started = now();
    const before = resume?.elapsedMs ?? 0;
    const elapsed = () => before + (now() - started);
    const trace = traceRecorder();
    let lastCheckpoint = started;

    const options: MultiStartOptions = {
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
    };
    let result = await multiStart(options);
    const certifyBest = () =>
      certify(problem, result.best.points, {
        hessVec: euclideanHess,
        seed: spec.seed,
        gradNorm: result.best.gradNorm,
        maxSteps: Math.max(
          CERTIFICATE_MIN_STEPS,
          Math.floor((result.best.evaluations + products) / CERTIFICATE_EVALUATIONS_PER_STEP),
        ),
      });
    let certificate: Certificate | null = result.stopReason === 'cancelled' ? null : await certifyBest();
    for (let escape = 0; spec.escapeSaddles && escape < MAX_SADDLE_ESCAPES; escape++) {
      if (certificate?.verdict !== 'saddle' || !SETTLED.includes(result.stopReason)) break;
      const start = await stepDown(
        evaluator.evaluate,
        result.best.points,
        result.best.energy,
        certificate.direction!,
        spec.d,
      );
      if (!start) break;
      result = await continueFrom(options, result, start);
      certificate = result.stopReason === 'cancelled' ? null : await certifyBest();
    }

    const { best, outcomes } = result;
    const points: PointSet = { n: spec.n, d: spec.d, data: best.points };
    const metrics = computeMetrics(points, { energy: spec.energy, s: spec.s });
    const configuration = describeConfiguration(
      points,
      {
        ...spec,
        reportedEnergy: best.energy,
        accuracy: positionAccuracy(best.gradNorm, best.energy, limits.floor, certificate),
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
      certificate: certificate && runCertificate(certificate),
      configuration,
    };
    return { summary, points, trace: trace.points() };
  } finally {
    await evaluator.dispose();
  }
}

/** The five fields of a certificate that runs store and report (issue 13's interface). */
function runCertificate(c: Certificate): RunCertificate {
  return {
    lambdaMin: c.lambdaMin,
    negativeDirections: c.negativeDirections,
    zeroModes: c.zeroModes,
    gap: c.gap,
    verdict: c.verdict,
  };
}

/**
 * A point below the saddle x along its lowest eigenvector u: R_x(t u) for the longest t in
 * ESCAPE_STEP, ESCAPE_STEP / 2, ... that lowers E (both signs of u descend at second order, since the
 * gradient vanishes to the tolerance; the first that works is taken); null when none does.
 */
async function stepDown(
  evaluate: (x: Float64Array, grad: Float64Array | null) => number | Promise<number>,
  x: Float64Array,
  energy: number,
  u: Float64Array,
  d: number,
): Promise<Float64Array | null> {
  const y = new Float64Array(x.length);
  const floor = energy - ESCAPE_ULPS * Number.EPSILON * Math.abs(energy);
  let t = ESCAPE_STEP;
  for (let k = 0; k < ESCAPE_HALVINGS; k++, t /= 2) {
    for (const sign of [1, -1]) {
      retract(x, u, sign * t, d, y);
      if ((await evaluate(y, null)) < floor) return y;
    }
  }
  return null;
}

/**
 * Continues the best restart from `start` (a point off its saddle) as one more optimizer run with the
 * same rules; it keeps the best restart's number and counts on in its iterations, so the trace reads as
 * one restart that left a saddle. The result replaces the best restart's outcome.
 */
async function continueFrom(
  options: MultiStartOptions,
  previous: MultiStartResult,
  start: Float64Array,
): Promise<MultiStartResult> {
  const old = previous.best;
  const again = await multiStart({
    ...options,
    restarts: 1,
    startPoints: start,
    resume: undefined,
    onIteration: (view) =>
      options.onIteration?.({
        ...view,
        restart: old.restart,
        state: { ...view.state, iteration: view.state.iteration + old.iterations },
      }),
  });
  const best = {
    ...again.best,
    restart: old.restart,
    iterations: old.iterations + again.best.iterations,
    evaluations: old.evaluations + again.best.evaluations,
  };
  const { points: _points, ...outcome } = best;
  const outcomes = previous.outcomes.map((o) => (o.restart === old.restart ? outcome : o));
  return { ...previous, best, outcomes, stopReason: again.stopReason };
}

import { z } from 'zod';
import type { PointSet } from '../points';
import type { RunSpec } from '../spec/run-spec';
import { StopReason } from '../spec/run-result';
import type { IterateState } from './iterate';
import type { MultiStartResume } from './multistart';

/**
 * What a solve can be resumed from, taken between two iterations. With `state` (the optimizer's whole
 * state: iterate, gradient, L-BFGS pairs, last step, stagnation counters) a resumed solve continues bit
 * for bit as the uninterrupted one would; without it (a host that keeps only points) restart
 * `restart` continues from `points` with a fresh optimizer, which reaches the same minimum but not the
 * same bits. `best` and `outcomes` carry the finished restarts, so a resumed multi-start still reports
 * the best of all restarts and how many reached it.
 */
// z.custom keeps the type Float64Array (any buffer), as PointSet and IterateState have it.
const float64Array = z.custom<Float64Array>((v) => v instanceof Float64Array, {
  message: 'expected a Float64Array',
});
const count = z.int().min(0);

export const CheckpointPoints = z.object({ n: z.int().min(1), d: z.int().min(1), data: float64Array });

export const IterateStateSchema = z.object({
  iteration: count,
  evaluations: count,
  x: float64Array,
  grad: float64Array,
  value: z.number(),
  energy: z.number(),
  gradNorm: z.number(),
  step: z.number(),
  slope: z.number(),
  memory: z.array(z.object({ s: float64Array, y: float64Array, rho: z.number() })),
  stagnation: z.object({ idle: count, bestEnergy: z.number(), bestRelGrad: z.number() }),
  radius: z.number().positive().optional(),
  hessVecs: count.optional(),
});

/** The final state of one restart. */
export const RestartOutcome = z.object({
  restart: count,
  energy: z.number(),
  /** |grad E| */
  gradNorm: z.number(),
  iterations: count,
  evaluations: count,
  stopReason: StopReason,
});
export type RestartOutcome = z.infer<typeof RestartOutcome>;

/** The best finished restart so far, with its configuration (rows x d, row-major). */
export const BestSoFar = RestartOutcome.extend({ points: float64Array });
export type BestSoFar = z.infer<typeof BestSoFar>;

export const SolveCheckpoint = z.object({
  /** the restart in progress */
  restart: count,
  /** its iteration */
  iteration: count,
  /** its current energy E */
  energy: z.number(),
  /** time spent on the solve so far, including earlier resumed parts */
  elapsedMs: z.number().min(0),
  /** its current configuration */
  points: CheckpointPoints,
  state: IterateStateSchema.optional(),
  best: BestSoFar.nullable().default(null),
  outcomes: z.array(RestartOutcome).default([]),
});
export type SolveCheckpoint = z.infer<typeof SolveCheckpoint>;
export type SolveCheckpointInput = z.input<typeof SolveCheckpoint>;

/** A checkpoint that owns copies of everything, so the running solve can go on mutating its state. */
export function takeCheckpoint(
  restart: number,
  state: IterateState,
  best: BestSoFar | null,
  outcomes: RestartOutcome[],
  n: number,
  d: number,
  elapsedMs: number,
): SolveCheckpoint {
  const copy = structuredClone(state);
  const points: PointSet = { n, d, data: Float64Array.from(state.x) };
  return {
    restart,
    iteration: state.iteration,
    energy: state.energy,
    elapsedMs,
    points,
    state: copy,
    best: best && { ...best, points: Float64Array.from(best.points) },
    outcomes: outcomes.map((o) => ({ ...o })),
  };
}

/** Validates a checkpoint against the spec it should continue (rows x d numbers); errors name the mismatch. */
export function resumeFrom(
  input: SolveCheckpointInput,
  spec: RunSpec,
  size: number,
): MultiStartResume & { elapsedMs: number } {
  const checkpoint = SolveCheckpoint.parse(input);
  const { points, state, restart } = checkpoint;
  const problems: string[] = [];
  if (points.n !== spec.n || points.d !== spec.d) {
    problems.push(`it is for n = ${points.n}, d = ${points.d}, the spec has n = ${spec.n}, d = ${spec.d}`);
  }
  if (points.data.length !== size)
    problems.push(`its points have ${points.data.length} numbers, ${size} expected`);
  if (restart >= spec.restarts)
    problems.push(`it is at restart ${restart}, the spec has ${spec.restarts} restarts`);
  if (checkpoint.best && checkpoint.best.points.length !== size)
    problems.push('its best points have the wrong size');
  if (state) {
    const vectors = [state.x, state.grad, ...state.memory.flatMap((m) => [m.s, m.y])];
    if (vectors.some((v) => v.length !== size))
      problems.push('its optimizer state has vectors of the wrong size');
    if (state.memory.length > spec.memory)
      problems.push(`its optimizer keeps ${state.memory.length} pairs, memory is ${spec.memory}`);
  }
  if (problems.length > 0) throw new Error(`cannot resume from this checkpoint: ${problems.join('; ')}`);
  return {
    restart,
    state,
    points: points.data,
    iteration: checkpoint.iteration,
    best: checkpoint.best,
    outcomes: checkpoint.outcomes,
    elapsedMs: checkpoint.elapsedMs,
  };
}

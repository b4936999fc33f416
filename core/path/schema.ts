import { z } from 'zod';
import { Configuration, ConfigurationName } from '../configuration/schema';
import { nameIsPrintable } from '../spec/printable';
import { RunSpec } from '../spec/run-spec';
import { SCALE_ENERGIES } from './slope';

/**
 * The shapes of a path in s (core/path/path.ts) as zod schemas: the result the engine returns (its
 * types are these schemas' outputs), and the flat spec a researcher gives it, which the design form,
 * the `paths/start` request and the paths table share.
 */

export const DIRECTIONS = ['up', 'down', 'fresh'] as const;
/** the sweep a step belongs to: up, down, or a fresh multi-start at that s */
export const Direction = z.enum(DIRECTIONS);
export type Direction = z.output<typeof Direction>;

export const ConfigurationKey = z.object({
  name: ConfigurationName,
  parts: z.array(z.int().positive()).optional(),
});
export type ConfigurationKey = z.output<typeof ConfigurationKey>;

export const PathStep = z.object({
  s: z.number(),
  direction: Direction,
  energy: z.number(),
  /** dE/ds at this minimizer (slope.ts) */
  dEds: z.number(),
  /** lowest Hessian eigenvalue off the rotation orbit (the solve's certificate); null when the solve was cancelled */
  lambdaMin: z.number().nullable(),
  configuration: Configuration,
});
export type PathStep = z.output<typeof PathStep>;

export const TRANSITION_KINDS = ['configuration', 'kink', 'lambda-min'] as const;
export const Transition = z.object({
  /** located to the path's resolution */
  s: z.number(),
  /** what changed: the configuration's name, or (same name) a kink in dE/ds, or the sign of lambda_min */
  kind: z.enum(TRANSITION_KINDS),
  from: ConfigurationKey,
  to: ConfigurationKey,
  /** the bracket the bisection ended with */
  bracket: z.tuple([z.number(), z.number()]),
});
export type Transition = z.output<typeof Transition>;

export const PathJump = z.object({
  direction: z.enum(['up', 'down']),
  between: z.tuple([z.number(), z.number()]),
  from: ConfigurationKey,
  to: ConfigurationKey,
});
export type PathJump = z.output<typeof PathJump>;

export const PathResult = z.object({
  steps: z.array(PathStep),
  transitions: z.array(Transition),
  /** where each sweep jumped from one configuration to another, to the grid's resolution */
  jumps: z.array(PathJump),
});
export type PathResult = z.output<typeof PathResult>;

/** What a path is doing: the solve it is at, in which phase, out of how many the grid needs. */
export const PATH_PHASES = [...DIRECTIONS, 'bisection'] as const;
export const PathPhase = z.enum(PATH_PHASES);
export type PathPhase = z.output<typeof PathPhase>;
export const PathProgress = z.object({
  /** solves begun so far (the current one included) */
  solves: z.int().min(0),
  /** solves of the sweeps and fresh starts; each located transition adds bisection solves */
  gridSolves: z.int().min(0),
  /** transitions located so far */
  transitions: z.int().min(0),
  phase: PathPhase,
  /** s of the current solve */
  s: z.number(),
  elapsedMs: z.number().min(0),
});
export type PathProgress = z.output<typeof PathProgress>;

const rs = RunSpec.shape;
/** The grid's steps are bounded so that a path stays an experiment, not a job for a cluster. */
export const MAX_PATH_STEPS = 1000;

/**
 * A path in s as a researcher asks for it: the energy (one in which s enters), the problem, the
 * s range and its grid, and the solver settings of every step. Both ends must be valid runs
 * (RunSpec refuses an s at which the energy leaves the doubles); s-to must exceed s-from.
 */
export const PathExperimentSpec = z
  .object({
    name: z
      .string()
      .trim()
      .max(200, 'a name has at most 200 characters')
      .superRefine(nameIsPrintable)
      .default(''),
    energy: z.enum(SCALE_ENERGIES, {
      error: `a path in s needs an energy in which s enters: one of ${SCALE_ENERGIES.join(', ')}`,
    }),
    n: rs.n,
    d: rs.d,
    sFrom: rs.s.unwrap(),
    sTo: rs.s.unwrap(),
    /** intervals of the s grid: steps + 1 solves each way */
    steps: z
      .int('steps must be a whole number')
      .min(1, 'steps must be at least 1')
      .max(MAX_PATH_STEPS, `steps must be at most ${MAX_PATH_STEPS}`)
      .default(14),
    /** random starts at s-from, s-to and the fresh starts (warm steps use one) */
    restarts: rs.restarts.default(8),
    seed: rs.seed,
    /** fresh multi-starts at every k-th inner grid point; 0: only at the two ends */
    freshEvery: z.int().min(0).max(MAX_PATH_STEPS).default(1),
    tol: rs.tol,
    maxIter: rs.maxIter,
  })
  .strict()
  .superRefine((spec, ctx) => {
    if (!(spec.sTo > spec.sFrom)) {
      ctx.addIssue({
        code: 'custom',
        path: ['sTo'],
        message: `s to must exceed s from (got ${spec.sFrom} and ${spec.sTo})`,
      });
      return;
    }
    for (const key of ['sFrom', 'sTo'] as const) {
      const run = RunSpec.safeParse({ ...runBase(spec), s: spec[key] });
      if (!run.success) ctx.addIssue({ code: 'custom', path: [key], message: run.error.issues[0]!.message });
    }
  });
export type PathExperimentSpec = z.output<typeof PathExperimentSpec>;
export type PathExperimentSpecInput = z.input<typeof PathExperimentSpec>;

function runBase(spec: PathExperimentSpec) {
  return {
    energy: spec.energy,
    n: spec.n,
    d: spec.d,
    seed: spec.seed,
    restarts: spec.restarts,
    tol: spec.tol,
    maxIter: spec.maxIter,
  };
}

/** The engine's spec (path.ts) of a validated path spec. */
export function enginePathSpec(spec: PathExperimentSpec, threads?: number) {
  return {
    base: { ...runBase(spec), ...(threads === undefined ? {} : { threads }) },
    sFrom: spec.sFrom,
    sTo: spec.sTo,
    steps: spec.steps,
    freshEvery: spec.freshEvery,
  };
}

/** Bisection halves the bracket until it is this narrow (issue 13: located to 1e-6). */
export const PATH_RESOLUTION = 1e-6;

/**
 * The solves a path makes: up and down the grid (steps + 1 each way, the top of the down sweep a
 * fresh multi-start), fresh multi-starts at the inner grid points every `freshEvery`, and for each
 * transition found two solves per halving of a grid interval down to the resolution.
 */
export function plannedSolves(spec: Pick<PathExperimentSpec, 'sFrom' | 'sTo' | 'steps' | 'freshEvery'>, resolution = PATH_RESOLUTION) {
  const inner = spec.steps - 1;
  const fresh = spec.freshEvery > 0 ? Math.floor(inner / spec.freshEvery) : 0;
  const sweeps = 2 * (spec.steps + 1);
  const h = (spec.sTo - spec.sFrom) / spec.steps;
  const halvings = h > resolution ? Math.ceil(Math.log2(h / resolution)) : 0;
  return { sweeps, fresh, grid: sweeps + fresh, perTransition: 2 * halvings };
}

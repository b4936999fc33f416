import { z } from 'zod';
import { ENERGY_KINDS } from '../energies/energy';
import { nameIsPrintable, textIsPrintable } from './printable';
import { OptimizerSettings, RunSpec } from './run-spec';

/**
 * An experiment: one energy, a grid over n, d, s (and alpha for the Riesz energy), seeds and restarts,
 * with one set of optimizer settings. It expands into one RunSpec per grid point and seed. Each axis
 * is a single value, a list, or a range: {from, to, step} (arithmetic, `to` included when reached) or
 * {from, to, count, spacing: 'linear' | 'log'} (count values, ends included).
 */

/** Expansion refuses grids larger than this: a typo in a range must not queue a million runs. */
export const MAX_EXPERIMENT_RUNS = 10_000;

const finite = z.number().refine(Number.isFinite, { message: 'must be a finite number' });

const StepRange = z
  .object({ from: finite, to: finite, step: finite.refine((v) => v > 0, { message: 'step must be > 0' }) })
  .strict()
  .refine((r) => r.to >= r.from, { message: 'range needs to >= from' });

const CountRange = z
  .object({
    from: finite,
    to: finite,
    count: z.int().min(1).max(MAX_EXPERIMENT_RUNS),
    spacing: z.enum(['linear', 'log']).default('linear'),
  })
  .strict()
  .refine((r) => r.to >= r.from, { message: 'range needs to >= from' })
  .refine((r) => r.spacing === 'linear' || r.from > 0, { message: 'log spacing needs from > 0' });

export const Axis = z.union([finite, z.array(finite).min(1), StepRange, CountRange], {
  error: 'expected a number, a list of numbers, {from, to, step} or {from, to, count, spacing}',
});
export type Axis = z.infer<typeof Axis>;

export const SeedAxis = z.union([z.int().min(0), z.array(z.int().min(0)).min(1), StepRange, CountRange], {
  error: 'seeds: expected an integer, a list of integers or a range',
});

export const ExperimentSpec = OptimizerSettings.extend({
  name: z.string().trim().min(1, 'name must not be empty').max(200).superRefine(nameIsPrintable),
  description: z.string().max(10_000).superRefine(textIsPrintable).default(''),
  energy: z.enum(ENERGY_KINDS),
  n: Axis,
  d: Axis,
  s: Axis.default(1),
  alpha: Axis.default(1),
  seeds: SeedAxis.default([1]),
  restarts: z.int().min(1).max(10_000).default(1),
  threads: z.int().min(1).max(256).optional(),
}).strict();
export type ExperimentSpec = z.infer<typeof ExperimentSpec>;
export type ExperimentSpecInput = z.input<typeof ExperimentSpec>;

/** The values of one axis, ascending and without duplicates (rounded to integers when `integer`). */
export function axisValues(axis: Axis | z.infer<typeof SeedAxis>, integer: boolean): number[] {
  const fix = (v: number) => (integer ? Math.round(v) : Number(v.toPrecision(15)));
  let values: number[];
  if (typeof axis === 'number') values = [axis];
  else if (Array.isArray(axis)) values = axis;
  else if ('step' in axis) {
    // a step range of whole numbers stays whole; 1.5..4 by 1 on an integer axis would be rounded silently
    if (integer && ![axis.from, axis.step].every(Number.isInteger))
      throw new ExpansionError(`a range over whole numbers needs a whole start and step, not ${axis.from} by ${axis.step}`);
    // the small slack keeps `to` when (to - from)/step is an integer up to rounding
    const count = Math.floor((axis.to - axis.from) / axis.step + 1e-9) + 1;
    if (count > MAX_EXPERIMENT_RUNS)
      throw new ExpansionError(`a range has ${count} values; at most ${MAX_EXPERIMENT_RUNS}`);
    values = Array.from({ length: count }, (_, i) => axis.from + i * axis.step);
  } else {
    const { from, to, count, spacing } = axis;
    values = Array.from({ length: count }, (_, i) => {
      const t = count === 1 ? 0 : i / (count - 1);
      return spacing === 'log' ? from * Math.pow(to / from, t) : from + t * (to - from);
    });
  }
  // listed values are taken as written: 3.5 where a whole number is meant is refused, never rounded
  // (count ranges are rounded: "10..1000 in 7 log" means whole numbers near those)
  const inexact = typeof axis === 'number' || Array.isArray(axis) ? values.find((v) => integer && !Number.isInteger(v)) : undefined;
  if (inexact !== undefined) throw new ExpansionError(`${inexact} is not a whole number`);
  return [...new Set(values.map(fix))].sort((a, b) => a - b);
}

export class ExpansionError extends Error {
  override name = 'ExpansionError';
  /** the RunSpec field that failed at a grid point (e.g. ['n']), so a form can mark it */
  constructor(
    message: string,
    readonly path: readonly PropertyKey[] = [],
    /** the grid point that failed and the schema's issue, so a form can word its own message */
    readonly gridPoint?: { point: { n: number; d: number; s: number; alpha: number; seed: number }; issue: z.core.$ZodIssue },
  ) {
    super(message);
  }
}

/**
 * One RunSpec per (n, d, s, alpha, seed), in that nesting order. alpha only multiplies the grid for
 * the Riesz energy (elsewhere it is ignored and fixed at its first value). Every RunSpec is
 * validated; the first invalid grid point is reported with its coordinates.
 */
export function expandExperiment(input: ExperimentSpecInput | ExperimentSpec): RunSpec[] {
  const spec = ExperimentSpec.parse(input);
  const along = (name: string, values: () => number[]) => {
    try {
      return values();
    } catch (error) {
      if (error instanceof ExpansionError && error.path.length === 0)
        throw new ExpansionError(`${name}: ${error.message}`, [name]);
      throw error;
    }
  };
  const ns = along('n', () => axisValues(spec.n, true));
  const ds = along('d', () => axisValues(spec.d, true));
  const ss = along('s', () => axisValues(spec.s, false));
  const alphas = along('alpha', () =>
    spec.energy === 'riesz' ? axisValues(spec.alpha, false) : axisValues(spec.alpha, false).slice(0, 1),
  );
  const seeds = along('seed', () => axisValues(spec.seeds, true));
  const total = ns.length * ds.length * ss.length * alphas.length * seeds.length;
  if (total > MAX_EXPERIMENT_RUNS) {
    throw new ExpansionError(
      `the experiment expands into ${total} runs (${ns.length} n x ${ds.length} d x ${ss.length} s x ${alphas.length} alpha x ${seeds.length} seeds); at most ${MAX_EXPERIMENT_RUNS} are allowed`,
    );
  }
  const { optimizer, tol, maxIter, timeLimitSec, memory, logEnergy, restarts, threads, energy } = spec;
  const runs: RunSpec[] = [];
  for (const n of ns)
    for (const d of ds)
      for (const s of ss)
        for (const alpha of alphas)
          for (const seed of seeds) {
            const parsed = RunSpec.safeParse({
              energy,
              n,
              d,
              s,
              alpha,
              seed,
              restarts,
              optimizer,
              tol,
              maxIter,
              timeLimitSec,
              memory,
              logEnergy,
              threads,
            });
            if (!parsed.success) {
              const issue = parsed.error.issues[0];
              // alpha is named only where it is a parameter (the Riesz energy)
              const where = `n=${n} d=${d} s=${s}${energy === 'riesz' ? ` alpha=${alpha}` : ''} seed=${seed}`;
              throw new ExpansionError(
                `grid point ${where}: ${issue?.path.join('.') || 'spec'}: ${issue?.message}`,
                issue?.path,
                issue && { point: { n, d, s, alpha, seed }, issue },
              );
            }
            runs.push(parsed.data);
          }
  return runs;
}

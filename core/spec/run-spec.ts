import { z } from 'zod';
import { ENERGY_KINDS } from '../energies/energy';
import { scaleRangeIssue } from '../theory/energy-limits';

/**
 * One solve: an energy at one (n, d, s, alpha), a seed, restarts and optimizer settings. This is what
 * a solver process receives, what the CLI's `run` flags build, and what an experiment expands into.
 */
export const OptimizerKind = z.enum(['lbfgs', 'rgd']);
export type OptimizerKind = z.infer<typeof OptimizerKind>;

const positiveFinite = (what: string) =>
  z.number({ error: `${what} must be a number` }).refine((v) => Number.isFinite(v) && v > 0, {
    message: `${what} must be a positive finite number`,
  });

export const OptimizerSettings = z.object({
  optimizer: OptimizerKind.default('lbfgs'),
  /** stop when the relative Riemannian gradient norm |g| / (E - floor) falls below tol (core/optim/stopping.ts) */
  tol: positiveFinite('tol').default(1e-9),
  maxIter: z.int().min(1).max(10_000_000).default(20_000),
  /** wall-clock budget of the whole run (all restarts), seconds */
  timeLimitSec: positiveFinite('time-limit').optional(),
  /**
   * L-BFGS history length. 30, not scipy's 10: at s = 1 the curvature is so uneven that the longer
   * history saves a fifth of the iterations (n = 300, d = 3, 8 starts: 474 against 605 at m = 10,
   * scipy's L-BFGS-B 601), for O(m n d) work per iteration that the O(n^2 d) energy dwarfs.
   */
  memory: z.int().min(1).max(100).default(30),
  /** minimize log E instead of E: 'auto' turns it on for exponential kernels at s >= 10 (docs/math.md#log-energy) */
  logEnergy: z.enum(['auto', 'on', 'off']).default('auto'),
});
export type OptimizerSettings = z.infer<typeof OptimizerSettings>;

/** Bytes a solve may allocate for its point vectors: L-BFGS keeps 2m + 8 copies of the variable. */
export const MAX_SOLVE_BYTES = 4 * 1024 ** 3;

export const RunSpec = OptimizerSettings.extend({
  energy: z.enum(ENERGY_KINDS),
  n: z.int().min(2).max(10_000_000),
  d: z.int().min(2).max(100_000),
  s: positiveFinite('s').default(1),
  alpha: positiveFinite('alpha').default(1),
  seed: z.int().min(0).max(2 ** 32 - 1).default(1),
  restarts: z.int().min(1).max(10_000).default(1),
  /** worker threads for the kernels; default: the machine's cores */
  threads: z.int().min(1).max(256).optional(),
}).superRefine((spec, ctx) => {
  const rows = spec.energy === 'two-set' ? 2 * spec.n : spec.n;
  const bytes = (2 * spec.memory + 8) * rows * spec.d * 8;
  if (bytes > MAX_SOLVE_BYTES) {
    ctx.addIssue({
      code: 'custom',
      path: ['n'],
      message: `n x d = ${spec.n} x ${spec.d} needs about ${(bytes / 1024 ** 3).toFixed(1)} GiB; at most ${MAX_SOLVE_BYTES / 1024 ** 3} GiB is allowed`,
    });
  }
  // values a solve would meet but no double can hold (overflow, or a minimum below the normal range)
  const scaleIssue = scaleRangeIssue(spec.energy, spec.n, spec.d, spec.s);
  if (scaleIssue) ctx.addIssue({ code: 'custom', path: ['s'], message: scaleIssue });
});
export type RunSpec = z.infer<typeof RunSpec>;
export type RunSpecInput = z.input<typeof RunSpec>;

import { z } from 'zod';
import { Configuration } from '../configuration/schema';

/**
 * Metrics of a final configuration, docs/math.md#metrics. They describe the configuration X (for the
 * two-set energy: the features H), whatever energy was minimized; energy gaps use the cross-entropy
 * energy E_s(X) at the run's s. Totals are over the configuration; "per point" means divided by n.
 */
export const Metrics = z.object({
  /** E_s(X), total */
  ceEnergy: z.number(),
  /** max_{i != j} |G_ij + 1/(n-1)| */
  etfDistance: z.number(),
  /** sqrt(sum_{i != j} (G_ij + 1/(n-1))^2) */
  etfDistanceFrobenius: z.number(),
  /** the bound (*) n log(1 + (n-1) exp(-s n/(n-1))), total */
  etfBound: z.number(),
  /** E_s(X) - bound (*), total; 0 iff X is the simplex ETF */
  etfBoundGap: z.number(),
  /** U_d(s, n) = log n + log c_d(s) - s, per point */
  uniformEnergy: z.number(),
  /** E_s(X)/n - U_d(s, n), per point */
  uniformGap: z.number(),
  /** FP = sum_{ij} G_ij^2 */
  framePotential: z.number(),
  /** FP / max(n, n^2/d); 1 = tight (or orthonormal) */
  framePotentialRatio: z.number(),
  /** |X^T X - (n/d) I|_F */
  tightnessError: z.number(),
  /** mu = max_{i != j} |G_ij| */
  coherence: z.number(),
  /** Welch bound sqrt((n-d)/(d(n-1))) for n > d, else 0 */
  welchBound: z.number(),
  /** max_{i != j} G_ij */
  maxInnerProduct: z.number(),
  /** arccos(max off), radians */
  minAngle: z.number(),
  /** |xbar|, xbar = (1/n) sum x_i */
  balance: z.number(),
  /** Gegenbauer moments M_1..M_8 (index 0 is M_1) */
  gegenbauer: z.array(z.number()).length(8),
  /** largest t with M_1..M_t below the design tolerance */
  designStrength: z.int(),
  /** L2 spherical-cap discrepancy D (not squared), by Stolarsky's identity */
  capDiscrepancy: z.number(),
  /** min_{i != j} |x_i - x_j| */
  minDistance: z.number(),
  /** NC3 self-duality max_i |h_i - w_i|, two-set energy only */
  selfDuality: z.number().nullable(),
});
export type Metrics = z.infer<typeof Metrics>;

export const StopReason = z.enum(['converged', 'stagnated', 'max-iter', 'time-limit', 'cancelled']);
export type StopReason = z.infer<typeof StopReason>;

/**
 * The second-order certificate of the final configuration (core/certificate/certify.ts): the lowest
 * eigenvalue of the Riemannian Hessian of E on the complement of the rotation orbit, the number of
 * eigenvalues below -threshold, the zero modes (rotations projected out plus eigenvalues within
 * +-threshold), lambda_2 - lambda_1, and the verdict.
 */
export const Verdict = z.enum(['strict-minimum', 'saddle', 'degenerate']);
export const RunCertificate = z.object({
  lambdaMin: z.number(),
  negativeDirections: z.int().min(0),
  zeroModes: z.int().min(0),
  gap: z.number(),
  verdict: Verdict,
});
export type RunCertificate = z.infer<typeof RunCertificate>;

/** The outcome of a solve; `run --json` prints it (points as arrays when asked). */
export const SolveSummary = z.object({
  energy: z.number(),
  energyPerPoint: z.number(),
  /** Riemannian gradient norm of the energy (not of log E) at the final point */
  gradNorm: z.number(),
  iterations: z.int(),
  evaluations: z.int(),
  wallMs: z.number(),
  seed: z.int(),
  restarts: z.object({ total: z.int(), reachedBest: z.int(), completed: z.int() }),
  stopReason: StopReason,
  /** which kernel evaluated the energy, e.g. "direct" or "moments" */
  evaluator: z.string(),
  metrics: Metrics,
  /** null when the run was cancelled (no certificate computed) */
  certificate: RunCertificate.nullable().optional(),
  /** what the run found, named (core/configuration); absent in results from before it existed */
  configuration: Configuration.optional(),
});
export type SolveSummary = z.infer<typeof SolveSummary>;

/** Trace sample: one per iteration (downsampled for long runs). */
export interface TracePoint {
  restart: number;
  iteration: number;
  energy: number;
  gradNorm: number;
  elapsedMs: number;
}

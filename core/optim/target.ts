import type { Objective } from '../energies/evaluator';
import { projectToTangent } from '../sphere';
import { reportedEnergy, type EnergyLimits } from '../theory/energy-limits';

/**
 * The function an optimizer minimizes: the energy E itself, or log E in log-energy mode (docs/math.md#log-energy
 * section 3: for exponential kernels at large s, E is so small that plain tests on E lose all digits).
 * Either way the optimizer sees one value and its Riemannian gradient; the energy E travels beside
 * the value so that results and progress always report E and |grad E|.
 *
 * The stopping rule tests |grad E| / (E - floor), the gradient against the part of E that the
 * configuration controls (core/optim/stopping.ts); with floor 0 that is |grad E| / |E|, the plain
 * gradient norm of log E (grad log E = grad E / E), so both modes stop at the same configurations.
 * The energy reported beside the value is never below the energy's proven bound (reportedEnergy).
 */
export interface Evaluation {
  /** the minimized value: E, or log E in log-energy mode */
  value: number;
  /** the energy E (a total), as reported (theory/energy-limits.ts reportedEnergy) */
  energy: number;
}

export interface Target {
  readonly rows: number;
  readonly d: number;
  readonly logEnergy: boolean;
  /** Writes the Riemannian gradient of the value at x into grad. */
  evaluate(x: Float64Array, grad: Float64Array): Promise<Evaluation>;
  /** |grad E| / max(|E - floor|, MIN_VALUE), from the norm of the value's Riemannian gradient */
  relativeGradNorm(valueGradNorm: number, energy: number): number;
  /** |grad E| from the norm of the value's Riemannian gradient */
  energyGradNorm(valueGradNorm: number, energy: number): number;
  /** E - floor, the part of E the configuration controls (its scale for relative comparisons) */
  excess(energy: number): number;
  /**
   * How far the value may rise and still count as "not higher" in the line search's approximate
   * Wolfe test: a relative rise `rel` of E, in the units of the value.
   */
  tolerance(rel: number, energy: number): number;
}

/** the smallest positive double: E - floor is positive wherever it is representable */
const TINY = Number.MIN_VALUE;
/** rounding of an evaluated energy, relative to |E|: rises below it are noise in any case */
const ROUNDING_RISE = 16 * Number.EPSILON;

/** No floor, no bound: E is measured against |E|. */
export const NO_LIMITS: EnergyLimits = { floor: 0, bound: -Infinity, rounding: 0 };

export function makeTarget(
  objective: Objective,
  rows: number,
  d: number,
  logEnergy: boolean,
  limits: EnergyLimits = NO_LIMITS,
): Target {
  const excess = (energy: number) => Math.max(Math.abs(energy - limits.floor), TINY);
  return {
    rows,
    d,
    logEnergy,
    async evaluate(x, grad) {
      const computed = await objective(x, grad);
      projectToTangent(x, grad, d);
      const energy = reportedEnergy(computed, limits);
      if (!logEnergy) return { value: computed, energy };
      const inv = 1 / computed;
      for (let i = 0; i < grad.length; i++) grad[i] *= inv;
      return { value: Math.log(computed), energy };
    },
    excess,
    // |E| / excess first: g |E| underflows where E is near the bottom of the normal range
    relativeGradNorm: (g, energy) =>
      logEnergy ? g * (Math.abs(energy) / excess(energy)) : g / excess(energy),
    energyGradNorm: (g, energy) => (logEnergy ? g * Math.abs(energy) : g),
    tolerance: (rel, energy) =>
      (logEnergy ? (rel * excess(energy)) / Math.abs(energy) : rel * excess(energy)) +
      ROUNDING_RISE * (logEnergy ? 1 : Math.abs(energy)),
  };
}

import type { StopReason } from '../spec/run-result';

/**
 * When an optimizer run stops (docs/math.md#stopping). Tests run between iterations, in this order:
 * cancellation, time budget, convergence (relative Riemannian gradient norm |grad E| / (E - floor)
 * < tol), iteration budget, stagnation. Time comes from an injected clock so that tests can fake it
 * and numerical decisions never depend on it.
 *
 * Why E - floor and not E: the floor (core/theory/energy-limits.ts) is the part of E no configuration
 * can change, n log n - n s for the cross-entropy energy at small s. There E ~ n log n while
 * everything that tells configurations apart is O(s) (|xbar|^2), O(s^2) (the frame potential) or
 * O(s^3) (3-designs), so |grad E| / E < 1e-9 stops long before the configuration is resolved: at
 * n = 6, d = 3, s = 0.001 it stopped at a tight frame (FP ratio 1.00001, design strength 1) instead of
 * the octahedron. Measured against E - floor, the same tolerance resolves what the configuration
 * controls; where E is far above the floor (s >~ log n) nothing changes, and at large s the floor is
 * 0 and the test is |grad E| / E = |grad log E| as before.
 */
export interface StopRules {
  /** relative gradient norm |grad E| / (E - floor) to reach (core/optim/target.ts) */
  tol: number;
  /** iterations of one restart */
  maxIter: number;
  /** clock reading (ms) at which the time budget runs out; Infinity for none */
  deadline: number;
  now: () => number;
  signal?: AbortSignal | undefined;
}

/**
 * Stagnation: neither the energy nor the gradient norm improved over `STAGNATION_WINDOW` iterations.
 * Energy alone is not enough: near a minimum E stops changing (differences below rounding) while
 * |grad E| still falls by orders of magnitude, and stopping there would be the stall this solver avoids.
 */
export interface Stagnation {
  /** iterations since the last improvement */
  idle: number;
  /** energy and relative gradient norm at their last improvement */
  bestEnergy: number;
  bestRelGrad: number;
}

export const STAGNATION_WINDOW = 30;
/** an energy drop counts as progress above this many units in the last place of |E| */
const ENERGY_ULPS = 8;
/** a gradient norm counts as progress below this fraction of the best so far */
const GRAD_FACTOR = 0.9;

export function freshStagnation(energy: number, relGrad: number): Stagnation {
  return { idle: 0, bestEnergy: energy, bestRelGrad: relGrad };
}

export function noteIteration(st: Stagnation, energy: number, relGrad: number): void {
  let improved = false;
  // Against the energy of the last improvement, not of the last iteration: a slow steady descent of
  // an ulp per iteration along a flat valley is progress too.
  if (energy < st.bestEnergy - ENERGY_ULPS * Number.EPSILON * Math.abs(st.bestEnergy)) {
    st.bestEnergy = energy;
    improved = true;
  }
  if (relGrad < GRAD_FACTOR * st.bestRelGrad) {
    st.bestRelGrad = relGrad;
    improved = true;
  }
  st.idle = improved ? 0 : st.idle + 1;
}

/** Cancellation or the time budget, the stops that may cut an iteration short. */
export function interruption(rules: StopRules): StopReason | null {
  if (rules.signal?.aborted) return 'cancelled';
  if (rules.now() >= rules.deadline) return 'time-limit';
  return null;
}

export function stopReason(
  rules: StopRules,
  iteration: number,
  relGrad: number,
  st: Stagnation,
): StopReason | null {
  const interrupted = interruption(rules);
  if (interrupted) return interrupted;
  if (relGrad < rules.tol) return 'converged';
  if (iteration >= rules.maxIter) return 'max-iter';
  if (st.idle >= STAGNATION_WINDOW) return 'stagnated';
  return null;
}

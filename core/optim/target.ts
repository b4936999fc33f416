import type { Objective } from '../energies/evaluator';
import type { RiemannianHessVec } from '../energies/hessian';
import { projectToTangent } from '../sphere';

/**
 * The function an optimizer minimizes: the energy E itself, or log E in log-energy mode (math.md
 * section 3: for exponential kernels at large s, E is so small that plain tests on E lose all digits).
 * Either way the optimizer sees one value and its Riemannian gradient; the energy E travels beside
 * the value so that results and progress always report E and |grad E|.
 *
 * Since grad log E = grad E / E, the relative gradient norm |grad E| / |E| that the stopping rule tests
 * is the plain gradient norm of log E: both modes stop at the same configurations.
 */
export interface Evaluation {
  /** the minimized value: E, or log E in log-energy mode */
  value: number;
  /** the energy E (a total) */
  energy: number;
}

export interface Target {
  readonly rows: number;
  readonly d: number;
  readonly logEnergy: boolean;
  /** Writes the Riemannian gradient of the value at x into grad. */
  evaluate(x: Float64Array, grad: Float64Array): Promise<Evaluation>;
  /** |grad E| / max(|E|, 1e-300), from the norm of the value's Riemannian gradient */
  relativeGradNorm(valueGradNorm: number, energy: number): number;
  /** |grad E| from the norm of the value's Riemannian gradient */
  energyGradNorm(valueGradNorm: number, energy: number): number;
  /**
   * How far the value may rise and still count as "not higher" in the line search's approximate
   * Wolfe test: a relative rise `rel` of E, in the units of the value.
   */
  tolerance(rel: number, energy: number): number;
  /**
   * The Riemannian Hessian of the value at x (with its energy and the value's Riemannian gradient
   * `grad`) applied to a tangent v, into out; absent when no Hessian-vector product was given. In
   * log-energy mode Hess log E [v] = Hess E [v] / E - <grad log E, v> grad log E.
   */
  hessVec?: (x: Float64Array, energy: number, grad: Float64Array, v: Float64Array, out: Float64Array) => Promise<void>;
}

const TINY = 1e-300;

export function makeTarget(
  objective: Objective,
  rows: number,
  d: number,
  logEnergy: boolean,
  hessian?: RiemannianHessVec,
): Target {
  const hessVec: Target['hessVec'] =
    hessian &&
    (async (x, energy, grad, v, out) => {
      await hessian(x, v, out);
      if (!logEnergy) return;
      const inv = 1 / energy;
      let gv = 0;
      for (let i = 0; i < v.length; i++) gv += grad[i] * v[i];
      for (let i = 0; i < out.length; i++) out[i] = out[i] * inv - gv * grad[i];
    });
  return {
    hessVec,
    rows,
    d,
    logEnergy,
    async evaluate(x, grad) {
      const energy = await objective(x, grad);
      projectToTangent(x, grad, d);
      if (!logEnergy) return { value: energy, energy };
      const inv = 1 / energy;
      for (let i = 0; i < grad.length; i++) grad[i] *= inv;
      return { value: Math.log(energy), energy };
    },
    relativeGradNorm: (g, energy) => (logEnergy ? g : g / Math.max(Math.abs(energy), TINY)),
    energyGradNorm: (g, energy) => (logEnergy ? g * Math.abs(energy) : g),
    tolerance: (rel, energy) => (logEnergy ? rel : rel * Math.abs(energy)),
  };
}

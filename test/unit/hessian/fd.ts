import type { Energy } from '../../../core/energies';
import { projectToTangent, retract } from '../../../core/sphere';

/** Riemannian gradient of a reference energy at x (rows x d). */
export function riemannianGradient(energy: Energy, x: Float64Array, rows: number, d: number): Float64Array {
  const g = new Float64Array(x.length);
  energy.evaluate(x, rows, d, g);
  return projectToTangent(x, g, d);
}

/**
 * P_x of the central difference of the Riemannian gradient along the retraction, Richardson
 * extrapolated (h and h/2): the Levi-Civita derivative of the gradient field, i.e. Hess E(x)[v]
 * (Absil et al. 5.5.5), with O(h^4) truncation.
 */
export function finiteDifferenceHessVec(
  energy: Energy,
  x: Float64Array,
  rows: number,
  d: number,
  v: Float64Array,
  h: number,
): Float64Array {
  const y = new Float64Array(x.length);
  const central = (step: number) => {
    const plus = riemannianGradient(energy, retract(x, v, step, d, y), rows, d);
    const minus = riemannianGradient(energy, retract(x, v, -step, d, y), rows, d);
    return plus.map((p, k) => (p - minus[k]) / (2 * step));
  };
  const a = central(h);
  const b = central(h / 2);
  return projectToTangent(x, b.map((bk, k) => (4 * bk - a[k]) / 3), d);
}

export function relativeError(a: Float64Array, b: Float64Array): number {
  let diff = 0;
  let size = 0;
  for (let k = 0; k < a.length; k++) {
    diff += (a[k] - b[k]) ** 2;
    size += b[k] ** 2;
  }
  return Math.sqrt(diff / size);
}

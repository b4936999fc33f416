import type { EnergyKind } from '../energies/energy';
import { dot } from '../points';

/** The energies in which s enters; a path in s means nothing for the others. */
export const SCALE_ENERGIES = ['ce', 'two-set', 'pair'] as const satisfies readonly EnergyKind[];

/**
 * dE/ds along a path of minimizers: by the envelope theorem (the gradient in X vanishes at a
 * minimizer) it is the partial derivative at fixed points, which needs no finite difference:
 *   ce, two-set:  sum_i (sum_{j != i} t_ij e^(s t_ij)) / (1 + sum_{j != i} e^(s t_ij)),
 *                 t_ij = <h_i, w_j - w_i> (ce: H = W, t_ij = G_ij - 1 <= 0);
 *   pair:         sum_{i != j} G_ij e^(s G_ij).
 * Each row's exponentials are shifted by their largest exponent (at least 0) so nothing overflows.
 */
export function energySlope(kind: EnergyKind, x: Float64Array, n: number, d: number, s: number): number {
  if (kind === 'pair') {
    let sum = 0;
    for (let i = 0; i < n; i++)
      for (let j = i + 1; j < n; j++) {
        const g = dot(x, i * d, x, j * d, d);
        sum += 2 * g * Math.exp(s * g);
      }
    return sum;
  }
  if (kind !== 'ce' && kind !== 'two-set') throw new RangeError(`s does not enter the ${kind} energy`);
  const w = kind === 'two-set' ? n * d : 0;
  let total = 0;
  const t = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const own = dot(x, i * d, x, w + i * d, d);
    let top = 0;
    for (let j = 0; j < n; j++) {
      t[j] = j === i ? 0 : dot(x, i * d, x, w + j * d, d) - own;
      if (j !== i) top = Math.max(top, s * t[j]!);
    }
    let numerator = 0;
    let denominator = Math.exp(-top);
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const e = Math.exp(s * t[j]! - top);
      numerator += t[j]! * e;
      denominator += e;
    }
    total += numerator / denominator;
  }
  return total;
}

/** A kink is a curvature this many times its neighbours': a slope jump J is seen when J > 4 h |E''| on a grid of step h. */
export const KINK_FACTOR = 4;

/**
 * Intervals [s_k, s_k+1] of a grid where dE/ds jumps: the curvature (S_k+1 - S_k) / h is more than
 * KINK_FACTOR times that of every neighbouring interval, and more than rounding (1e-9 of the slopes).
 */
export function kinkIntervals(s: readonly number[], slope: readonly number[]): number[] {
  const curvature = s.slice(1).map((_, k) => (slope[k + 1]! - slope[k]!) / (s[k + 1]! - s[k]!));
  const found: number[] = [];
  for (let k = 0; k < curvature.length; k++) {
    const c = Math.abs(curvature[k]!);
    const neighbours = [curvature[k - 1], curvature[k + 1]].filter((v) => v !== undefined).map(Math.abs);
    const noise = (1e-9 * Math.max(Math.abs(slope[k]!), Math.abs(slope[k + 1]!))) / (s[k + 1]! - s[k]!);
    if (neighbours.length > 0 && c > noise && neighbours.every((v) => c > KINK_FACTOR * v)) found.push(k);
  }
  return found;
}

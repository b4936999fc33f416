import type { Energy } from './energy';
import { pairSum, type PairKernel } from './pair-sum';

/**
 * Riesz alpha-energy, docs/math.md#pair-energies: sum_{i != j} |x_i - x_j|^(-alpha), written in r2 = |x_i - x_j|^2
 * as r2^(-alpha/2) with slope -(alpha/2) r2^(-alpha/2 - 1). Coincident points give Infinity.
 */
export function rieszEnergy(alpha: number): Energy {
  const h = alpha / 2;
  const kernel: PairKernel = {
    argument: 'distance2',
    // alpha = 1 and 2 are the common cases, and Math.pow costs several times a square root
    value: h === 0.5 ? (r2) => 1 / Math.sqrt(r2) : h === 1 ? (r2) => 1 / r2 : (r2) => Math.pow(r2, -h),
    slope: (r2, value) => (-h * value) / r2,
  };
  return {
    kind: 'riesz',
    rows: (n) => n,
    evaluate: (x, rows, d, grad) => pairSum(x, rows, d, kernel, grad),
  };
}

import type { Energy } from './energy';
import { pairSum, type PairKernel } from './pair-sum';

/** -log|x_i - x_j| = -(1/2) log r2, slope -1 / (2 r2). */
const logKernel: PairKernel = {
  argument: 'distance2',
  value: (r2) => -0.5 * Math.log(r2),
  slope: (r2) => -0.5 / r2,
};

/**
 * Logarithmic energy, docs/math.md#pair-energies: sum_{i != j} -log|x_i - x_j| (the alpha -> 0 member of the
 * Riesz family). Coincident points give Infinity.
 */
export function logEnergy(): Energy {
  return {
    kind: 'log',
    rows: (n) => n,
    evaluate: (x, rows, d, grad) => pairSum(x, rows, d, logKernel, grad),
  };
}

import type { Energy } from './energy';
import { pairSum, type PairKernel } from './pair-sum';

/**
 * Pair (exponential kernel) energy, docs/math.md#pair-energies: P_s(X) = sum_{i != j} exp(s G_ij),
 * gradient dP/dx_k = 2 s sum_{j != k} exp(s G_kj) x_j. Overflows to Infinity past s ~ 709; the
 * optimizers' log-energy mode is the remedy for large s.
 */
export function pairEnergy(s: number): Energy {
  const kernel: PairKernel = {
    argument: 'gram',
    value: (g) => Math.exp(s * g),
    slope: (_g, value) => s * value,
  };
  return {
    kind: 'pair',
    rows: (n) => n,
    evaluate: (x, rows, d, grad) => pairSum(x, rows, d, kernel, grad),
  };
}

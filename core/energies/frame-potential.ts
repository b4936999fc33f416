import type { Energy } from './energy';
import { pairSum, type PairKernel } from './pair-sum';

const squareKernel: PairKernel = { argument: 'gram', value: (g) => g * g, slope: (g) => 2 * g };

/**
 * Frame potential (Benedetto-Fickus), docs/math.md#frame-potential: FP(X) = sum_{i,j} G_ij^2,
 * gradient dFP/dx_k = 4 sum_j G_kj x_j. The diagonal G_kk^2 = |x_k|^4 is computed, not assumed 1, so
 * value and gradient stay consistent off the sphere too.
 */
export function framePotentialEnergy(): Energy {
  return {
    kind: 'frame',
    rows: (n) => n,
    evaluate(x, rows, d, grad) {
      let fp = pairSum(x, rows, d, squareKernel, grad);
      for (let i = 0; i < rows; i++) {
        const o = i * d;
        let sq = 0;
        for (let k = 0; k < d; k++) sq += x[o + k] * x[o + k];
        fp += sq * sq;
        if (grad) for (let k = 0; k < d; k++) grad[o + k] += 4 * sq * x[o + k];
      }
      return fp;
    },
  };
}

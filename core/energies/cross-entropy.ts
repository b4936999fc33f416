import { compensatedSum } from './compensated-sum';
import type { Energy } from './energy';

/**
 * Cross-entropy energy of neural collapse, docs/math.md#cross-entropy, in the stable form
 *   E_s(X) = sum_i log(1 + A_i),   A_i = sum_{j != i} exp(s (G_ij - 1)),   all exponents <= 0,
 * summed with log1p so that tiny energies (large s, few points) keep full relative precision, and its
 * gradient (section 3) dE/dx_k = s sum_j (P_kj + P_jk) x_j with P_ij = exp(s (G_ij - 1)) / Z_i,
 * Z_i = 1 + A_i. The j = k term is radial and left out.
 *
 * Reference implementation: two passes over the pairs i < j, one exp per pair and pass, O(n d) memory.
 * The fast kernels (core/kernels) must agree with it.
 */
export function crossEntropyEnergy(s: number): Energy {
  return {
    kind: 'ce',
    rows: (n) => n,
    evaluate(x, rows, d, grad) {
      const a = offDiagonalSums(x, rows, d, s);
      const energy = compensatedSum(rows, (i) => Math.log1p(a[i]));
      if (grad) {
        grad.fill(0);
        const invZ = a;
        for (let i = 0; i < rows; i++) invZ[i] = 1 / (1 + a[i]);
        for (let i = 0; i < rows; i++) {
          const oi = i * d;
          for (let j = i + 1; j < rows; j++) {
            const oj = j * d;
            let g = 0;
            for (let k = 0; k < d; k++) g += x[oi + k] * x[oj + k];
            const w = s * Math.exp(s * (g - 1)) * (invZ[i] + invZ[j]);
            for (let k = 0; k < d; k++) {
              grad[oi + k] += w * x[oj + k];
              grad[oj + k] += w * x[oi + k];
            }
          }
        }
      }
      return energy;
    },
  };
}

/** Z_i = 1 + sum_{j != i} exp(s (G_ij - 1)) for every row. */
export function partitionSums(x: Float64Array, rows: number, d: number, s: number): Float64Array {
  const z = offDiagonalSums(x, rows, d, s);
  for (let i = 0; i < rows; i++) z[i] += 1;
  return z;
}

/** A_i = sum_{j != i} exp(s (G_ij - 1)) for every row, one exp per pair i < j. */
function offDiagonalSums(x: Float64Array, rows: number, d: number, s: number): Float64Array {
  const a = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    const oi = i * d;
    for (let j = i + 1; j < rows; j++) {
      const oj = j * d;
      let g = 0;
      for (let k = 0; k < d; k++) g += x[oi + k] * x[oj + k];
      const e = Math.exp(s * (g - 1));
      a[i] += e;
      a[j] += e;
    }
  }
  return a;
}

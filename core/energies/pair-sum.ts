/**
 * Streaming sum over the pairs i < j of a symmetric pair kernel, O(n d) memory, each pair visited
 * once. Every energy of docs/math.md#pair-energies that is a plain double sum is a function f of either the
 * inner product G_ij or the squared distance r2_ij = |x_i - x_j|^2; the distance is formed from the
 * difference, not from 2 - 2 G_ij, so near-coincident points keep their digits.
 *
 * Gradient: sum_{i != j} f = 2 sum_{i<j} f, and dG_ij/dx_i = x_j, dr2_ij/dx_i = 2 x_i - 2 x_j, whose
 * x_i part is radial. Energies may leave radial terms in (energy.ts), so both cases share
 *   grad_i += 2 chain f'(t_ij) x_j,   chain = 1 for G_ij, -2 for r2_ij.
 */
export interface PairKernel {
  /** what f reads: the inner product G_ij or the squared distance |x_i - x_j|^2 */
  argument: 'gram' | 'distance2';
  value(t: number): number;
  /** f'(t), given f(t) so that kernels like exp and powers need not evaluate it again */
  slope(t: number, value: number): number;
}

export function pairSum(
  x: Float64Array,
  rows: number,
  d: number,
  f: PairKernel,
  grad: Float64Array | null,
): number {
  const distance = f.argument === 'distance2';
  const chain = distance ? -2 : 1;
  if (grad) grad.fill(0);
  let sum = 0;
  for (let i = 0; i < rows; i++) {
    const oi = i * d;
    for (let j = i + 1; j < rows; j++) {
      const oj = j * d;
      let t = 0;
      if (distance) {
        for (let k = 0; k < d; k++) t += (x[oi + k] - x[oj + k]) ** 2;
      } else {
        for (let k = 0; k < d; k++) t += x[oi + k] * x[oj + k];
      }
      const value = f.value(t);
      sum += value;
      if (grad) {
        const w = 2 * chain * f.slope(t, value);
        for (let k = 0; k < d; k++) {
          grad[oi + k] += w * x[oj + k];
          grad[oj + k] += w * x[oi + k];
        }
      }
    }
  }
  return 2 * sum;
}

/**
 * Streaming sums over the pairs i < j of a symmetric pair kernel, O(n d) memory, each pair visited
 * once. Every energy of math.md section 1 that is a plain double sum uses one of these two shapes:
 * a function of the inner product G_ij, or a function of the squared distance |x_i - x_j|^2
 * (computed from the difference, not from 2 - 2 G_ij, so near-coincident points keep their digits).
 */

/** A kernel f and its derivative f', of G_ij or of |x_i - x_j|^2. */
export interface PairKernel {
  value(t: number): number;
  slope(t: number): number;
}

/** sum_{i != j} f(G_ij) = 2 sum_{i < j} f(G_ij); gradient_k += 2 sum_{j != k} f'(G_kj) x_j. */
export function gramPairSum(
  x: Float64Array,
  rows: number,
  d: number,
  f: PairKernel,
  grad: Float64Array | null,
): number {
  if (grad) grad.fill(0);
  let sum = 0;
  for (let i = 0; i < rows; i++) {
    const oi = i * d;
    for (let j = i + 1; j < rows; j++) {
      const oj = j * d;
      let g = 0;
      for (let k = 0; k < d; k++) g += x[oi + k] * x[oj + k];
      sum += f.value(g);
      if (grad) {
        const w = 2 * f.slope(g);
        for (let k = 0; k < d; k++) {
          grad[oi + k] += w * x[oj + k];
          grad[oj + k] += w * x[oi + k];
        }
      }
    }
  }
  return 2 * sum;
}

/**
 * sum_{i != j} f(|x_i - x_j|^2) = 2 sum_{i < j} f(r2_ij);
 * gradient_k += 4 sum_{j != k} f'(r2_kj) (x_k - x_j).
 */
export function distancePairSum(
  x: Float64Array,
  rows: number,
  d: number,
  f: PairKernel,
  grad: Float64Array | null,
): number {
  if (grad) grad.fill(0);
  let sum = 0;
  for (let i = 0; i < rows; i++) {
    const oi = i * d;
    for (let j = i + 1; j < rows; j++) {
      const oj = j * d;
      let r2 = 0;
      for (let k = 0; k < d; k++) {
        const diff = x[oi + k] - x[oj + k];
        r2 += diff * diff;
      }
      sum += f.value(r2);
      if (grad) {
        const w = 4 * f.slope(r2);
        for (let k = 0; k < d; k++) {
          const diff = w * (x[oi + k] - x[oj + k]);
          grad[oi + k] += diff;
          grad[oj + k] -= diff;
        }
      }
    }
  }
  return 2 * sum;
}

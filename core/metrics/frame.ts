/**
 * Frame quantities of docs/math.md#metrics that are not pair sums.
 */

/** sum_i x_i, the d-vector behind the balance |xbar| and M_1 = |xbar|^2. */
export function pointSum(x: Float64Array, n: number, d: number): Float64Array {
  const sum = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) sum[k] += x[i * d + k];
  return sum;
}

/**
 * Tightness error |X^T X - c I_d|_F, c = n/d. Equal to sqrt(FP - n^2/d) for unit rows, but that
 * difference cancels to sqrt(eps FP) exactly where it matters (near-tight frames), so:
 * - d <= n: form the d x d frame operator X^T X (memory d^2 <= n d, time n d^2 <= n^2 d) and take
 *   the norm of its deviation directly;
 * - d > n: X^T X and G = X X^T share their nonzero eigenvalues, so
 *   |X^T X - c I_d|^2 = |G - c I_n|^2 + (d - n) c^2 = sum_i (|x_i|^2 - c)^2 + 2 sum_{i<j} G_ij^2 + (d - n) c^2,
 *   a sum of nonnegative terms with nothing to cancel.
 */
export function tightnessError(
  x: Float64Array,
  n: number,
  d: number,
  offDiagonalGramSquares: number,
): number {
  const c = n / d;
  if (d > n) {
    let diagonal = 0;
    for (let i = 0; i < n; i++) {
      let sq = 0;
      for (let k = 0; k < d; k++) sq += x[i * d + k] * x[i * d + k];
      diagonal += (sq - c) * (sq - c);
    }
    return Math.sqrt(diagonal + 2 * offDiagonalGramSquares + (d - n) * c * c);
  }
  const frameOperator = new Float64Array(d * d);
  for (let i = 0; i < n; i++) {
    const o = i * d;
    for (let a = 0; a < d; a++) {
      const xa = x[o + a];
      for (let b = a; b < d; b++) frameOperator[a * d + b] += xa * x[o + b];
    }
  }
  let squares = 0;
  for (let a = 0; a < d; a++) {
    const deviation = frameOperator[a * d + a] - c;
    squares += deviation * deviation;
    for (let b = a + 1; b < d; b++) squares += 2 * frameOperator[a * d + b] ** 2;
  }
  return Math.sqrt(squares);
}

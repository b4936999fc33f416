/**
 * Lower bounds for frames of n unit vectors in R^d, docs/math.md#frame-potential.
 */

/** Benedetto-Fickus: FP = sum_{ij} G_ij^2 >= max(n, n^2/d); orthonormal sets (n <= d) or unit-norm tight frames (n >= d) attain it. */
export function framePotentialBound(n: number, d: number): number {
  return Math.max(n, (n * n) / d);
}

/** Welch: coherence max_{i != j} |G_ij| >= sqrt((n-d)/(d(n-1))) for n > d (attained by ETFs), else 0. */
export function welchBound(n: number, d: number): number {
  return n > d ? Math.sqrt((n - d) / (d * (n - 1))) : 0;
}

/**
 * Gegenbauer polynomials of S^{d-1} normalized to P_k(1) = 1, docs/math.md#gegenbauer:
 *   P_0 = 1, P_1 = t, (k + d - 3) P_k = (2k + d - 4) t P_{k-1} - (k - 1) P_{k-2}   (k >= 2).
 * d = 3 gives Legendre, d = 2 Chebyshev T_k (there the k = 1 step would read 0 = 0, which is why P_1
 * is given rather than computed; from k = 2 on the recurrence is T_k = 2 t T_{k-1} - T_{k-2}).
 * The moments M_k = (1/n^2) sum_{ij} P_k(G_ij) are >= 0 (addition theorem) and vanish for
 * k = 1..t exactly when the points form a spherical t-design.
 */
export const GEGENBAUER_DEGREES = 8;

/**
 * M_k below this absolute value counts as zero for the design strength. Rounding leaves M_k at
 * ~1e-15 for exact designs up to n ~ 1e4 (row-wise partial sums), while i.i.d. uniform points have
 * M_k ~ 1/n >= 1e-7 for every n the solver accepts; 1e-10 sits between the two with margin on both
 * sides and matches what optimized configurations at tolerance 1e-9 reach.
 */
export const DESIGN_TOLERANCE = 1e-10;

export interface GegenbauerRecurrence {
  /** (2k + d - 4)/(k + d - 3) at index k, for k >= 2 */
  tCoefficient: Float64Array;
  /** (k - 1)/(k + d - 3) at index k, for k >= 2 */
  lagCoefficient: Float64Array;
}

export function gegenbauerRecurrence(d: number, maxDegree = GEGENBAUER_DEGREES): GegenbauerRecurrence {
  const tCoefficient = new Float64Array(maxDegree + 1);
  const lagCoefficient = new Float64Array(maxDegree + 1);
  for (let k = 2; k <= maxDegree; k++) {
    tCoefficient[k] = (2 * k + d - 4) / (k + d - 3);
    lagCoefficient[k] = (k - 1) / (k + d - 3);
  }
  return { tCoefficient, lagCoefficient };
}

/** Writes P_1(t)..P_K(t) to out[0..K-1], K = out.length (at most the recurrence's degree). */
export function gegenbauerValues(
  recurrence: GegenbauerRecurrence,
  t: number,
  out: Float64Array,
): Float64Array {
  let previous = 1;
  let current = t;
  out[0] = t;
  for (let k = 2; k <= out.length; k++) {
    const next = recurrence.tCoefficient[k] * t * current - recurrence.lagCoefficient[k] * previous;
    previous = current;
    current = next;
    out[k - 1] = next;
  }
  return out;
}

/** P_k(t) of S^{d-1} for one degree, for tests and plots. */
export function gegenbauer(d: number, k: number, t: number): number {
  if (k === 0) return 1;
  return gegenbauerValues(gegenbauerRecurrence(d, k), t, new Float64Array(k))[k - 1];
}

/** Largest t with |M_1|, .., |M_t| all below `tolerance`; 0 when M_1 already exceeds it. */
export function designStrength(moments: ArrayLike<number>, tolerance = DESIGN_TOLERANCE): number {
  let t = 0;
  while (t < moments.length && Math.abs(moments[t]) < tolerance) t++;
  return t;
}

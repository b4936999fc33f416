import { logGammaRatio } from '../theory/log-gamma';

/**
 * L2 spherical-cap discrepancy by Stolarsky's invariance principle, docs/math.md#cap-discrepancy:
 *   D^2 = C_q (E|x - y| - (1/n^2) sum_{ij} |x_i - x_j|),   q = d - 1 the dimension of S^q,
 *   C_q = Gamma((q+1)/2) / (q sqrt(pi) Gamma(q/2)),   E|x - y| = 2^(d-1) Gamma(d/2)^2 / (sqrt(pi) Gamma(d - 1/2)),
 * D^2 being the mean over centres and heights t in [-1, 1] of (cap count / n - cap area)^2. Both
 * constants are Gamma ratios, evaluated as such so they stay accurate for large d; E|x - y| uses the
 * duplication formula Gamma(d - 1/2) = 2^(d - 3/2) Gamma(d/2 - 1/4) Gamma(d/2 + 1/4) / sqrt(pi).
 */

/** C_q with q = d - 1 (1/pi on S^1, 1/4 on S^2). */
export function stolarskyConstant(d: number): number {
  return Math.exp(logGammaRatio((d - 1) / 2, 0.5)) / ((d - 1) * Math.sqrt(Math.PI));
}

/** E|x - y| for independent uniform x, y on S^{d-1} (4/pi on S^1, 4/3 on S^2, -> sqrt 2). */
export function meanChordLength(d: number): number {
  return Math.SQRT2 * Math.exp(logGammaRatio(d / 2 - 0.25, 0.25) - logGammaRatio(d / 2, 0.25));
}

/**
 * D (not squared) from the mean distance (1/n^2) sum_{ij} |x_i - x_j| over all ordered pairs. D^2 >= 0
 * holds exactly; a negative value can only be rounding of the difference (~1e-16) and is returned as 0.
 */
export function capDiscrepancy(d: number, meanDistance: number): number {
  return Math.sqrt(Math.max(0, stolarskyConstant(d) * (meanChordLength(d) - meanDistance)));
}

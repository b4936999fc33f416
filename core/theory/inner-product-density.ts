import { logGammaRatio } from './log-gamma';

/**
 * Density of t = <x, y> for independent uniform x, y on S^{d-1}, math.md section 2.2:
 *   f_d(t) = (1 - t^2)^((d-3)/2) / B(1/2, (d-1)/2),   B(1/2, (d-1)/2) = sqrt(pi) Gamma((d-1)/2) / Gamma(d/2),
 * on [-1, 1] and 0 outside. Evaluated in the log domain, so it works for large d where the Gamma
 * functions overflow and (1 - t^2)^((d-3)/2) underflows. d = 2 is the arcsine density (infinite at
 * t = +-1), d = 3 the uniform density 1/2.
 */
export function logInnerProductDensity(d: number, t: number): number {
  if (!Number.isInteger(d) || d < 2)
    throw new RangeError(`the dimension d must be an integer >= 2, got ${d}`);
  if (!(Math.abs(t) <= 1)) return -Infinity;
  const logNormalizer = 0.5 * Math.log(Math.PI) - logGammaRatio((d - 1) / 2, 0.5);
  // (1 - t)(1 + t) in log form keeps the digits near t = +-1; d = 3 has exponent 0 (and 0 * -Infinity is NaN)
  const shape = d === 3 ? 0 : ((d - 3) / 2) * (Math.log1p(-t) + Math.log1p(t));
  return shape - logNormalizer;
}

export function innerProductDensity(d: number, t: number): number {
  return Math.exp(logInnerProductDensity(d, t));
}

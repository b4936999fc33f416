import { logGammaRatio } from './log-gamma';

/**
 * Density of t = <x, y> for independent uniform x, y on S^{d-1}, docs/math.md#inner-product-law:
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

/**
 * P(<x, y> <= t) for independent uniform x, y on S^{d-1}: the regularized incomplete beta function
 * I_z(a, a) with a = (d-1)/2, z = (1+t)/2 (the density is a Beta(a, a) law stretched to [-1, 1]),
 * for histograms of inner products against the uniform law with bins of any width. The lower tail
 * (t <= 0) comes from the continued fraction, which converges fastest there; t > 0 uses the
 * symmetry F(t) = 1 - F(-t). Absolute error ~1e-15.
 */
export function innerProductCdf(d: number, t: number): number {
  if (!Number.isInteger(d) || d < 2)
    throw new RangeError(`the dimension d must be an integer >= 2, got ${d}`);
  if (t <= -1) return 0;
  if (t >= 1) return 1;
  if (t > 0) return 1 - innerProductCdf(d, -t);
  const a = (d - 1) / 2;
  const z = (1 + t) / 2;
  // B(a, a) = 2^(1-2a) sqrt(pi) Gamma(a) / Gamma(a + 1/2) (duplication formula), a Gamma ratio
  const logBeta = (1 - 2 * a) * Math.LN2 + 0.5 * Math.log(Math.PI) - logGammaRatio(a, 0.5);
  const logPrefactor = a * (Math.log(z) + Math.log1p(-z)) - logBeta - Math.log(a);
  return Math.exp(logPrefactor) * incompleteBetaFraction(a, z);
}

const TINY = 1e-300;

/** The continued fraction of I_z(a, a) by the modified Lentz method (its even and odd steps). */
function incompleteBetaFraction(a: number, z: number): number {
  const guard = (v: number) => (Math.abs(v) < TINY ? TINY : v);
  let c = 1;
  let dn = 1 / guard(1 - (2 * a * z) / (a + 1));
  let h = dn;
  for (let m = 1; m <= 100_000; m++) {
    const m2 = 2 * m;
    const even = (m * (a - m) * z) / ((a - 1 + m2) * (a + m2));
    dn = 1 / guard(1 + even * dn);
    c = guard(1 + even / c);
    h *= dn * c;
    const odd = (-(a + m) * (2 * a + m) * z) / ((a + m2) * (a + 1 + m2));
    dn = 1 / guard(1 + odd * dn);
    c = guard(1 + odd / c);
    const step = dn * c;
    h *= step;
    if (Math.abs(step - 1) < 1e-16) return h;
  }
  throw new Error(`incomplete beta continued fraction did not converge (a = ${a}, z = ${z})`);
}

/**
 * log Gamma(x) for x > 0 and log(Gamma(x + a) / Gamma(x)), from the Stirling series
 *   log Gamma(x) = (x - 1/2) log x - x + log(2 pi)/2 + S(x),   S(x) = sum_k B_2k / (2k (2k-1) x^(2k-1)),
 * used for x >= 10 (eight terms; the first omitted one is below 1e-18 there), and the recurrence
 * Gamma(x + 1) = x Gamma(x) below. Normalizing constants of the sphere (docs/math.md#inner-product-law)
 * need them at d/2 for d up to thousands, where Gamma overflows. They are ratios: taking the
 * difference of two large logGamma values would lose |log Gamma| ulps (2e-13 at d = 512), so
 * logGammaRatio forms the difference analytically and stays accurate to a few ulps of its result.
 */
const STIRLING = [1 / 12, -1 / 360, 1 / 1260, -1 / 1680, 1 / 1188, -691 / 360360, 1 / 156, -3617 / 122400];
const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);
const STIRLING_FROM = 10;

function stirlingCorrection(x: number): number {
  const inv = 1 / x;
  const inv2 = inv * inv;
  let series = 0;
  for (let k = STIRLING.length - 1; k >= 0; k--) series = series * inv2 + STIRLING[k];
  return series * inv;
}

function checkPositive(x: number, what: string): void {
  if (!(x > 0) || !Number.isFinite(x))
    throw new RangeError(`${what} needs a positive finite argument, got ${x}`);
}

/** log Gamma(x), x > 0; absolute error a few ulps of max(1, (x + 10) log(x + 10)). */
export function logGamma(x: number): number {
  checkPositive(x, 'logGamma');
  let shift = 1;
  while (x < STIRLING_FROM) {
    shift *= x;
    x += 1;
  }
  return (x - 0.5) * Math.log(x) - x + HALF_LOG_TWO_PI + stirlingCorrection(x) - Math.log(shift);
}

/** log(Gamma(x + a) / Gamma(x)) for x > 0, x + a > 0. */
export function logGammaRatio(x: number, a: number): number {
  checkPositive(x, 'logGammaRatio');
  checkPositive(x + a, 'logGammaRatio');
  // Gamma(x+a)/Gamma(x) = [Gamma(x+a+m)/Gamma(x+m)] / prod_{i<m} (1 + a/(x+i))
  let logProduct = 0;
  while (Math.min(x, x + a) < STIRLING_FROM) {
    logProduct += Math.log1p(a / x);
    x += 1;
  }
  const y = x + a;
  const leading = (x - 0.5) * Math.log1p(a / x) + a * Math.log(y) - a;
  return leading + (stirlingCorrection(y) - stirlingCorrection(x)) - logProduct;
}

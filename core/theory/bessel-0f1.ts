/**
 * The mean of the exponential kernel over the sphere, docs/math.md#uniform-limit:
 *   c_d(s) = E exp(s <x, y>) = Gamma(d/2) (2/s)^(d/2-1) I_{d/2-1}(s) = 0F1(; d/2; s^2/4),
 * summed as the hypergeometric series 0F1(; b; z) = sum_k z^k / (k! (b)_k). Every term is positive,
 * so nothing cancels: the terms come from the ratio t_k / t_{k-1} = z / (k (b + k - 1)) (relative
 * error ~ 2k ulps at term k), the sum is compensated (Neumaier), and the running sum is rescaled by
 * exact powers of two whenever a term grows past 2^600, so the log form never overflows. This is the
 * log-domain form of the scaled Bessel function e^(-s) I_nu(s). For 2 <= d <= 512 and s <= 200 the
 * series needs at most ~450 terms and the relative error of c_d stays below ~1e-13 (measured against
 * closed forms and quadrature in test/unit/theory.test.ts).
 */

const RESCALE_EXPONENT = 600;
const RESCALE = 2 ** -RESCALE_EXPONENT;
const GROWTH_LIMIT = 2 ** RESCALE_EXPONENT;

/** 0F1(; b; z) = 2^(scaleExponent) * (head + tail), head being the k = 0 term after rescaling. */
interface ScaledSum {
  scaleExponent: number;
  head: number;
  tail: number;
}

function series0F1(b: number, z: number): ScaledSum {
  if (!(b > 0) || !Number.isFinite(b)) throw new RangeError(`0F1 needs a positive parameter b, got ${b}`);
  if (!(z >= 0) || !Number.isFinite(z)) throw new RangeError(`0F1 needs a finite argument z >= 0, got ${z}`);
  let head = 1;
  let term = 1;
  let tail = 0;
  let compensation = 0;
  let scaleExponent = 0;
  for (let k = 1; ; k++) {
    const divisor = k * (b + k - 1);
    term *= z / divisor;
    const sum = tail + term;
    compensation += tail >= term ? tail - sum + term : term - sum + tail;
    tail = sum;
    if (term > GROWTH_LIMIT) {
      term *= RESCALE;
      tail *= RESCALE;
      compensation *= RESCALE;
      head *= RESCALE;
      scaleExponent += RESCALE_EXPONENT;
    }
    // past the peak (ratios < 1) and below the last bit of the sum
    if (divisor > z && term <= 1e-17 * (head + tail)) break;
  }
  return { scaleExponent, head, tail: tail + compensation };
}

/** 0F1(; b; z) for b > 0, z >= 0; Infinity once it exceeds the double range (s >~ 710 in c_d). */
export function hypergeometric0F1(b: number, z: number): number {
  const { scaleExponent, head, tail } = series0F1(b, z);
  return (head + tail) * 2 ** scaleExponent;
}

/** log 0F1(; b; z), with full relative precision also for tiny z (log1p of the tail). */
export function logHypergeometric0F1(b: number, z: number): number {
  const { scaleExponent, head, tail } = series0F1(b, z);
  return scaleExponent === 0 ? Math.log1p(tail) : scaleExponent * Math.LN2 + Math.log(head + tail);
}

function checkDimension(d: number): void {
  if (!Number.isInteger(d) || d < 2)
    throw new RangeError(`the dimension d must be an integer >= 2, got ${d}`);
}

/** c_d(s) = 0F1(; d/2; s^2/4) for d >= 2 and s >= 0 (s < 0 by symmetry: c_d is even in s). */
export function cd(d: number, s: number): number {
  checkDimension(d);
  return hypergeometric0F1(d / 2, (s * s) / 4);
}

/** log c_d(s), finite for every finite s. */
export function logCd(d: number, s: number): number {
  checkDimension(d);
  return logHypergeometric0F1(d / 2, (s * s) / 4);
}

import type { EnergyKind } from '../energies/energy';
import { etfBound } from './etf-bound';
import { framePotentialBound } from './frame-bounds';
import { innerProductCdf } from './inner-product-density';

/**
 * What can be said about an energy's values before any configuration is seen (docs/math.md#energy-floor),
 * for n unit vectors in R^d at scale s:
 *   - `bound`: a proven lower bound over all configurations, the one a run reports (the ETF bound (*)
 *     for ce and two-set; Jensen's n(n-1) e^(-s/(n-1)) for pair; Benedetto-Fickus for frame).
 *   - `floor`: the configuration-independent part of E, a lower bound that no configuration attains,
 *     so E - floor > 0 is the part a configuration controls (core/optim/stopping.ts measures the
 *     gradient against it). For ce, Jensen gives sum_i log((1/n) sum_j exp(s G_ij)) >= s n |xbar|^2,
 *     so E_s >= n log n - n s (equality would need G_ij = 1 for all i, j, where E_s = n log n), and
 *     E_s > 0: the floor is the larger of the two. The two-set energy has the same floor (its
 *     first-order term sum_i <h_i, wbar - w_i> is >= -n), the pair energy P_s > n (n-1) - n s
 *     (e^t > 1 + t, sum_{i != j} G_ij >= -n). Other energies have floor 0.
 *   - `rounding`: relative error of a computed energy near the bound: inner products of doubles that
 *     are unit vectors only to an ulp are off by about (d + 2) eps, which the exponential multiplies
 *     by s, plus one rounding per summed term.
 */
export interface EnergyLimits {
  floor: number;
  bound: number;
  rounding: number;
}

const EXPONENTIAL: readonly EnergyKind[] = ['ce', 'two-set', 'pair'];

export function energyLimits(kind: EnergyKind, n: number, d: number, s: number): EnergyLimits {
  const eps = Number.EPSILON;
  switch (kind) {
    case 'ce':
    case 'two-set':
      return {
        floor: Math.max(0, n * (Math.log(n) - s)),
        bound: etfBound(n, s),
        rounding: eps * (s * (d + 2) + n + 8),
      };
    case 'pair':
      return {
        floor: Math.max(0, n * (n - 1 - s)),
        bound: n * (n - 1) * Math.exp(-s / (n - 1)),
        rounding: eps * (s * (d + 2) + n * n + 8),
      };
    case 'frame':
      return { floor: 0, bound: framePotentialBound(n, d), rounding: eps * (2 * (d + 2) + n * n + 8) };
    default:
      return { floor: 0, bound: -Infinity, rounding: 0 };
  }
}

/**
 * The energy as reported: a computed value below the proven bound by no more than its rounding is the
 * bound to working precision (the points are unit vectors only to an ulp, and at s = 500 that moves
 * E by 1e-13 relative), so it is reported as the bound; a larger shortfall is left visible, because
 * it would be a bug, not rounding.
 */
export function reportedEnergy(energy: number, limits: EnergyLimits): number {
  const { bound, rounding } = limits;
  return energy < bound && energy >= bound * (1 - rounding) ? bound : energy;
}

/** 2^-1022: below it doubles lose digits (subnormal) and then vanish. */
export const MIN_NORMAL = 2 ** -1022;
const LOG_MIN_NORMAL = Math.log(MIN_NORMAL);
const LOG_MAX_VALUE = Math.log(Number.MAX_VALUE);

/**
 * A lower bound on max_{i != j} <x_i, x_j> over all n unit vectors in R^d, the best of three:
 *   -1/(n-1), since sum_{i != j} G_ij = |sum x_i|^2 - n >= -n;
 *   0 once n >= d + 2 (Rankin: at most d + 1 vectors of R^d are pairwise obtuse);
 *   2 q^2 - 1 with P(<x, y> >= q) = 1/n for uniform y (the cap bound: caps of angular radius half
 *   the smallest angle are disjoint, so n of them cover at most the sphere, and the smallest angle
 *   theta has cos(theta/2) >= q); this one matters for n >> d.
 */
export function largestInnerProductBound(n: number, d: number): number {
  return Math.max(countingBound(n, d), 2 * capQuantile(n, d) ** 2 - 1);
}

/** The first two bounds alone: no quantile to find, for the common case far from any limit. */
function countingBound(n: number, d: number): number {
  return n >= d + 2 ? 0 : -1 / (n - 1);
}

/**
 * The q >= 0 with upper tail P(<x, y> >= q) = 1/n, from below (bisection keeps a point whose tail is
 * at least 1/n, with room for the 1e-15 error of innerProductCdf), so the bound stays a bound.
 */
function capQuantile(n: number, d: number): number {
  const target = (1 / n) * (1 + 1e-9);
  if (innerProductCdf(d, 0) < target) return 0;
  let lo = 0;
  let hi = 1;
  for (let k = 0; k < 60; k++) {
    const mid = (lo + hi) / 2;
    // the upper tail at mid is the lower tail at -mid (the law is symmetric)
    if (innerProductCdf(d, -mid) >= target) lo = mid;
    else hi = mid;
  }
  return lo;
}

/**
 * The largest s at which every value the solve meets is a normal double (Infinity: no limit):
 *   ce: the largest term exp(s (G_ij - 1)) of the best configuration is at least
 *       exp(-s (1 - largestInnerProductBound)); it must stay normal, or the minimum itself is lost;
 *   two-set: the largest term of a row, exp(s <h_i, w_j - w_i>), is at least exp(-s n/(n-1)) (the
 *       mean exponent in the ETF bound's proof) and at least exp(-s |w_j - w_i|) for the closest
 *       w_j, where |w_j - w_i|^2 <= 2 - 2 largestInnerProductBound;
 *   pair: values reach n (n-1) e^s and gradient rows 2 s (n-1) e^s; both must stay finite.
 */
export function largestScale(kind: EnergyKind, n: number, d: number): number {
  return scaleLimit(kind, n, largestInnerProductBound(n, d));
}

/** largestScale with g a lower bound on the largest inner product. */
function scaleLimit(kind: EnergyKind, n: number, g: number): number {
  switch (kind) {
    case 'ce':
      return -LOG_MIN_NORMAL / (1 - g);
    case 'two-set': {
      const closest = Math.sqrt(2 - 2 * g);
      return -LOG_MIN_NORMAL / Math.min(n / (n - 1), closest);
    }
    case 'pair': {
      // s + log max(n (n-1), 2 s (n-1)) <= log MAX_VALUE, increasing in s: bisection
      const excess = (s: number) => s + Math.log(Math.max(n * (n - 1), 2 * s * (n - 1))) - LOG_MAX_VALUE;
      let lo = 0;
      let hi = LOG_MAX_VALUE;
      for (let k = 0; k < 100; k++) {
        const mid = (lo + hi) / 2;
        if (excess(mid) <= 0) lo = mid;
        else hi = mid;
      }
      return lo;
    }
    default:
      return Infinity;
  }
}

/** Why s is out of the representable range for this problem, or null when it is inside. */
export function scaleRangeIssue(kind: EnergyKind, n: number, d: number, s: number): string | null {
  if (!EXPONENTIAL.includes(kind)) return null;
  // the cap bound costs a quantile search: only needed past the limit of the simple bounds
  if (s <= scaleLimit(kind, n, countingBound(n, d))) return null;
  const limit = largestScale(kind, n, d);
  if (s <= limit) return null;
  // shown rounded down, so that the printed limit is itself allowed
  const shown = Math.floor(limit * 100) / 100;
  const why =
    kind === 'pair'
      ? `beyond it the energy (up to n (n-1) e^s) and its gradient (up to 2 s (n-1) e^s) exceed the largest double (${Number.MAX_VALUE.toPrecision(3)})`
      : `beyond it the energy near its minimum falls below the smallest normal double (${MIN_NORMAL.toPrecision(3)}) and loses its digits`;
  return `s must be at most ${shown} for the ${kind} energy with n = ${n}, d = ${d} (got ${s}): ${why}`;
}

/**
 * Hager-Zhang line search (W. Hager and H. Zhang, SIAM J. Optim. 16 (2005) 170-192, and ACM TOMS 32
 * (2006) 113-137, "CG_DESCENT"), on phi(alpha) = f(R_x(alpha p)) with slope phi'(alpha).
 *
 * It accepts a step that satisfies the Wolfe conditions
 *   phi(a) - phi(0) <= delta a phi'(0)   and   phi'(a) >= sigma phi'(0),
 * or the approximate Wolfe conditions
 *   (2 delta - 1) phi'(0) >= phi'(a) >= sigma phi'(0)   with   phi(a) <= phi(0) + epsilon.
 * The second form decides from the slope alone once energy differences sink into rounding: a search
 * that tests only energy decrease cannot resolve |g| below about sqrt(eps |E|), this one can.
 */
export interface LinePoint {
  alpha: number;
  value: number;
  slope: number;
}

export type LineFunction = (alpha: number) => Promise<LinePoint>;

export interface LineSearchSettings {
  /** sufficient decrease, 0 < delta < 1/2 */
  delta: number;
  /** curvature, delta <= sigma < 1 */
  sigma: number;
  /** bisection weight of the U3 step */
  theta: number;
  /** an interval that shrinks by less than gamma in a secant2 step is bisected */
  gamma: number;
  /** bracket expansion factor */
  rho: number;
  maxEvaluations: number;
}

export const HAGER_ZHANG: LineSearchSettings = {
  delta: 0.1,
  sigma: 0.9,
  theta: 0.5,
  gamma: 0.66,
  rho: 5,
  maxEvaluations: 40,
};

export interface LineSearchResult {
  /** the accepted point (Wolfe or approximate Wolfe), else the lowest point below phi(0), else null */
  point: LinePoint | null;
  evaluations: number;
}

type Interval = [LinePoint, LinePoint];

/**
 * Searches from phi(0) = `origin` (slope < 0) with first trial step `initial`; `epsilon` is the rise
 * of phi above phi(0) that still counts as rounding noise. When `interrupted` turns true (cancel, time
 * budget) the search ends early with the lowest point so far, so one search never delays a stop.
 */
export async function hagerZhang(
  phi: LineFunction,
  origin: LinePoint,
  initial: number,
  epsilon: number,
  interrupted: () => boolean = () => false,
  settings: LineSearchSettings = HAGER_ZHANG,
): Promise<LineSearchResult> {
  const { delta, sigma, theta, gamma, rho, maxEvaluations } = settings;
  const ceiling = origin.value + epsilon;
  let evaluations = 0;
  let found: LinePoint | null = null;
  let lowest = origin;

  const done = () => found !== null || evaluations >= maxEvaluations || interrupted();
  // Non-finite values or slopes (overflow far along the line) count as "too high": the search backs off.
  const high = (pt: LinePoint) => !(pt.value <= ceiling) || !Number.isFinite(pt.slope);
  const acceptable = (pt: LinePoint) =>
    pt.slope >= sigma * origin.slope &&
    (pt.value - origin.value <= delta * pt.alpha * origin.slope ||
      (pt.value <= ceiling && (2 * delta - 1) * origin.slope >= pt.slope));

  const at = async (alpha: number): Promise<LinePoint> => {
    evaluations++;
    const pt = await phi(alpha);
    if (pt.value < lowest.value) lowest = pt;
    if (!high(pt) && acceptable(pt)) found = pt;
    return pt;
  };

  // U3: shrink [a, b] (a low with negative slope, b too high) towards a point of nonnegative slope.
  const bisect = async (a: LinePoint, b: LinePoint): Promise<Interval> => {
    for (;;) {
      const mid = await at((1 - theta) * a.alpha + theta * b.alpha);
      if (done() || b.alpha - a.alpha <= 1e-16 * b.alpha) return [a, b];
      if (!high(mid) && mid.slope >= 0) return [a, mid];
      if (high(mid)) b = mid;
      else a = mid;
    }
  };

  // U0-U3: the bracket [a, b] keeps phi(a) <= phi(0) + epsilon, phi'(a) < 0 and phi'(b) >= 0.
  const update = async (a: LinePoint, b: LinePoint, c: LinePoint): Promise<Interval> => {
    if (!(c.alpha > a.alpha && c.alpha < b.alpha)) return [a, b];
    if (high(c)) return bisect(a, c);
    return c.slope >= 0 ? [a, c] : [c, b];
  };

  const bracket = async (c: number): Promise<Interval> => {
    let a = origin;
    for (;;) {
      const pt = await at(c);
      if (done()) return [a, pt];
      if (high(pt)) return bisect(a, pt);
      if (pt.slope >= 0) return [a, pt];
      a = pt;
      c *= rho;
    }
  };

  const secant = (a: LinePoint, b: LinePoint) =>
    (a.alpha * b.slope - b.alpha * a.slope) / (b.slope - a.slope);

  const secant2 = async (a: LinePoint, b: LinePoint): Promise<Interval> => {
    const c = await at(secant(a, b));
    if (done()) return [a, b];
    const [lo, hi] = await update(a, b, c);
    if (done() || (c !== lo && c !== hi)) return [lo, hi];
    const again = c === hi ? secant(b, hi) : secant(a, lo);
    if (!(again > lo.alpha && again < hi.alpha)) return [lo, hi];
    return update(lo, hi, await at(again));
  };

  let [a, b] = await bracket(initial);
  while (!done() && b.alpha - a.alpha > 1e-16 * b.alpha) {
    let [lo, hi] = await secant2(a, b);
    if (!done() && hi.alpha - lo.alpha > gamma * (b.alpha - a.alpha)) {
      [lo, hi] = await update(lo, hi, await at((lo.alpha + hi.alpha) / 2));
    }
    [a, b] = [lo, hi];
  }
  return { point: found ?? (lowest === origin ? null : lowest), evaluations };
}

/**
 * The simplex ETF bound (*), math.md section 2.1: E_s(X) >= n log(1 + (n-1) exp(-s n/(n-1))), a total
 * over the n points, with equality iff X is the simplex ETF (possible iff d >= n-1). log1p keeps full
 * relative precision when the bound is tiny (large s).
 */
export function etfBound(n: number, s: number): number {
  return n * Math.log1p((n - 1) * Math.exp((-s * n) / (n - 1)));
}

/**
 * The simplex ETF bound (*), docs/math.md#etf-bound: E_s(X) >= n log(1 + (n-1) exp(-s n/(n-1))), a total
 * over the n points, with equality iff X is the simplex ETF (possible iff d >= n-1). log1p keeps full
 * relative precision when the bound is tiny (large s), and (n-1) enters the exponent so that no
 * subnormal intermediate loses digits while the product is still a normal double.
 */
export function etfBound(n: number, s: number): number {
  return n * Math.log1p(Math.exp(Math.log(n - 1) - (s * n) / (n - 1)));
}

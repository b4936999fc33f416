import { logCd } from './bessel-0f1';

/**
 * Uniform-distribution energy per point, docs/math.md#uniform-limit: U_d(s, n) = log n + log c_d(s) - s,
 * the limit of E*_s(n)/n - r_n as n grows at fixed d (r_n >= 0, r_n -> 0).
 */
export function uniformEnergy(d: number, s: number, n: number): number {
  return Math.log(n) + logCd(d, s) - s;
}

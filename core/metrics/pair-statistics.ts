import { GEGENBAUER_DEGREES, gegenbauerRecurrence, gegenbauerValues } from './gegenbauer';

/**
 * Everything the metrics of docs/math.md#metrics need from the pairs i < j, gathered in one streaming
 * pass with O(n d) memory: G_ij = <x_i, x_j> and r_ij = |x_i - x_j| (from the difference, so close
 * pairs keep their digits). Sums are formed per row and then added up, which keeps their rounding
 * near n ulps instead of n^2: the Gegenbauer moments of a design must come out at ~1e-15, not 1e-12.
 */
export interface PairStatistics {
  /** sum_{i<j} G_ij^2 */
  gramSquares: number;
  /** sum_{i<j} (G_ij + 1/(n-1))^2 */
  etfSquares: number;
  /** max_{i<j} |G_ij + 1/(n-1)| */
  etfMax: number;
  /** max_{i<j} |G_ij| */
  maxAbsInner: number;
  /** max_{i<j} G_ij */
  maxInner: number;
  /** min_{i<j} r_ij */
  minDistance: number;
  /** sum_{i<j} r_ij */
  distanceSum: number;
  /** sum_{i<j} P_k(G_ij) at index k - 1, k = 1..GEGENBAUER_DEGREES */
  gegenbauerSums: Float64Array;
}

export function pairStatistics(x: Float64Array, n: number, d: number): PairStatistics {
  const etfInner = -1 / (n - 1);
  const recurrence = gegenbauerRecurrence(d);
  const p = new Float64Array(GEGENBAUER_DEGREES);
  const rowGegenbauer = new Float64Array(GEGENBAUER_DEGREES);
  const stats: PairStatistics = {
    gramSquares: 0,
    etfSquares: 0,
    etfMax: 0,
    maxAbsInner: 0,
    maxInner: -Infinity,
    minDistance: Infinity,
    distanceSum: 0,
    gegenbauerSums: new Float64Array(GEGENBAUER_DEGREES),
  };
  for (let i = 0; i < n; i++) {
    const oi = i * d;
    let rowGram = 0;
    let rowEtf = 0;
    let rowDistance = 0;
    rowGegenbauer.fill(0);
    for (let j = i + 1; j < n; j++) {
      const oj = j * d;
      let g = 0;
      let r2 = 0;
      for (let k = 0; k < d; k++) {
        const a = x[oi + k];
        const b = x[oj + k];
        g += a * b;
        r2 += (a - b) * (a - b);
      }
      const r = Math.sqrt(r2);
      const etfError = g - etfInner;
      rowGram += g * g;
      rowEtf += etfError * etfError;
      rowDistance += r;
      if (Math.abs(etfError) > stats.etfMax) stats.etfMax = Math.abs(etfError);
      if (Math.abs(g) > stats.maxAbsInner) stats.maxAbsInner = Math.abs(g);
      if (g > stats.maxInner) stats.maxInner = g;
      if (r < stats.minDistance) stats.minDistance = r;
      gegenbauerValues(recurrence, g, p);
      for (let k = 0; k < GEGENBAUER_DEGREES; k++) rowGegenbauer[k] += p[k];
    }
    stats.gramSquares += rowGram;
    stats.etfSquares += rowEtf;
    stats.distanceSum += rowDistance;
    for (let k = 0; k < GEGENBAUER_DEGREES; k++) stats.gegenbauerSums[k] += rowGegenbauer[k];
  }
  return stats;
}

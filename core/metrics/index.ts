import { crossEntropyEnergy } from '../energies/cross-entropy';
import type { EnergyKind } from '../energies/energy';
import type { PointSet } from '../points';
import type { Metrics } from '../spec/run-result';
import { energyLimits, reportedEnergy } from '../theory/energy-limits';
import { framePotentialBound, welchBound } from '../theory/frame-bounds';
import { uniformEnergy } from '../theory/uniform-energy';
import { capDiscrepancy } from './cap-discrepancy';
import { pointSum, tightnessError } from './frame';
import { designStrength } from './gegenbauer';
import { pairStatistics } from './pair-statistics';

export { capDiscrepancy, meanChordLength, stolarskyConstant } from './cap-discrepancy';
export {
  DESIGN_TOLERANCE,
  GEGENBAUER_DEGREES,
  designStrength,
  gegenbauer,
  gegenbauerRecurrence,
  gegenbauerValues,
} from './gegenbauer';
export { pairStatistics, type PairStatistics } from './pair-statistics';
export { pointSum, tightnessError } from './frame';

export interface MetricsParams {
  /** the energy that was minimized: 'two-set' means the rows are H then W */
  energy: EnergyKind;
  /** the run's scale s, at which the cross-entropy gaps are measured */
  s: number;
}

/**
 * The metrics of docs/math.md#metrics for a final configuration of unit vectors, as defined field by
 * field in core/spec/run-result.ts. For the two-set energy they describe H (the first n rows) and add
 * the self-duality max_i |h_i - w_i|. Two passes over the pairs (the cross-entropy energy, then all
 * pair statistics), O(n^2 d) time and O(n d) memory.
 */
export function computeMetrics(points: PointSet, params: MetricsParams): Metrics {
  const { n, d, data } = points;
  const twoSet = params.energy === 'two-set';
  const rows = twoSet ? 2 * n : n;
  if (data.length !== rows * d) {
    throw new RangeError(
      `expected ${rows} rows of ${d} numbers for energy '${params.energy}', got ${data.length} numbers`,
    );
  }
  const x = twoSet ? data.subarray(0, n * d) : data;
  // reported never below the bounds proven for them (within rounding: theory/energy-limits.ts)
  const ceLimits = energyLimits('ce', n, d, params.s);
  const ceEnergy = reportedEnergy(crossEntropyEnergy(params.s).evaluate(x, n, d, null), ceLimits);
  const stats = pairStatistics(x, n, d);
  const bound = ceLimits.bound;
  const uniform = uniformEnergy(d, params.s, n);
  const framePotential = reportedEnergy(n + 2 * stats.gramSquares, energyLimits('frame', n, d, params.s));
  const sum = pointSum(x, n, d);
  let sumSquared = 0;
  for (let k = 0; k < d; k++) sumSquared += sum[k] * sum[k];
  const gegenbauer = Array.from(stats.gegenbauerSums, (pairSum) => (n + 2 * pairSum) / (n * n));
  return {
    ceEnergy,
    etfDistance: stats.etfMax,
    etfDistanceFrobenius: Math.sqrt(2 * stats.etfSquares),
    etfBound: bound,
    etfBoundGap: ceEnergy - bound,
    uniformEnergy: uniform,
    uniformGap: ceEnergy / n - uniform,
    framePotential,
    framePotentialRatio: framePotential / framePotentialBound(n, d),
    tightnessError: tightnessError(x, n, d, stats.gramSquares),
    coherence: stats.maxAbsInner,
    welchBound: welchBound(n, d),
    maxInnerProduct: stats.maxInner,
    // arccos(max off) from the closest pair's chord, 2 asin(r/2): exact for unit vectors and without
    // arccos's loss of digits near angle 0
    minAngle: 2 * Math.asin(Math.min(1, stats.minDistance / 2)),
    balance: Math.sqrt(sumSquared) / n,
    gegenbauer,
    designStrength: designStrength(gegenbauer),
    capDiscrepancy: capDiscrepancy(d, (2 * stats.distanceSum) / (n * n)),
    minDistance: stats.minDistance,
    selfDuality: twoSet ? selfDuality(data, n, d) : null,
  };
}

/** NC3: max_i |h_i - w_i| over the rows H (0..n-1) and W (n..2n-1). */
function selfDuality(data: Float64Array, n: number, d: number): number {
  let worst = 0;
  for (let i = 0; i < n; i++) {
    let r2 = 0;
    for (let k = 0; k < d; k++) r2 += (data[i * d + k] - data[(n + i) * d + k]) ** 2;
    worst = Math.max(worst, Math.sqrt(r2));
  }
  return worst;
}

import type { EnergyKind } from '../energies/energy';
import type { PointSet } from '../points';
import type { Metrics } from '../spec/run-result';
import { closedFormEnergy } from './closed-form';
import { recognise } from './recognise';
import type { Configuration } from './schema';

export { closedFormEnergy } from './closed-form';
export { namingTolerance, positionAccuracy, recognise, GRAM_LIMIT, MAX_TOLERANCE } from './recognise';
export { CONFIGURATION_NAMES, Configuration, ConfigurationName, ConfigurationInvariants } from './schema';
export { icosahedronClasses, polygonClasses, simplexSumClasses, type RowClass } from './shape';

export interface DescribeParams {
  energy: EnergyKind;
  s: number;
  alpha: number;
  /** the energy the run reports, from which the gap is measured */
  reportedEnergy: number;
  /** position error of the points (recognise.ts, `positionAccuracy`) */
  accuracy: number;
}

/**
 * What a run found: the configuration's name, and for a named one its closed-form energy of the
 * run's kind and the gap reported - closed form. For the two-set energy the name describes H and the
 * closed form (the value at H = W) is given only when H = W within the tolerance.
 */
export function describeConfiguration(
  points: PointSet,
  params: DescribeParams,
  metrics: Metrics,
): Configuration {
  const { n, d, data } = points;
  const x = params.energy === 'two-set' ? data.subarray(0, n * d) : data;
  const found = recognise(x, n, d, params.accuracy, metrics);
  const { classes, ...named } = found;
  const selfDual =
    params.energy !== 'two-set' || (metrics.selfDuality ?? Infinity) <= found.invariants.tolerance;
  if (!classes || !selfDual) return named;
  const closed = closedFormEnergy(params.energy, classes, params);
  return { ...named, closedFormEnergy: closed, gap: params.reportedEnergy - closed };
}
export { configurationLabel, invariantsText } from './label';

import type { CompareQuery, CompareResult, HistoryFilters } from '../contract/queries';
import type { SeedAggregate } from './aggregate';
import type { Figure } from './figure';
import { MetricChoice } from './metric-choice';
import { metricChart, metricQueries } from './metric-vs-parameter';
import type { ChartPreset } from './preset';

/**
 * Convergence to the large-n limit (docs/math.md#uniform-limit): the excess E/n - U_d(s, n) of the minimal energy
 * over the uniform-distribution energy against n on log-log axes, one series per d (or s, whichever
 * varies). It decays to 0 very fast for minimizers; i.i.d. uniform points sit O(1/n) above.
 */
function choice(aggregate: SeedAggregate): MetricChoice {
  return MetricChoice.parse({
    x: 'n',
    y: 'uniformGap',
    groupBy: ['d', 's'],
    xLog: true,
    yLog: true,
    aggregate,
  });
}

export function uniformConvergenceQueries(filters: HistoryFilters, aggregate: SeedAggregate): CompareQuery[] {
  return metricQueries(filters, choice(aggregate));
}

export function uniformConvergenceChart(
  data: CompareResult,
  aggregate: SeedAggregate,
  preset: ChartPreset,
): Figure {
  return metricChart(data, choice(aggregate), preset, 'Convergence to the uniform-distribution energy');
}

import type { CompareQuery, CompareResult, HistoryFilters } from '../contract/queries';
import { configurationChart } from './configuration';
import { etfPhaseChart, etfPhaseQueries } from './etf-phase';
import { FigureDataError } from './figure-error';
import type { Figure } from './figure';
import { frameVsUniformChart, frameVsUniformQueries } from './frame-vs-uniform';
import { gegenbauerChart } from './gegenbauer-bars';
import { gramChart } from './gram-heatmap';
import { innerProductsChart } from './inner-products';
import { FigureRequest, type FigureRequestInput } from './figure-request';
import { MetricChoice } from './metric-choice';
import { metricChart, metricQueries } from './metric-vs-parameter';
import type { ChartPoints } from './point-rows';
import type { ChartPreset } from './preset';
import { traceChart, type TraceColumns } from './trace';
import { uniformConvergenceChart, uniformConvergenceQueries } from './uniform-convergence';

/** What a run chart needs to know about its run. */
export interface FigureRun {
  id: string;
  n: number;
  d: number;
  s: number;
  metrics: { gegenbauer: number[] } | null;
}

/** Where figures get their data: the store in a host or the CLI, the contract in the renderer. */
export interface FigureSource {
  compare(query: CompareQuery): Promise<CompareResult>;
  run(id: string): Promise<FigureRun>;
  trace(id: string): Promise<TraceColumns>;
  points(id: string): Promise<ChartPoints>;
}

export function figureFilters(request: Pick<FigureRequest, 'experimentIds' | 'runIds'>): HistoryFilters {
  return {
    ...(request.experimentIds?.length ? { experimentIds: request.experimentIds } : {}),
    ...(request.runIds?.length ? { runIds: request.runIds } : {}),
  };
}

export function runLabel(run: FigureRun): string {
  return `n = ${run.n}, d = ${run.d}, s = ${run.s} (${run.id.slice(0, 8)})`;
}

/**
 * Loads a FigureRequest's data from a source and builds it: the one path of the Compare view,
 * `spherelab figure` and the `figures/export` request, so the screen and the files draw the same data.
 */
export async function loadFigure(
  input: FigureRequestInput,
  source: FigureSource,
  preset: ChartPreset,
): Promise<Figure> {
  const request = FigureRequest.parse(input);
  const filters = figureFilters(request);
  const all = (queries: CompareQuery[]) => Promise.all(queries.map((q) => source.compare(q)));
  const runId = request.runIds?.[0] ?? '';
  switch (request.kind) {
    case 'frame-vs-uniform': {
      const [gap, ratio] = await all(frameVsUniformQueries(filters, request.aggregate));
      return frameVsUniformChart({ gap, ratio }, request.aggregate, preset);
    }
    case 'etf-phase': {
      const [data] = await all(etfPhaseQueries(filters));
      return etfPhaseChart(data, request.aggregate, preset, { s: request.s });
    }
    case 'uniform-convergence': {
      const [data] = await all(uniformConvergenceQueries(filters, request.aggregate));
      return uniformConvergenceChart(data, request.aggregate, preset);
    }
    case 'metric-vs-parameter': {
      const choice = MetricChoice.parse({
        ...request.metric,
        aggregate: request.metric?.aggregate ?? request.aggregate,
      });
      const [data] = await all(metricQueries(filters, choice));
      return metricChart(data, choice, preset);
    }
    case 'trace': {
      const ids = request.runIds ?? [];
      const runs = await Promise.all(
        ids.map(async (id) => ({ label: runLabel(await source.run(id)), trace: await source.trace(id) })),
      );
      return traceChart(runs, request.traceAxis, preset);
    }
    case 'inner-products':
      return innerProductsChart(await source.points(runId), preset, request.bins);
    case 'configuration':
      return configurationChart(await source.points(runId), preset, request.view);
    case 'gram':
      return gramChart(await source.points(runId), preset);
    case 'gegenbauer': {
      const run = await source.run(runId);
      if (!run.metrics)
        throw new FigureDataError('unavailable', `run ${run.id} has no metrics yet (it has not completed)`);
      return gegenbauerChart(run.metrics.gegenbauer, run.n, run.d, preset);
    }
  }
}

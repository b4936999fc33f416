import type { CompareQuery, CompareResult, HistoryFilters, SettingKey } from '../contract/queries';
import { withNoteLine } from './option-styles';
import { formatParameter } from '../format';
import { configurationChart } from './configuration';
import { etfPhaseChart, etfPhaseQueries, etfPhaseRunIds } from './etf-phase';
import { FigureDataError } from './figure-error';
import type { Figure } from './figure';
import { frameVsUniformChart, frameVsUniformQueries } from './frame-vs-uniform';
import { gegenbauerChart } from './gegenbauer-bars';
import { gramChart } from './gram-heatmap';
import { innerProductsChart } from './inner-products';
import { FigureRequest, type FigureRequestInput } from './figure-request';
import { MetricChoice } from './metric-choice';
import { metricChart, metricQueries } from './metric-vs-parameter';
import { pathChart, type PathFigureInput } from './path';
import type { RunConfiguration } from './phase-configuration';
import type { ChartPoints } from './point-rows';
import type { ChartPreset } from './preset';
import { applyFilter, fixedPreamble, heldFixed, splitNote, type SettingFilter } from './selection';
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
  /** a path in s with its result (a FigureDataError 'unavailable' while it has none) */
  path(id: string): Promise<PathFigureInput>;
  /** the runs' final energies and named configurations (the phase diagram's configuration of each cell) */
  configurations(ids: string[]): Promise<RunConfiguration[]>;
  /** an experiment's name, for file names (null when unknown) */
  experimentName?(id: string): Promise<string | null>;
}

export function figureFilters(request: Pick<FigureRequest, 'experimentIds' | 'runIds'>): HistoryFilters {
  return {
    ...(request.experimentIds?.length ? { experimentIds: request.experimentIds } : {}),
    ...(request.runIds?.length ? { runIds: request.runIds } : {}),
  };
}

export function runLabel(run: FigureRun): string {
  return `n = ${run.n}, d = ${run.d}, s = ${formatParameter(run.s)} (${run.id.slice(0, 8)})`;
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
  const figure = await buildFigure(request, source, preset);
  const fixed = figure.fixed ?? [];
  return {
    ...figure,
    table: { ...figure.table, preamble: fixedPreamble(fixed) },
    option: preset.kind === 'paper' ? withNoteLine(figure.option, preset, fixed) : figure.option,
  };
}

/** A compare figure's selection: the filter applied, and what it splits, narrows and holds fixed. */
function compareFigure(
  results: CompareResult[],
  filter: SettingFilter,
  build: (filtered: CompareResult[]) => Figure,
): Figure {
  const filtered = results.map((r) => applyFilter(r, filter));
  const figure = build(filtered);
  const values = results[0]?.values ?? {};
  const x = results[0]?.x;
  const choices = Object.fromEntries(
    (Object.keys(values) as SettingKey[])
      .filter((k) => k !== x && ((values[k]?.length ?? 0) > 1 || filter[k] !== undefined))
      .map((k) => [k, values[k]!]),
  );
  return {
    ...figure,
    notes: [...splitNote(filtered[0] ?? {}, filter), ...figure.notes],
    fixed: filtered[0] ? heldFixed(filtered[0], filter) : [],
    choices,
    selected: filter,
  };
}

async function buildFigure(
  request: FigureRequest,
  source: FigureSource,
  preset: ChartPreset,
): Promise<Figure> {
  const filters = figureFilters(request);
  const all = (queries: CompareQuery[]) => Promise.all(queries.map((q) => source.compare(q)));
  const runId = request.runIds?.[0] ?? '';
  const only: SettingFilter = request.only ?? {};
  switch (request.kind) {
    case 'frame-vs-uniform': {
      const results = await all(frameVsUniformQueries(filters, request.aggregate));
      return compareFigure(results, only, ([gap, ratio]) =>
        frameVsUniformChart({ gap, ratio }, request.aggregate, preset),
      );
    }
    case 'etf-phase': {
      const [data] = await all(etfPhaseQueries(filters));
      const chosen = { ...only, ...(request.s ? { s: request.s } : {}) };
      const runs = await source.configurations(etfPhaseRunIds(data, chosen));
      return etfPhaseChart(data, request.aggregate, preset, chosen, {
        colourBy: request.colourBy,
        runs: new Map(runs.map((run) => [run.id, run])),
      });
    }
    case 'uniform-convergence': {
      const results = await all(uniformConvergenceQueries(filters, request.aggregate));
      return compareFigure(results, only, ([data]) =>
        uniformConvergenceChart(data, request.aggregate, preset),
      );
    }
    case 'metric-vs-parameter': {
      const choice = MetricChoice.parse({
        ...request.metric,
        aggregate: request.metric?.aggregate ?? request.aggregate,
      });
      const results = await all(metricQueries(filters, choice));
      return compareFigure(results, only, ([data]) => metricChart(data, choice, preset));
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
    case 'path':
      return pathChart(await source.path(request.pathIds![0]!), preset);
  }
}

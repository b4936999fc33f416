import { z } from 'zod';
import type { CompareQuery, CompareResult, HistoryFilters } from '../contract/queries';
import { SEED_AGGREGATES } from './aggregate';
import { configurationChart } from './configuration';
import { etfPhaseChart, etfPhaseQueries } from './etf-phase';
import { FigureDataError } from './figure-error';
import type { Figure } from './figure';
import { frameVsUniformChart, frameVsUniformQueries } from './frame-vs-uniform';
import { gegenbauerChart } from './gegenbauer-bars';
import { gramChart } from './gram-heatmap';
import { innerProductsChart } from './inner-products';
import { MetricChoice, metricChart, metricQueries } from './metric-vs-parameter';
import type { ChartPoints } from './point-rows';
import type { ChartPreset } from './preset';
import { traceChart, type TraceColumns } from './trace';
import { uniformConvergenceChart, uniformConvergenceQueries } from './uniform-convergence';

/**
 * A figure as something a caller names: its kind, which runs (experiments or run ids) and the
 * chart's choices. The Compare view, `spherelab figure` and the `figures/export` request all load
 * a FigureRequest through `loadFigure`, so the screen, the CLI and an export draw the same data.
 */
export const COMPARE_FIGURES = [
  'frame-vs-uniform',
  'etf-phase',
  'uniform-convergence',
  'metric-vs-parameter',
] as const;
export const RUN_FIGURES = ['trace', 'inner-products', 'configuration', 'gram', 'gegenbauer'] as const;
export const FIGURE_KINDS = [...COMPARE_FIGURES, ...RUN_FIGURES] as const;
export type FigureKind = (typeof FIGURE_KINDS)[number];

const ids = z.array(z.string().min(1).max(100)).max(10_000, 'at most 10000 ids');

export const FigureRequestFields = z
  .object({
    kind: z.enum(FIGURE_KINDS),
    experimentIds: ids.optional(),
    runIds: ids.optional(),
    aggregate: z.enum(SEED_AGGREGATES).default('best'),
    /** metric-vs-parameter's axes, grouping and log scales */
    metric: MetricChoice.optional(),
    /** trace: against the iteration or the wall time */
    traceAxis: z.enum(['iteration', 'time']).default('iteration'),
    /** etf-phase: the scale shown when the runs have several */
    s: z.number().positive().optional(),
    /** configuration (d = 3): the view's rotation, radians */
    view: z.object({ yaw: z.number(), pitch: z.number() }).strict().optional(),
    /** inner-products: number of bins */
    bins: z.int().min(4).max(400).optional(),
  })
  .strict();

/** Which runs a kind needs: compare figures a selection, run figures run ids (one, or several traces). */
export function checkSelection(
  r: Pick<z.output<typeof FigureRequestFields>, 'kind' | 'runIds' | 'experimentIds'>,
  ctx: z.RefinementCtx,
): void {
  const runs = r.runIds?.length ?? 0;
  const experiments = r.experimentIds?.length ?? 0;
  if ((COMPARE_FIGURES as readonly string[]).includes(r.kind) && runs + experiments === 0)
    ctx.addIssue({
      code: 'custom',
      path: ['experimentIds'],
      message: `${r.kind} needs experiment ids or run ids`,
    });
  if ((RUN_FIGURES as readonly string[]).includes(r.kind)) {
    if (runs === 0) ctx.addIssue({ code: 'custom', path: ['runIds'], message: `${r.kind} needs run ids` });
    else if (r.kind !== 'trace' && runs > 1)
      ctx.addIssue({ code: 'custom', path: ['runIds'], message: `${r.kind} draws one run; got ${runs}` });
  }
}

export const FigureRequest = FigureRequestFields.superRefine(checkSelection);
export type FigureRequest = z.output<typeof FigureRequest>;
export type FigureRequestInput = z.input<typeof FigureRequest>;

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

import { z } from 'zod';
import { SettingKey, SettingValue } from '../contract/queries';
import { SEED_AGGREGATES } from './aggregate';
import { MetricChoice } from './metric-choice';

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
/** figures of a path in s (core/path): one path */
export const PATH_FIGURES = ['path'] as const;
export const FIGURE_KINDS = [...COMPARE_FIGURES, ...RUN_FIGURES, ...PATH_FIGURES] as const;

/** etf-phase: each (n, d) cell coloured by its distance from the simplex ETF, or by its best run's configuration name. */
export const ETF_PHASE_COLOURINGS = ['distance', 'configuration'] as const;
export type EtfPhaseColouring = (typeof ETF_PHASE_COLOURINGS)[number];

const ids = z.array(z.string().min(1).max(100)).max(10_000, 'at most 10000 ids');

export const FigureRequestFields = z
  .object({
    kind: z.enum(FIGURE_KINDS),
    experimentIds: ids.optional(),
    runIds: ids.optional(),
    /** path figures: the path's id */
    pathIds: ids.optional(),
    aggregate: z.enum(SEED_AGGREGATES).default('best'),
    /** metric-vs-parameter's axes, grouping and log scales */
    metric: MetricChoice.optional(),
    /** trace: against the iteration or the wall time */
    traceAxis: z.enum(['iteration', 'time']).default('iteration'),
    /** etf-phase: the scale shown when the runs have several */
    s: z.number().positive().optional(),
    /** etf-phase: what colours the cells */
    colourBy: z.enum(ETF_PHASE_COLOURINGS).default('distance'),
    /** compare figures: settings narrowed to one value (a filter), e.g. { d: 3 } or { energyKind: 'ce' } */
    only: z.partialRecord(SettingKey, SettingValue).optional(),
    /** configuration (d = 3): the view's rotation, radians */
    view: z.object({ yaw: z.number(), pitch: z.number() }).strict().optional(),
    /** inner-products: number of bins */
    bins: z.int().min(4).max(400).optional(),
  })
  .strict();

/** Which runs a kind needs: compare figures a selection, run figures run ids (one, or several traces). */
export function checkSelection(
  r: Pick<z.output<typeof FigureRequestFields>, 'kind' | 'runIds' | 'experimentIds' | 'pathIds'>,
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
  if ((PATH_FIGURES as readonly string[]).includes(r.kind) && r.pathIds?.length !== 1)
    ctx.addIssue({
      code: 'custom',
      path: ['pathIds'],
      message: `${r.kind} draws one path: give its id (got ${r.pathIds?.length ?? 0})`,
    });
}

export const FigureRequest = FigureRequestFields.superRefine(checkSelection);
export type FigureRequest = z.output<typeof FigureRequest>;
export type FigureRequestInput = z.input<typeof FigureRequest>;

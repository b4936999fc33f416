import { z } from 'zod';
import { RunParameter, RunValue } from '../contract/queries';
import { SEED_AGGREGATES } from './aggregate';

/** The choices of the metric-vs-parameter chart: its axes, their scales, the grouping and the seeds' aggregate. */
export const MetricChoice = z
  .object({
    x: RunValue.default('n'),
    y: RunValue.default('uniformGap'),
    groupBy: z.array(RunParameter).max(3).default(['d']),
    xLog: z.boolean().default(false),
    yLog: z.boolean().default(false),
    aggregate: z.enum(SEED_AGGREGATES).default('best'),
  })
  .strict();
export type MetricChoice = z.output<typeof MetricChoice>;

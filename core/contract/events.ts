import { z } from 'zod';
import { SolveSummary } from '../spec/run-result';
import { Id, RunProgress, RunStatus } from './records';
import { PathProgress } from '../path/schema';
import { PathStatus } from './paths';

/**
 * Events the host pushes to every connected renderer. Names are interfaces: extend, never rename.
 */
export const events = {
  /** throttled by the solver, 10-20 per second per running run */
  'run/progress': RunProgress.extend({ runId: Id, experimentId: Id.nullable() }),
  'run/status': z.object({ runId: Id, experimentId: Id.nullable(), status: RunStatus, previous: RunStatus }),
  /** once per run that ends; `summary` when completed, `error` (the reason) otherwise */
  'run/finished': z.object({
    runId: Id,
    experimentId: Id.nullable(),
    status: z.enum(['completed', 'failed', 'cancelled', 'interrupted']),
    summary: SolveSummary.optional(),
    error: z.string().optional(),
  }),
  /** after any change of the queue: run ids with a solver, and waiting, in order */
  'queue/changed': z.object({ parallel: z.int(), running: z.array(Id), queued: z.array(Id) }),
  /** runs were created, deleted, imported, tagged or annotated (or their experiment renamed) by some request: lists should refresh */
  'runs/changed': z.object({
    reason: z.enum(['created', 'deleted', 'imported', 'tagged', 'noted', 'resumed', 'renamed']),
    /** the runs concerned, when few enough to list (absent: reload) */
    runIds: z.array(Id).optional(),
  }),
  /** a path in s began another solve (core/path): its phase, s and count */
  'path/progress': z.object({ pathId: Id, progress: PathProgress }),
  /** a path was started, changed status, or was deleted (`status` null) */
  'paths/changed': z.object({ pathId: Id, status: PathStatus.nullable(), error: z.string().optional() }),
} as const satisfies Record<string, z.ZodType>;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;
export const EVENT_NAMES = Object.keys(events) as EventName[];

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name);
}

import { z } from 'zod';
import { PathExperimentSpec, PathProgress, PathResult } from '../path/schema';
import { PrintableName, PrintableText } from '../spec/printable';
import { Id } from './records';

/**
 * A path in s as the store keeps it and replies carry it: the spec, where it is, and its result or
 * why it has none. Times are ISO-8601 in UTC, like runs (records.ts).
 */
export const PATH_STATUSES = ['queued', 'running', 'done', 'failed', 'cancelled'] as const;
export const PathStatus = z.enum(PATH_STATUSES);
export type PathStatus = z.output<typeof PathStatus>;

const isoTime = z.iso.datetime();

export const PathRecord = z.object({
  id: Id,
  name: PrintableName,
  spec: PathExperimentSpec,
  status: PathStatus,
  /** the last progress reported (null before the first solve) */
  progress: PathProgress.nullable(),
  createdAt: isoTime,
  startedAt: isoTime.nullable(),
  finishedAt: isoTime.nullable(),
  /** null until the path is done */
  result: PathResult.nullable(),
  /** why it failed or was cancelled */
  error: PrintableText.nullable(),
  /** present when the stored row is damaged: what is wrong (the fields it names hold placeholders) */
  damaged: z.string().optional(),
});
export type PathRecord = z.output<typeof PathRecord>;

/** A path in lists: the record without its steps (the transitions stay: they are what a list shows). */
export const PathSummary = PathRecord.omit({ result: true }).extend({
  transitions: PathResult.shape.transitions.nullable(),
});
export type PathSummary = z.output<typeof PathSummary>;

export { PathProgress } from '../path/schema';

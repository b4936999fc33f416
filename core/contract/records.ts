import { z } from 'zod';
import { ENERGY_KINDS } from '../energies/energy';
import { Metrics, RunCertificate, StopReason } from '../spec/run-result';
import { RunSpec } from '../spec/run-spec';
import { ExperimentSpec } from '../spec/experiment-spec';

/**
 * What replies carry: the store's rows (electron/backend/store/types.ts) as zod schemas, so the
 * wire shape is checked against the store's types at compile time (the handlers return store rows)
 * and the contract tests can parse every reply. Times are ISO-8601 strings in UTC; durations are
 * milliseconds; ids are UUID strings.
 */

export const RUN_STATUSES = ['queued', 'running', 'completed', 'failed', 'cancelled', 'interrupted'] as const;
export const RunStatus = z.enum(RUN_STATUSES);
export type RunStatus = z.infer<typeof RunStatus>;

export const EnergyKind = z.enum(ENERGY_KINDS);

export const Id = z.string().min(1, 'an id is required').max(100, 'an id has at most 100 characters');

const isoTime = z.string();

export const RunProgress = z.object({
  restart: z.int(),
  iteration: z.int(),
  energy: z.number(),
  gradNorm: z.number(),
  elapsedMs: z.number(),
});
export type RunProgress = z.infer<typeof RunProgress>;

/** One run with its parameters, outcome, every metric, tags and note: a row of history. */
export const RunRecord = z.object({
  id: Id,
  experimentId: Id.nullable(),
  status: RunStatus,
  energyKind: EnergyKind,
  n: z.int(),
  d: z.int(),
  s: z.number(),
  alpha: z.number(),
  seed: z.int(),
  restarts: z.int(),
  /** the full spec the solver received */
  spec: RunSpec,
  createdAt: isoTime,
  startedAt: isoTime.nullable(),
  finishedAt: isoTime.nullable(),
  wallMs: z.number().nullable(),
  iterations: z.int().nullable(),
  evaluations: z.int().nullable(),
  finalEnergy: z.number().nullable(),
  energyPerPoint: z.number().nullable(),
  gradNorm: z.number().nullable(),
  stopReason: StopReason.nullable(),
  restartsReachedBest: z.int().nullable(),
  restartsCompleted: z.int().nullable(),
  /** null until the run completes */
  metrics: Metrics.nullable(),
  /** the final configuration's second-order certificate; null until the run has one */
  certificate: RunCertificate.nullable(),
  /** why the run failed, was cancelled or was interrupted */
  error: z.string().nullable(),
  version: z.string(),
  machine: z.string(),
  evaluator: z.string().nullable(),
  /** the host process holding a queued or running run */
  owner: z.string().nullable(),
  /** last progress of a running or interrupted run */
  progress: RunProgress.nullable(),
  /** iteration of the last checkpoint; resume starts there */
  checkpointIteration: z.int().nullable(),
  tags: z.array(z.string()),
  note: z.string(),
});
export type RunRecord = z.infer<typeof RunRecord>;

export const StatusCounts = z.object(
  Object.fromEntries(RUN_STATUSES.map((s) => [s, z.int()])) as Record<RunStatus, z.ZodInt>,
);

export const ExperimentRecord = z.object({
  id: Id,
  name: z.string(),
  description: z.string(),
  spec: ExperimentSpec,
  createdAt: isoTime,
  tags: z.array(z.string()),
  note: z.string(),
  /** runs in each status */
  counts: StatusCounts,
});
export type ExperimentRecord = z.infer<typeof ExperimentRecord>;

export const TraceSample = RunProgress;
export type TraceSample = RunProgress;

/** A run's trace as columns (JSON arrays), downsampled to at most `maxPoints` samples. */
export const TraceReply = z.object({
  runId: Id,
  /** samples stored for the run, before downsampling */
  total: z.int(),
  restart: z.array(z.int()),
  iteration: z.array(z.int()),
  energy: z.array(z.number()),
  gradNorm: z.array(z.number()),
  elapsedMs: z.array(z.number()),
});
export type TraceReply = z.infer<typeof TraceReply>;

/** A configuration: `rows` x `d` numbers, row-major (rows = n, or 2n for the two-set energy: H then W). */
export const PointsReply = z.object({
  runId: Id,
  kind: z.enum(['final', 'checkpoint']),
  n: z.int(),
  rows: z.int(),
  d: z.int(),
  iteration: z.int(),
  restart: z.int(),
  energy: z.number(),
  data: z.array(z.number()),
});
export type PointsReply = z.infer<typeof PointsReply>;

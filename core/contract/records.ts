import { z } from 'zod';
import { ENERGY_KINDS } from '../energies/energy';
import { Metrics, RunCertificate, StopReason } from '../spec/run-result';
import { Configuration } from '../configuration/schema';
import { RunSpec } from '../spec/run-spec';
import { ExperimentSpec } from '../spec/experiment-spec';
import { Shard } from '../spec/shard';
import { PrintableName, PrintableText } from '../spec/printable';

/**
 * What replies carry, and the one definition of the store's rows (the store reads into these types,
 * and an archive's rows are checked with these schemas before they are imported). Times are ISO-8601
 * strings in UTC; durations are milliseconds; ids are UUID strings. Text is printable (see
 * core/spec/printable.ts).
 */

export const RUN_STATUSES = ['queued', 'running', 'completed', 'failed', 'cancelled', 'interrupted'] as const;
export const RunStatus = z.enum(RUN_STATUSES);
export type RunStatus = z.infer<typeof RunStatus>;

export const EnergyKind = z.enum(ENERGY_KINDS);

export const Id = z.string().min(1, 'an id is required').max(100, 'an id has at most 100 characters');

/** Stored times are milliseconds from 1970 to the end of 9999, so they print as plain ISO-8601. */
export const MAX_TIME_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
const isoTime = z.iso.datetime();

/**
 * Present when the stored row is damaged (written by an older SphereLab, edited by hand, or decayed):
 * says what is wrong. The fields it names hold placeholders, never the stored nonsense; a damaged run
 * is never started.
 */
const damaged = z.string().optional();

/** The ids SphereLab makes (crypto.randomUUID): lower-case UUIDs. */
export const LOWER_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const RunProgress = z.object({
  restart: z.int(),
  iteration: z.int(),
  energy: z.number(),
  gradNorm: z.number(),
  elapsedMs: z.number(),
});
export type RunProgress = z.infer<typeof RunProgress>;

/** Where a run was made, when a Slurm job array's shard made it (null: this machine's own queue). */
export const RunOrigin = z
  .object({
    shard: Shard,
    /** $SLURM_ARRAY_JOB_ID_$SLURM_ARRAY_TASK_ID, or $SLURM_JOB_ID outside an array */
    slurmJobId: PrintableName.optional(),
    host: PrintableName.optional(),
  })
  .strict();
export type RunOrigin = z.infer<typeof RunOrigin>;

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
  /** what the run found, named (core/configuration); null until it completes and for older runs */
  configuration: Configuration.nullable().optional(),
  /** why the run failed, was cancelled or was interrupted */
  error: PrintableText.nullable(),
  version: PrintableName,
  machine: PrintableName,
  evaluator: PrintableName.nullable(),
  /** the host process holding a queued or running run */
  owner: PrintableName.nullable(),
  /** last progress of a running or interrupted run */
  progress: RunProgress.nullable(),
  /** iteration of the last checkpoint; resume starts there */
  checkpointIteration: z.int().nullable(),
  tags: z.array(PrintableName),
  note: PrintableText,
  damaged,
  origin: RunOrigin.nullable(),
});
export type RunRecord = z.infer<typeof RunRecord>;

export const StatusCounts = z.object(
  Object.fromEntries(RUN_STATUSES.map((s) => [s, z.int()])) as Record<RunStatus, z.ZodInt>,
);

export const ExperimentRecord = z.object({
  id: Id,
  name: PrintableName,
  description: PrintableText,
  spec: ExperimentSpec,
  createdAt: isoTime,
  tags: z.array(PrintableName),
  note: PrintableText,
  /** runs in each status */
  counts: StatusCounts,
  damaged,
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

import type {
  CompareQuery,
  CompareResult,
  ExperimentRecord,
  HistoryPage,
  HistoryQuery,
  RunOrigin,
  RunProgress,
  PathRecord,
  PathStatus,
  PathSummary,
  RunRecord,
} from '../../../core/contract';
import type { PathExperimentSpecInput, PathProgress, PathResult } from '../../../core/path/schema';
import type { SolveCheckpoint } from '../../../core/optim/checkpoint';
import type { ExperimentSpecInput } from '../../../core/spec/experiment-spec';
import type { SolveSummary, TracePoint } from '../../../core/spec/run-result';
import type { RunSpec } from '../../../core/spec/run-spec';
import type { Shard } from '../../../core/spec/shard';

/**
 * The Store: what the host does with the SphereLab database (one SQLite file). Rows, queries and
 * pages are the contract's schemas (core/contract), so they are written once; what is here says
 * something the contract does not: typed arrays for points and traces, and the shapes of writes.
 * The Store validates what it is given again, because the CLI calls it directly.
 */

/** A point set as stored: rows x d little-endian float64, row-major, bit-exact. */
export interface StoredConfiguration {
  runId: string;
  kind: 'final' | 'checkpoint';
  /** vectors stored: n, or 2n for the two-set energy (H then W) */
  rows: number;
  d: number;
  points: Float64Array;
  /** iteration (within `restart`) at which it was taken */
  iteration: number;
  restart: number;
  energy: number;
  /** solver time spent when it was taken (a resumed solve continues its clock from here) */
  elapsedMs: number;
  createdAt: string;
  /** checkpoints: what a bit-exact resume needs beside the points; null when only points were kept */
  optimizerState: OptimizerState | null;
}

/** The parts of a solver checkpoint beyond its points. */
export type OptimizerState = Pick<SolveCheckpoint, 'state' | 'best' | 'outcomes'>;

/** A run's trace as columns; typed arrays keep 100 000 samples cheap. */
export interface RunTrace {
  restart: Int32Array;
  iteration: Int32Array;
  energy: Float64Array;
  gradNorm: Float64Array;
  elapsedMs: Float64Array;
}

/** What the queue persists every few seconds for a running run (one transaction). */
export interface ProgressUpdate {
  progress: RunProgress;
  /** trace samples since the previous update */
  trace: TracePoint[];
  checkpoint?: {
    points: Float64Array;
    rows: number;
    d: number;
    restart: number;
    iteration: number;
    energy: number;
    /** default: progress.elapsedMs */
    elapsedMs?: number;
    optimizerState?: OptimizerState;
  };
}

/** The final result of a run (written in one transaction with its configuration and trace tail). */
export interface FinalResult {
  summary: SolveSummary;
  points: Float64Array;
  rows: number;
  trace: TracePoint[];
  /** 'cancelled' keeps the best configuration found before the cancel; default 'completed' */
  status?: 'completed' | 'cancelled';
}

export interface NewExperiment {
  /** validated (and defaults applied) by createExperiment */
  spec: ExperimentSpecInput;
  tags?: string[];
  /**
   * The experiment's UUID; default a new one. The shards of a Slurm job array share one id, so
   * that importing their archives merges their runs into one experiment.
   */
  id?: string;
  /** store only this shard's runs of the expanded grid (core/spec/shard.ts) */
  shard?: Shard;
  /** recorded on every run of this experiment (the shard and Slurm job that made it) */
  origin?: RunOrigin;
}

export interface Lease {
  readonly id: string;
  /** ends the lease; call after the runs it owned were settled */
  release(): void;
}

/** A run or an experiment, for tags and notes. */
export type Target = { runId: string } | { experimentId: string };

export interface Store {
  readonly path: string;

  /** Validates and expands the spec, then inserts the experiment and its queued runs in one transaction. */
  createExperiment(
    input: NewExperiment,
    owner: string | null,
  ): { experiment: ExperimentRecord; runIds: string[] };
  getExperiment(id: string): ExperimentRecord | null;
  /** newest first */
  listExperiments(): ExperimentRecord[];
  deleteExperiment(id: string): number;
  /** Sets the experiment's name (in its row and its stored spec); throws when there is no such experiment. */
  renameExperiment(id: string, name: string): ExperimentRecord;

  /** A single run outside any experiment (the CLI `run`), queued with the given owner. */
  insertRun(
    spec: RunSpec,
    options?: { experimentId?: string | null; owner?: string | null; /** default: a new UUID */ id?: string },
  ): string;
  getRun(id: string): RunRecord | null;
  /** Full id from a unique prefix (at least 4 characters); throws naming the candidates otherwise. */
  resolveRunId(prefix: string): string;
  listRuns(query: HistoryQuery): HistoryPage;
  compare(query: CompareQuery): CompareResult;
  deleteRuns(ids: string[]): number;

  /** queued or interrupted -> running under `owner`; false when another process took it first. */
  claimRun(id: string, owner: string): boolean;
  recordProgress(id: string, update: ProgressUpdate): void;
  /** claimRun for many runs in one transaction: the ids claimed, in order */
  claimRuns(ids: string[], owner: string): string[];
  finishRun(id: string, result: FinalResult): void;
  /** finishRun for many runs in one transaction; the runs that could not be stored, with why */
  finishRuns(results: { id: string; result: FinalResult }[]): { id: string; error: string }[];
  /** running/queued -> failed | cancelled | interrupted, with the reason */
  endRun(id: string, status: 'failed' | 'cancelled' | 'interrupted', error: string): void;
  /** interrupted (or cancelled/failed when asked) -> queued under `owner`; returns the ids requeued */
  requeueRuns(ids: string[], owner: string): string[];

  getTrace(id: string): RunTrace;
  getConfiguration(id: string, kind: 'final' | 'checkpoint'): StoredConfiguration | null;

  setTags(target: Target, tags: string[]): void;
  setNote(target: Target, note: string): void;

  /**
   * Registers this process as an owner of runs (id "pid@host#token") and renews its lease every few
   * seconds until `release()`. Runs are queued and claimed under `lease.id`.
   */
  acquireLease(): Lease;

  /**
   * Marks as interrupted every queued or running run whose owner is gone (on this host: its pid is
   * dead; see owner-lease.ts for the rules). Returns their ids. A live owner is never touched.
   */
  recoverInterrupted(): string[];

  /** A path in s (store/path-rows.ts), validated and stored queued under `owner`. */
  createPath(spec: PathExperimentSpecInput, owner: string | null): PathRecord;
  getPath(id: string): PathRecord | null;
  /** newest first, without their steps */
  listPaths(statuses?: readonly PathStatus[]): PathSummary[];
  /** queued -> running; false when it is no longer queued */
  markPathRunning(id: string): boolean;
  recordPathProgress(id: string, progress: PathProgress): void;
  /** running -> done; false when it was not running any more */
  finishPath(id: string, result: PathResult): boolean;
  /** queued or running -> failed | cancelled with the reason; false when it had ended */
  endPath(id: string, status: 'failed' | 'cancelled', error: string): boolean;
  /** deletes a path that is not queued or running; false when there is none such */
  deletePath(id: string): boolean;
  /** paths of gone owners end failed; their ids */
  recoverPaths(): string[];

  close(): void;
}

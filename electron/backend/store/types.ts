import type { EnergyKind } from '../../../core/energies/energy';
import type { Metrics, RunCertificate, SolveSummary, StopReason, TracePoint } from '../../../core/spec/run-result';
import type { RunSpec } from '../../../core/spec/run-spec';
import type { ExperimentSpec, ExperimentSpecInput } from '../../../core/spec/experiment-spec';
import type { SolveCheckpoint } from '../../../core/optim/checkpoint';
import type {
  RUN_OUTCOMES,
  RunParameter,
  RunStatus,
  RunValue,
  SCALAR_METRICS,
  SortColumn,
} from '../../../core/contract';

/**
 * The public face of the SphereLab archive (one SQLite file). Everything here is plain data so the
 * contract (core/contract/) can mirror it with zod schemas; the Store validates what it is given
 * again, because the CLI calls it directly. Times are ISO-8601 strings in UTC; durations are
 * milliseconds. Names are stable: extend, never rename.
 */

// The column lists are the contract's (core/contract), so the UI, the CLI and SQL share one whitelist.
export {
  RUN_STATUSES,
  SCALAR_METRICS,
  RUN_PARAMETERS,
  RUN_OUTCOMES,
  SORT_COLUMNS,
  RUN_VALUES,
} from '../../../core/contract';
export type { RunStatus, RunParameter, SortColumn, RunValue } from '../../../core/contract';
export type ScalarMetric = (typeof SCALAR_METRICS)[number];
export type RunOutcome = (typeof RUN_OUTCOMES)[number];

/** The last progress report of a running (or interrupted) run. */
export interface RunProgress {
  restart: number;
  iteration: number;
  energy: number;
  gradNorm: number;
  elapsedMs: number;
}

/** One row of history: a run with its parameters, outcome and every metric. */
export interface RunRow {
  /** UUID v4 */
  id: string;
  experimentId: string | null;
  status: RunStatus;
  energyKind: EnergyKind;
  n: number;
  d: number;
  s: number;
  alpha: number;
  seed: number;
  restarts: number;
  /** the full, validated spec the solver received (optimizer settings included) */
  spec: RunSpec;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** solver wall time of the finished run; null until it finishes */
  wallMs: number | null;
  iterations: number | null;
  evaluations: number | null;
  finalEnergy: number | null;
  energyPerPoint: number | null;
  gradNorm: number | null;
  stopReason: StopReason | null;
  /** restarts that reached the best energy (within the solver's tolerance) */
  restartsReachedBest: number | null;
  restartsCompleted: number | null;
  /** every metric as `run --json` prints it; null until the run has a result (completed, or cancelled with its best so far) */
  metrics: Metrics | null;
  /** the final configuration's second-order certificate (core/certificate); null until the run has one */
  certificate: RunCertificate | null;
  /** why the run failed, was cancelled or was interrupted */
  error: string | null;
  /** SphereLab version that ran it */
  version: string;
  /** e.g. "linux x64, 8 cores, Intel(R) Xeon(R) ..., node 20.19" */
  machine: string;
  /** kernel that evaluated the energy, e.g. "direct" */
  evaluator: string | null;
  /** process that owns a queued or running run: "pid@host#token" */
  owner: string | null;
  progress: RunProgress | null;
  /** iteration of the last stored checkpoint, null when there is none */
  checkpointIteration: number | null;
  tags: string[];
  note: string;
}

export interface ExperimentRow {
  /** UUID v4 */
  id: string;
  name: string;
  description: string;
  spec: ExperimentSpec;
  createdAt: string;
  tags: string[];
  note: string;
  /** how many of its runs are in each status (statuses with no run are 0) */
  counts: Record<RunStatus, number>;
}

/** Inclusive bounds; a missing bound is open. */
export interface NumberRange {
  min?: number;
  max?: number;
}

export interface HistoryFilters {
  experimentIds?: string[];
  runIds?: string[];
  energyKinds?: EnergyKind[];
  statuses?: RunStatus[];
  /** runs whose certificate has one of these verdicts */
  verdicts?: RunCertificate['verdict'][];
  n?: NumberRange;
  d?: NumberRange;
  s?: NumberRange;
  /** runs carrying every one of these tags */
  tags?: string[];
  /** case-insensitive: a prefix of the run id, or a substring of its error, tags, note, or its experiment's name, description or tags */
  text?: string;
}

export interface SortKey {
  column: SortColumn;
  direction: 'asc' | 'desc';
}

export interface HistoryQuery {
  filters?: HistoryFilters;
  /** applied in order, missing values last; ties go by creation order in the direction of the last key. Default: createdAt desc. */
  sort?: SortKey[];
  /** default offset 0, limit 100; limit at most 1000 */
  page?: { offset: number; limit: number };
}

export interface HistoryPage {
  rows: RunRow[];
  /** rows matching the filters, ignoring the page */
  total: number;
  offset: number;
  limit: number;
}

/**
 * A comparison series, computed in SQL. Only completed runs matching `filters` take part.
 * - `aggregate: 'none'`: one point per run (e.g. framePotentialRatio against uniformGap).
 * - `aggregate: 'seeds'`: runs sharing x and the group values are aggregated (normally these are the
 *   seeds and restarts of one grid point): best, mean, min, max, stddev and count of y.
 */
export interface CompareQuery {
  filters?: HistoryFilters;
  x: RunValue;
  y: RunValue;
  /** one series per distinct combination, e.g. ['d'] or ['s'] or [] for a single series */
  groupBy?: RunParameter[];
  aggregate: 'none' | 'seeds';
  /**
   * 'lowest-energy': best is y of the run with the lowest finalEnergy (ties: the earliest run);
   * 'lowest-value': best is min(y). Default 'lowest-energy'.
   */
  best?: 'lowest-energy' | 'lowest-value';
}

export interface ComparePoint {
  x: number;
  /** aggregate 'none': y of the run; 'seeds': the best (see CompareQuery.best) */
  y: number;
  /** the run y belongs to (for 'lowest-value' the run with min(y)) */
  runId: string;
  /** present when aggregate is 'seeds' */
  mean?: number;
  min?: number;
  max?: number;
  /** sample standard deviation (n - 1), 0 for a single run */
  stddev?: number;
  count?: number;
}

export interface CompareSeries {
  /** e.g. "d=3, s=1"; "all" without groupBy */
  key: string;
  group: Partial<Record<RunParameter, number>>;
  /** sorted by x */
  points: ComparePoint[];
}

export interface CompareResult {
  x: RunValue;
  y: RunValue;
  groupBy: RunParameter[];
  aggregate: 'none' | 'seeds';
  /** sorted by group values */
  series: CompareSeries[];
}

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
  ): { experiment: ExperimentRow; runIds: string[] };
  getExperiment(id: string): ExperimentRow | null;
  /** newest first */
  listExperiments(): ExperimentRow[];
  deleteExperiment(id: string): number;

  /** A single run outside any experiment (the CLI `run`), queued with the given owner. */
  insertRun(
    spec: RunSpec,
    options?: { experimentId?: string | null; owner?: string | null; /** default: a new UUID */ id?: string },
  ): string;
  getRun(id: string): RunRow | null;
  /** Full id from a unique prefix (at least 4 characters); throws naming the candidates otherwise. */
  resolveRunId(prefix: string): string;
  listRuns(query: HistoryQuery): HistoryPage;
  compare(query: CompareQuery): CompareResult;
  deleteRuns(ids: string[]): number;

  /** queued or interrupted -> running under `owner`; false when another process took it first. */
  claimRun(id: string, owner: string): boolean;
  recordProgress(id: string, update: ProgressUpdate): void;
  finishRun(id: string, result: FinalResult): void;
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

  close(): void;
}

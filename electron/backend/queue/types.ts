import type { SolveSummary } from '../../../core/spec/run-result';
import type { ExperimentRecord, RunProgress, RunStatus } from '../../../core/contract';
import type { NewExperiment } from '../store/store-api';

/**
 * The run queue of one host process (desktop app, `serve`, CLI sweep). It owns the runs it queued:
 * it runs up to `parallel` solver processes at once, persists progress and a checkpoint every few
 * seconds, writes each final result in one transaction, and keeps going when a solver crashes.
 * The UI subscribes to its events; names are stable (extend, never rename).
 */

export interface RunProgressEvent extends RunProgress {
  runId: string;
  experimentId: string | null;
}

export interface RunStatusEvent {
  runId: string;
  experimentId: string | null;
  status: RunStatus;
  previous: RunStatus;
}

export interface RunFinishedEvent {
  runId: string;
  experimentId: string | null;
  status: 'completed' | 'failed' | 'cancelled' | 'interrupted';
  /** present when completed */
  summary?: SolveSummary;
  /** the reason when not completed */
  error?: string;
}

export interface QueueState {
  parallel: number;
  /** run ids with a solver process, in start order */
  running: string[];
  /** run ids waiting for a slot, in order */
  queued: string[];
}

export interface QueueEvents {
  /** throttled by the solver (10-20 per second per run). run/status and run/finished also come for runs
   *  of other processes that this queue found orphaned (status 'interrupted'). */
  'run/progress': RunProgressEvent;
  'run/status': RunStatusEvent;
  'run/finished': RunFinishedEvent;
  /** after any change of QueueState */
  'queue/state': QueueState;
  /** nothing running and nothing queued */
  'queue/idle': QueueState;
}
export type QueueEventName = keyof QueueEvents;

export interface RunQueue {
  /** "pid@host#token": the owner written on every run this queue holds */
  readonly owner: string;
  /** Creates the experiment with its runs (one transaction) and queues them. */
  submitExperiment(input: NewExperiment): { experiment: ExperimentRecord; runIds: string[] };
  /** Queues runs that already exist (queued, interrupted, or failed/cancelled to retry). Resumed runs start
   *  from their last checkpoint when they have one. Returns the ids actually queued. */
  resume(runIds: string[]): string[];
  /** Cooperative cancel; a solver that does not stop within the grace period is killed. False if unknown. */
  cancel(runId: string): boolean;
  /** Cancels every queued and running run of this queue; returns how many. */
  cancelAll(): number;
  setParallel(k: number): void;
  state(): QueueState;
  on<E extends QueueEventName>(event: E, listener: (payload: QueueEvents[E]) => void): () => void;
  /** Resolves when nothing is running or queued. */
  idle(): Promise<void>;
  /** Cancels everything still running (runs end 'interrupted', resumable), stops the heartbeat. */
  close(): Promise<void>;
}

import { z } from 'zod';
import { RunSpec } from '../../core/spec/run-spec';
import { CheckpointPoints, SolveCheckpoint } from '../../core/optim/checkpoint';
import { SolveSummary } from '../../core/spec/run-result';
import { RunProgress } from '../../core/contract/records';
import { PathExperimentSpec, PathProgress, PathResult } from '../../core/path/schema';

/**
 * Messages between a host (CLI, Electron main, serve) and one solver process. A solver process lives
 * for many runs: it says `ready`, then runs the runs of every `start` it is sent, one after another
 * in order (a `start` carries one run, or a batch of small ones), streaming `progress` and
 * `checkpoint`, and answering each run exactly once: `done`, `error` (that run failed; the process
 * carries on) or `dropped` (cancelled before it began). `cancel` stops one run early (it still reports
 * the best configuration so far) or drops it if it has not begun; `suspend` asks for a checkpoint of
 * the current run and ends the process (the host is closing). The `done` of runs of a batch may
 * come together in one `results` message (at most 20 ms late), the last of a batch at once. Both sides validate what they receive
 * with these schemas. Float64Arrays cross by structured clone (fork with serialization 'advanced', or
 * utilityProcess).
 */

const runId = z.string().min(1).max(200);
const everyMs = z.number().positive().max(3_600_000);

export const RunRequest = z.object({
  runId,
  spec: RunSpec,
  /** a checkpoint of an earlier solve of the same spec to continue from */
  resume: SolveCheckpoint.optional(),
  /** least time between two progress messages (default 75 ms, about 13 per second) */
  progressEveryMs: everyMs.optional(),
  /** least time between two checkpoints (default 5 s) */
  checkpointEveryMs: everyMs.optional(),
});

/** a batch is bounded so that one message stays small whatever the host asks */
export const MAX_BATCH = 1000;
export const StartMessage = z.object({ type: z.literal('start'), runs: z.array(RunRequest).min(1).max(MAX_BATCH) });

/** stop this run (the one going: its best so far is reported; one not begun: `dropped`) */
export const CancelMessage = z.object({ type: z.literal('cancel'), runId });
/** the host is closing: checkpoint the current run after its current iteration, begin no other, exit */
export const SuspendMessage = z.object({ type: z.literal('suspend') });

/**
 * A path in s (core/path) instead of runs: the process solves the path's steps one after another,
 * sends `path-progress` before each solve (throttled) and answers once with `path-done` or `error`
 * (runId: the path's id). A path has a process of its own; the host ends it to cancel the path.
 */
export const PathStartMessage = z.object({
  type: z.literal('path'),
  pathId: runId,
  spec: PathExperimentSpec,
  /** least time between two progress messages (default 100 ms); a phase change is sent at once */
  progressEveryMs: everyMs.optional(),
});

export const HostMessage = z.discriminatedUnion('type', [StartMessage, CancelMessage, SuspendMessage, PathStartMessage]);
/** what a host sends: the spec before defaults are applied */
export type HostMessage = z.input<typeof HostMessage>;
export type StartRequest = z.input<typeof RunRequest>;
export type ReceivedStart = z.output<typeof RunRequest>;

export const ReadyMessage = z.object({ type: z.literal('ready') });

export const ProgressMessage = RunProgress.extend({ type: z.literal('progress'), runId });
export type ProgressMessage = z.infer<typeof ProgressMessage>;

export const CheckpointMessage = z.object({
  type: z.literal('checkpoint'),
  runId,
  checkpoint: SolveCheckpoint,
});
export type CheckpointMessage = z.infer<typeof CheckpointMessage>;

export const DoneMessage = z.object({
  type: z.literal('done'),
  runId,
  summary: SolveSummary,
  points: CheckpointPoints,
  trace: z.array(RunProgress),
});
export type DoneMessage = z.infer<typeof DoneMessage>;

export const ErrorMessage = z.object({ type: z.literal('error'), runId: z.string(), message: z.string() });
export type ErrorMessage = z.infer<typeof ErrorMessage>;

export const DroppedMessage = z.object({ type: z.literal('dropped'), runId });

/** the `done` of several runs of a batch in one message (fewer wake-ups of the host) */
export const ResultsMessage = z.object({ type: z.literal('results'), results: z.array(DoneMessage).min(1).max(MAX_BATCH) });

export const PathProgressMessage = z.object({ type: z.literal('path-progress'), pathId: runId, progress: PathProgress });
export const PathDoneMessage = z.object({ type: z.literal('path-done'), pathId: runId, result: PathResult });

export const SolverMessage = z.discriminatedUnion('type', [
  ReadyMessage,
  ProgressMessage,
  CheckpointMessage,
  DoneMessage,
  ErrorMessage,
  DroppedMessage,
  ResultsMessage,
  PathProgressMessage,
  PathDoneMessage,
]);
export type SolverMessage = z.infer<typeof SolverMessage>;

/** One line naming what was wrong with a message, for logs and error replies. */
export function describeInvalid(what: string, error: z.ZodError): string {
  const issue = error.issues[0];
  const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
  return `invalid ${what}${where}: ${issue?.message ?? 'unknown problem'}`;
}

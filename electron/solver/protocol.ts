import { z } from 'zod';
import { RunSpec } from '../../core/spec/run-spec';
import { CheckpointPoints, SolveCheckpoint } from '../../core/optim/checkpoint';
import { SolveSummary } from '../../core/spec/run-result';
import { RunProgress } from '../../core/contract/records';

/**
 * Messages between a host (CLI, Electron main, serve) and one solver process. One process runs one
 * solve: host sends `start` after the solver said `ready`; the solver streams `progress` and
 * `checkpoint` and ends with `done` or `error`; `cancel` asks it to stop early and still report the
 * best configuration so far. Both sides validate what they receive with these schemas. Float64Arrays
 * cross the boundary by structured clone (fork with serialization 'advanced', or utilityProcess).
 */

const runId = z.string().min(1).max(200);
const everyMs = z.number().positive().max(3_600_000);

export const StartMessage = z.object({
  type: z.literal('start'),
  runId,
  spec: RunSpec,
  /** a checkpoint of an earlier solve of the same spec to continue from */
  resume: SolveCheckpoint.optional(),
  /** least time between two progress messages (default 75 ms, about 13 per second) */
  progressEveryMs: everyMs.optional(),
  /** least time between two checkpoints (default 5 s) */
  checkpointEveryMs: everyMs.optional(),
});

export const CancelMessage = z.object({ type: z.literal('cancel') });
/** the host is closing: send a checkpoint after the current iteration (the host then ends the process) */
export const SuspendMessage = z.object({ type: z.literal('suspend') });

export const HostMessage = z.discriminatedUnion('type', [StartMessage, CancelMessage, SuspendMessage]);
/** what a host sends: the spec before defaults are applied */
export type HostMessage = z.input<typeof HostMessage>;
export type StartRequest = Omit<z.input<typeof StartMessage>, 'type'>;
export type ReceivedStart = z.output<typeof StartMessage>;

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

export const SolverMessage = z.discriminatedUnion('type', [
  ReadyMessage,
  ProgressMessage,
  CheckpointMessage,
  DoneMessage,
  ErrorMessage,
]);
export type SolverMessage = z.infer<typeof SolverMessage>;

/** One line naming what was wrong with a message, for logs and error replies. */
export function describeInvalid(what: string, error: z.ZodError): string {
  const issue = error.issues[0];
  const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
  return `invalid ${what}${where}: ${issue?.message ?? 'unknown problem'}`;
}

import { availableParallelism } from 'node:os';
import { z } from 'zod';
import type { RunQueue } from '../backend/queue/run-queue';
import type { CliContext } from './command';
import type { FlagTable, FlagValues } from './flags';
import { printable } from './terminal-text';

/** The flags of the commands that run a queue (sweep, resume). */
export const QUEUE_FLAGS = {
  parallel: { value: 'K', help: "solver processes at once, by default the machine's cores", schema: z.int().min(1).max(256) },
  'checkpoint-every': {
    value: 'SEC',
    help: "store each run's configuration every SEC seconds, by default 2",
    schema: z.number().min(0.1).max(3600),
  },
} as const satisfies FlagTable;

/** The queue options those flags give (the queue's own defaults where absent). */
export function queueSettings(flags: FlagValues<typeof QUEUE_FLAGS>) {
  const seconds = flags['checkpoint-every'];
  return {
    parallel: flags.parallel ?? availableParallelism(),
    checkpointEveryMs: seconds === undefined ? undefined : seconds * 1000,
  };
}

/**
 * Follows a queue until it is idle, with a progress bar over runs on stderr (a live line on a
 * terminal, a plain line per finished run otherwise). Ctrl-C closes the queue: running runs end
 * interrupted with their last checkpoint, and `spherelab resume` continues them.
 */
export interface QueueOutcome {
  completed: number;
  failed: number;
  cancelled: number;
  interrupted: boolean;
}

export async function followQueue(
  queue: RunQueue,
  total: number,
  context: CliContext,
  label: string,
): Promise<QueueOutcome> {
  const counts = { completed: 0, failed: 0, cancelled: 0, interrupted: 0 };
  const stderr = context.stderr;
  const lastEnergy = new Map<string, number>();
  const bar = () => {
    const done = counts.completed + counts.failed + counts.cancelled + counts.interrupted;
    const width = 24;
    const filled = total === 0 ? width : Math.round((done / total) * width);
    const energies = [...lastEnergy.values()].map((e) => e.toPrecision(8)).join(' ');
    return `${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} runs  ${counts.completed} completed  ${counts.failed} failed  ${queue.state().running.length} running${energies ? `  E ${energies}` : ''}`;
  };
  let shownAt = 0;
  const offProgress = queue.on('run/progress', (p) => {
    lastEnergy.set(p.runId, p.energy);
    if (stderr.isTTY && performance.now() - shownAt > 100) {
      shownAt = performance.now();
      stderr.write(`\r${bar().slice(0, (stderr.columns ?? 120) - 1)}\x1b[K`);
    }
  });
  const offFinished = queue.on('run/finished', (e) => {
    counts[e.status]++;
    lastEnergy.delete(e.runId);
    if (e.status === 'failed')
      stderr.write(`${stderr.isTTY ? '\r\x1b[K' : ''}run ${e.runId} failed: ${printable(e.error ?? '')}\n`);
    stderr.write(stderr.isTTY ? `\r${bar().slice(0, (stderr.columns ?? 120) - 1)}\x1b[K` : `${bar()}\n`);
  });
  let interrupted = false;
  const offInterrupt = context.onInterrupt(() => {
    if (interrupted) return;
    interrupted = true;
    stderr.write(
      `${stderr.isTTY ? '\r\x1b[K' : ''}${label}: stopping; unfinished runs are kept as interrupted (spherelab resume continues them)\n`,
    );
    void queue.close();
  });
  try {
    await queue.idle();
    await queue.close();
  } finally {
    offProgress();
    offFinished();
    offInterrupt();
    if (stderr.isTTY) stderr.write('\n');
  }
  return { completed: counts.completed, failed: counts.failed, cancelled: counts.cancelled, interrupted };
}

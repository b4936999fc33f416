import { execFile } from 'node:child_process';

/**
 * The Slurm client commands SphereLab calls: sbatch to submit, squeue and scontrol to watch. Each
 * runs without a shell (arguments are never parsed by sh), and a missing command or a refusal
 * becomes a SlurmError that quotes what Slurm said.
 */

export class SlurmError extends Error {
  override name = 'SlurmError';
}

function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { timeout: 60_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (!error) return resolve(stdout);
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT')
        return reject(
          new SlurmError(`${command} was not found: is this a Slurm login node (is Slurm on PATH)?`),
        );
      reject(new SlurmError(`${command} ${args.join(' ')} failed: ${(stderr || error.message).trim()}`));
    });
  });
}

/** Submits a script; resolves to the job id (sbatch --parsable prints "ID" or "ID;cluster"). */
export async function sbatch(script: string, args: string[] = []): Promise<string> {
  const out = (await run('sbatch', ['--parsable', ...args, script])).trim();
  const id = out.split(';')[0] ?? '';
  if (!/^\d+$/.test(id)) throw new SlurmError(`sbatch printed "${out}", not a job id`);
  return id;
}

export interface QueuedTask {
  /** array task index, or null for a job that is no array */
  task: number | null;
  state: string;
  reason: string;
}

/** The tasks of a job still in the queue (pending or running); empty once all have left it. */
export async function squeue(jobId: string): Promise<QueuedTask[]> {
  // -r lists each array task on its own line; squeue fails for ids it no longer knows
  let out: string;
  try {
    out = await run('squeue', ['-h', '-r', '-j', jobId, '-o', '%i|%T|%r']);
  } catch (error) {
    if (error instanceof SlurmError && /Invalid job id/i.test(error.message)) return [];
    throw error;
  }
  return out
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [id = '', state = '', reason = ''] = line.split('|');
      const task = /_(\d+)$/.exec(id);
      return { task: task ? Number(task[1]) : null, state, reason };
    });
}

/**
 * Final states of the job's finished tasks from `scontrol show job` (Slurm keeps finished jobs for
 * MinJobAge, 300 s by default; without accounting there is no record after that).
 */
export async function finishedStates(jobId: string): Promise<Map<number | null, string>> {
  const states = new Map<number | null, string>();
  let out: string;
  try {
    out = await run('scontrol', ['show', 'job', '-o', jobId]);
  } catch {
    return states;
  }
  for (const line of out.split('\n')) {
    const task = /\bArrayTaskId=(\d+)\b/.exec(line);
    const state = /\bJobState=(\S+)/.exec(line);
    if (state) states.set(task ? Number(task[1]) : null, state[1]!);
  }
  return states;
}

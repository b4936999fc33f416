import type { SlurmJobOptions } from '../../../core/spec/slurm-job-options';
import { SPEC_FILE } from './job-record';

/**
 * The two sbatch scripts of a SphereLab job: an array with one task per shard, and a merge job that
 * runs after the array. Each task writes its own database on node-local scratch (SQLite's WAL must
 * not live on a network folder), then exports an archive into the shared results folder; the merge
 * job imports the archives into the user's database.
 */

/**
 * What the scripts need to know of where they run. Every path in them is relative to the job folder,
 * which is the jobs' working directory (submission passes --chdir), so a folder written by the
 * workbench can be copied to a cluster and submitted there.
 */
export interface JobCommands {
  /** how the nodes start the spherelab CLI: [node, cli.mjs] of this installation, or ['spherelab'] */
  spherelab: string[];
  /** the database the merge job imports into; absent: the default database of whoever runs it */
  database?: string;
}

/** Single-quotes a word for sh; hand-written because it is one line and the scripts need nothing else. */
export const shellQuote = (word: string): string => `'${word.replace(/'/g, `'\\''`)}'`;

function directives(name: string, options: SlurmJobOptions, output: string, extra: string[]): string[] {
  return [
    `#SBATCH --job-name=${name}`,
    ...extra,
    ...(options.partition ? [`#SBATCH --partition=${options.partition}`] : []),
    `#SBATCH --time=${options.time}`,
    `#SBATCH --cpus-per-task=${options.cpusPerTask}`,
    ...(options.mem ? [`#SBATCH --mem=${options.mem}`] : []),
    `#SBATCH --output=${output}`,
  ];
}

/** sbatch reads directives up to the first command, and the job name must not hold spaces. */
export function jobName(experimentName: string): string {
  const slug = experimentName
    .replace(/[^A-Za-z0-9_.-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return `spherelab-${slug || 'sweep'}`;
}

export function shardScript(
  experimentName: string,
  experimentId: string,
  options: SlurmJobOptions,
  commands: JobCommands,
): string {
  const cli = commands.spherelab.map(shellQuote).join(' ');
  const id = shellQuote(experimentId);
  return [
    '#!/bin/bash',
    // %a: the array task, %A: the array job
    ...directives(jobName(experimentName), options, 'logs/shard-%a-%A.out', [
      `#SBATCH --array=0-${options.shards - 1}`,
    ]),
    '# One shard of a SphereLab sweep: its own database on node-local scratch, an archive into the',
    '# shared results folder. Written by SphereLab; submit from the job folder (sbatch runs the job',
    '# where it was submitted): `spherelab slurm submit FOLDER`, and `spherelab slurm resubmit` for',
    '# shards that failed (it passes --array with the missing ones).',
    'set -euo pipefail',
    'scratch="${SLURM_TMPDIR:-${TMPDIR:-/tmp}}/spherelab-${SLURM_ARRAY_JOB_ID}-${SLURM_ARRAY_TASK_ID}"',
    'mkdir -p "$scratch"',
    'trap \'rm -rf "$scratch"\' EXIT',
    `${cli} sweep ${SPEC_FILE} --shard "$SLURM_ARRAY_TASK_ID/${options.shards}" --experiment-id ${id} --parallel ${options.cpusPerTask} --db "$scratch/shard.db"`,
    `${cli} export --db "$scratch/shard.db" --experiment ${id} --out "results/shard-$SLURM_ARRAY_TASK_ID.spherelab"`,
    '',
  ].join('\n');
}

export function mergeScript(experimentName: string, options: SlurmJobOptions, commands: JobCommands): string {
  const cli = commands.spherelab.map(shellQuote).join(' ');
  const db = commands.database ? ` --db ${shellQuote(commands.database)}` : '';
  return [
    '#!/bin/bash',
    ...directives(
      `${jobName(experimentName)}-merge`,
      { ...options, cpusPerTask: 1 },
      'logs/merge-%j.out',
      [],
    ),
    '# Imports every shard archive that is there into the database; archives already imported add',
    '# nothing, so running it again after a resubmission imports only what was missing.',
    'set -euo pipefail',
    `exec ${cli} slurm merge .${db}`,
    '',
  ].join('\n');
}

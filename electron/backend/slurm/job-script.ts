import type { SlurmJobOptions } from './job-options';

/**
 * The two sbatch scripts of a SphereLab job: an array with one task per shard, and a merge job that
 * runs after the array. Each task writes its own database on node-local scratch (SQLite's WAL must
 * not live on a network folder), then exports an archive into the shared results folder; the merge
 * job imports the archives into the user's database.
 */

export interface JobPaths {
  /** the job folder on a file system every node sees: scripts, spec, results, logs */
  folder: string;
  /** the validated spec the shards run */
  specFile: string;
  /** absolute path of node on the nodes, and of the spherelab CLI */
  node: string;
  cli: string;
  /** the user's database the merge job imports into */
  database: string;
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
  paths: JobPaths,
): string {
  const q = shellQuote;
  // %A_%a: array job id and task id. Paths in #SBATCH lines cannot be quoted, so the folder is
  // refused at submission if it holds a space (see job-folder.ts).
  const output = `${paths.folder}/logs/shard-%a-%A.out`;
  return [
    '#!/bin/bash',
    ...directives(jobName(experimentName), options, output, [`#SBATCH --array=0-${options.shards - 1}`]),
    '# One shard of a SphereLab sweep: its own database on node-local scratch, an archive into the',
    '# shared results folder. Written by `spherelab slurm`; resubmit failed shards with',
    '# `spherelab slurm resubmit` (it passes --array with the shards that are missing).',
    'set -euo pipefail',
    'scratch="${SLURM_TMPDIR:-${TMPDIR:-/tmp}}/spherelab-${SLURM_ARRAY_JOB_ID}-${SLURM_ARRAY_TASK_ID}"',
    'mkdir -p "$scratch"',
    'trap \'rm -rf "$scratch"\' EXIT',
    `${q(paths.node)} ${q(paths.cli)} sweep ${q(paths.specFile)} --shard "$SLURM_ARRAY_TASK_ID/${options.shards}" --experiment-id ${q(experimentId)} --parallel ${options.cpusPerTask} --db "$scratch/shard.db"`,
    `${q(paths.node)} ${q(paths.cli)} export --db "$scratch/shard.db" --experiment ${q(experimentId)} --out ${q(paths.folder + '/results')}/"shard-$SLURM_ARRAY_TASK_ID.spherelab"`,
    '',
  ].join('\n');
}

export function mergeScript(experimentName: string, options: SlurmJobOptions, paths: JobPaths): string {
  const q = shellQuote;
  const merge: SlurmJobOptions = { ...options, cpusPerTask: 1 };
  return [
    '#!/bin/bash',
    ...directives(`${jobName(experimentName)}-merge`, merge, `${paths.folder}/logs/merge-%j.out`, []),
    '# Imports every shard archive that is there into the database; archives already imported add',
    '# nothing, so running it again after a resubmission imports only what was missing.',
    'set -euo pipefail',
    `exec ${q(paths.node)} ${q(paths.cli)} slurm merge ${q(paths.folder)} --db ${q(paths.database)}`,
    '',
  ].join('\n');
}

import { randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ExperimentSpec } from '../../../core/spec/experiment-spec';
import { SlurmJobOptions, type SlurmJobOptionsInput } from './job-options';
import { mergeScript, shardScript, type JobPaths } from './job-script';
import {
  JobFolderError,
  MERGE_SCRIPT,
  SHARD_SCRIPT,
  SPEC_FILE,
  writeJobRecord,
  type JobRecord,
} from './job-record';

/**
 * Writes a job folder: the validated spec, the two sbatch scripts and job.json. `spherelab slurm`
 * submits it at once; the workbench's design view writes it for users who submit from a login node
 * with `spherelab slurm submit FOLDER`.
 */

export interface WriteJobInput {
  spec: ExperimentSpec;
  options: SlurmJobOptionsInput;
  /** the folder to create (must not exist, or be empty) */
  folder: string;
  /** the database the merge job imports into */
  database: string;
  /** node and the spherelab CLI as the compute nodes see them */
  node: string;
  cli: string;
}

export interface WrittenJob {
  folder: string;
  record: JobRecord;
  shardScript: string;
  mergeScript: string;
}

export function writeJobFolder(input: WriteJobInput): WrittenJob {
  const folder = resolve(input.folder);
  // #SBATCH --output lines cannot be quoted
  if (/\s/.test(folder))
    throw new JobFolderError(`the job folder "${folder}" must not contain spaces (sbatch cannot quote them)`);
  if (existsSync(folder) && readdirSync(folder).length > 0)
    throw new JobFolderError(`${folder} already exists and is not empty; choose a new folder for the job`);
  const options = SlurmJobOptions.parse(input.options);
  const record: JobRecord = {
    experimentId: randomUUID(),
    name: input.spec.name,
    spec: input.spec,
    options,
    database: resolve(input.database),
    createdAt: new Date().toISOString(),
    submissions: [],
    merged: {},
  };
  const paths: JobPaths = {
    folder,
    specFile: join(folder, SPEC_FILE),
    node: input.node,
    cli: input.cli,
    database: record.database,
  };
  const shards = shardScript(record.name, record.experimentId, options, paths);
  const merge = mergeScript(record.name, options, paths);
  for (const sub of ['results', 'logs']) mkdirSync(join(folder, sub), { recursive: true });
  writeFileSync(paths.specFile, JSON.stringify(input.spec, null, 2) + '\n');
  writeFileSync(join(folder, SHARD_SCRIPT), shards);
  writeFileSync(join(folder, MERGE_SCRIPT), merge);
  chmodSync(join(folder, SHARD_SCRIPT), 0o755);
  chmodSync(join(folder, MERGE_SCRIPT), 0o755);
  writeJobRecord(folder, record);
  return { folder, record, shardScript: shards, mergeScript: merge };
}

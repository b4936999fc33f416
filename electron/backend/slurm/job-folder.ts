import { randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ExperimentSpec } from '../../../core/spec/experiment-spec';
import { SlurmJobOptions, type SlurmJobOptionsInput } from '../../../core/spec/slurm-job-options';
import { mergeScript, shardScript, type JobCommands } from './job-script';
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
  commands: JobCommands;
}

export interface WrittenJob {
  folder: string;
  record: JobRecord;
  shardScript: string;
  mergeScript: string;
}

export function writeJobFolder(input: WriteJobInput): WrittenJob {
  const folder = resolve(input.folder);
  if (existsSync(folder) && readdirSync(folder).length > 0)
    throw new JobFolderError(`${folder} already exists and is not empty; choose a new folder for the job`);
  const options = SlurmJobOptions.parse(input.options);
  const record: JobRecord = {
    experimentId: randomUUID(),
    name: input.spec.name,
    spec: input.spec,
    options,
    ...(input.commands.database ? { database: input.commands.database } : {}),
    createdAt: new Date().toISOString(),
    submissions: [],
    merged: {},
  };
  const shards = shardScript(record.name, record.experimentId, options, input.commands);
  const merge = mergeScript(record.name, options, input.commands);
  for (const sub of ['results', 'logs']) mkdirSync(join(folder, sub), { recursive: true });
  writeFileSync(join(folder, SPEC_FILE), JSON.stringify(input.spec, null, 2) + '\n');
  for (const [file, text] of [
    [SHARD_SCRIPT, shards],
    [MERGE_SCRIPT, merge],
  ] as const) {
    writeFileSync(join(folder, file), text);
    chmodSync(join(folder, file), 0o755);
  }
  writeJobRecord(folder, record);
  return { folder, record, shardScript: shards, mergeScript: merge };
}

import { z } from 'zod';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExperimentSpec } from '../../../core/spec/experiment-spec';
import { SlurmJobOptions } from '../../../core/spec/slurm-job-options';

/**
 * job.json in a job folder: what `spherelab slurm` wrote and submitted, read back by status,
 * resubmit and merge. It is a file beside the scripts rather than rows in the database because the
 * folder is what the cluster sees: the merge job on a compute node reads it without the database.
 */

export const Submission = z
  .object({
    arrayJobId: z.string().regex(/^\d+$/),
    mergeJobId: z.string().regex(/^\d+$/),
    shards: z.array(z.int().min(0)),
    submittedAt: z.iso.datetime(),
  })
  .strict();
export type Submission = z.infer<typeof Submission>;

export const JobRecord = z
  .object({
    experimentId: z.uuid(),
    name: z.string(),
    spec: ExperimentSpec,
    options: SlurmJobOptions,
    /** the database the merge job imports into; absent: the default of whoever runs it */
    database: z.string().optional(),
    createdAt: z.iso.datetime(),
    submissions: z.array(Submission),
    /** shard index -> sha256 of the archive already merged, so a merge reads each archive once */
    merged: z.record(z.string(), z.string()).default({}),
  })
  .strict();
export type JobRecord = z.output<typeof JobRecord>;

export const JOB_FILE = 'job.json';
export const SPEC_FILE = 'spec.json';
export const SHARD_SCRIPT = 'shards.sbatch';
export const MERGE_SCRIPT = 'merge.sbatch';

export const shardArchive = (folder: string, shard: number) =>
  join(folder, 'results', `shard-${shard}.spherelab`);

export class JobFolderError extends Error {
  override name = 'JobFolderError';
}

export function readJobRecord(folder: string): JobRecord {
  const file = join(folder, JOB_FILE);
  if (!existsSync(file))
    throw new JobFolderError(`${folder} is not a SphereLab Slurm job folder (no ${JOB_FILE})`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new JobFolderError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = JobRecord.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new JobFolderError(`${file}: ${issue.path.join('.') || 'record'}: ${issue.message}`);
  }
  return parsed.data;
}

/** Replaces job.json atomically: a reader on another node sees the old record or the new one. */
export function writeJobRecord(folder: string, record: JobRecord): void {
  const file = join(folder, JOB_FILE);
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, JSON.stringify(JobRecord.parse(record), null, 2) + '\n');
  renameSync(partial, file);
}

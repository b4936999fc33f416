import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importArchive } from '../archive/archive';
import type { SqliteStore } from '../store/store';
import { finishedStates, sbatch, squeue } from './cluster';
import {
  MERGE_SCRIPT,
  readJobRecord,
  SHARD_SCRIPT,
  shardArchive,
  writeJobRecord,
  type JobRecord,
  type Submission,
} from './job-record';

/** Submitting, watching, resubmitting and merging the job in a folder. */

const allShards = (record: JobRecord) => Array.from({ length: record.options.shards }, (_, i) => i);

/**
 * Submits the array for `shards` (default all) and a merge job that starts once every task has
 * ended, whatever their outcome (afterany): the merge imports what is there and reports the rest.
 */
export async function submitJob(folder: string, shards?: number[]): Promise<Submission> {
  const record = readJobRecord(folder);
  const list = shards ?? allShards(record);
  // the scripts' paths are relative to the job folder, so it is the jobs' working directory
  const chdir = `--chdir=${folder}`;
  const arrayJobId = await sbatch(join(folder, SHARD_SCRIPT), [chdir, `--array=${list.join(',')}`]);
  const mergeJobId = await sbatch(join(folder, MERGE_SCRIPT), [chdir, `--dependency=afterany:${arrayJobId}`]);
  const submission: Submission = {
    arrayJobId,
    mergeJobId,
    shards: list,
    submittedAt: new Date().toISOString(),
  };
  writeJobRecord(folder, { ...readJobRecord(folder), submissions: [...record.submissions, submission] });
  return submission;
}

export type ShardState = 'pending' | 'running' | 'done' | 'failed' | 'not submitted';

export interface JobStatus {
  folder: string;
  experimentId: string;
  name: string;
  shards: {
    shard: number;
    state: ShardState;
    jobId: string | null;
    archive: boolean;
    merged: boolean;
    detail: string;
  }[];
  merge: { jobId: string | null; state: string };
  counts: Record<ShardState, number>;
}

/**
 * Each shard's state: from squeue while its task is queued or running; afterwards from its archive
 * (there: done; missing: failed), with the final state scontrol still remembers as detail.
 */
export async function jobStatus(folder: string): Promise<JobStatus> {
  const record = readJobRecord(folder);
  const latest = new Map<number, Submission>();
  for (const submission of record.submissions)
    for (const shard of submission.shards) latest.set(shard, submission);
  const queued = new Map<string, Map<number | null, { state: string; reason: string }>>();
  const finished = new Map<string, Map<number | null, string>>();
  for (const jobId of new Set([...latest.values()].map((s) => s.arrayJobId))) {
    queued.set(jobId, new Map((await squeue(jobId)).map((t) => [t.task, t])));
    finished.set(jobId, await finishedStates(jobId));
  }
  const shards = allShards(record).map((shard) => {
    const submission = latest.get(shard);
    const archive = existsSync(shardArchive(folder, shard));
    const merged = record.merged[String(shard)] !== undefined;
    if (!submission)
      return { shard, state: 'not submitted' as const, jobId: null, archive, merged, detail: '' };
    const jobId = `${submission.arrayJobId}_${shard}`;
    const inQueue = queued.get(submission.arrayJobId)?.get(shard);
    if (inQueue) {
      const state: ShardState = inQueue.state === 'PENDING' ? 'pending' : 'running';
      return { shard, state, jobId, archive, merged, detail: `${inQueue.state} ${inQueue.reason}`.trim() };
    }
    const detail = finished.get(submission.arrayJobId)?.get(shard) ?? '';
    return {
      shard,
      state: archive ? ('done' as const) : ('failed' as const),
      jobId,
      archive,
      merged,
      detail,
    };
  });
  const last = record.submissions.at(-1);
  let mergeState = 'not submitted';
  if (last) {
    const inQueue = await squeue(last.mergeJobId);
    mergeState = inQueue[0]?.state ?? (await finishedStates(last.mergeJobId)).get(null) ?? 'ended';
  }
  const counts = { pending: 0, running: 0, done: 0, failed: 0, 'not submitted': 0 } as Record<
    ShardState,
    number
  >;
  for (const s of shards) counts[s.state]++;
  return {
    folder,
    experimentId: record.experimentId,
    name: record.name,
    shards,
    merge: { jobId: last?.mergeJobId ?? null, state: mergeState },
    counts,
  };
}

/** Submits again the shards that ended without an archive (and those never submitted). */
export async function resubmitFailed(
  folder: string,
): Promise<{ shards: number[]; submission: Submission | null }> {
  const status = await jobStatus(folder);
  const shards = status.shards
    .filter((s) => s.state === 'failed' || s.state === 'not submitted')
    .map((s) => s.shard);
  if (shards.length === 0) return { shards, submission: null };
  return { shards, submission: await submitJob(folder, shards) };
}

export interface MergeResult {
  imported: { shard: number; runsAdded: number; runsSkipped: number }[];
  alreadyMerged: number[];
  missing: number[];
}

/**
 * Imports every shard archive not merged before. Idempotent twice over: job.json remembers each
 * merged archive's hash, and the import itself skips runs whose id the database already has.
 */
export function mergeJob(folder: string, store: SqliteStore): MergeResult {
  const record = readJobRecord(folder);
  const result: MergeResult = { imported: [], alreadyMerged: [], missing: [] };
  const merged = { ...record.merged };
  for (const shard of allShards(record)) {
    const file = shardArchive(folder, shard);
    if (!existsSync(file)) {
      result.missing.push(shard);
      continue;
    }
    const hash = createHash('sha256').update(readFileSync(file)).digest('hex');
    if (merged[String(shard)] === hash) {
      result.alreadyMerged.push(shard);
      continue;
    }
    const counts = importArchive(store, file);
    merged[String(shard)] = hash;
    // written after each shard, so a merge that dies half-way redoes only the rest
    writeJobRecord(folder, { ...readJobRecord(folder), merged });
    result.imported.push({ shard, runsAdded: counts.runsAdded, runsSkipped: counts.runsSkipped });
  }
  return result;
}

import { hostname } from 'node:os';
import type { RunOrigin } from '../../../core/contract/records';
import type { Shard } from '../../../core/spec/shard';

/**
 * The origin recorded on a shard's runs: the shard, and the Slurm job that ran it when the sweep runs
 * inside one (Slurm sets these variables in every array task).
 */
export function shardOrigin(
  shard: Shard,
  env: NodeJS.ProcessEnv = process.env,
  host = hostname(),
): RunOrigin {
  const arrayJob = env.SLURM_ARRAY_JOB_ID;
  const task = env.SLURM_ARRAY_TASK_ID;
  const slurmJobId = arrayJob && task ? `${arrayJob}_${task}` : env.SLURM_JOB_ID;
  return { shard, ...(slurmJobId ? { slurmJobId } : {}), host };
}

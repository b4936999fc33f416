import { z } from 'zod';

/**
 * A share of an experiment's grid: shard I of N takes the runs whose index k in the full expansion
 * (expandExperiment's order) has k mod N = I. Round robin rather than blocks, because the expansion
 * is ordered by n first and a block of large n would make one shard the slowest of the job array.
 * The runs a shard takes are unchanged RunSpecs (same seeds), so N shards together solve exactly
 * the problems of the unsharded sweep, with the same bits.
 */
export const MAX_SHARDS = 10_000;

export const Shard = z
  .object({ index: z.int().min(0), count: z.int().min(1).max(MAX_SHARDS) })
  .strict()
  .refine((s) => s.index < s.count, { message: 'the shard index must be below the shard count' });
export type Shard = z.infer<typeof Shard>;

const SHARD_TEXT = /^(\d{1,5})\/(\d{1,5})$/;

/** Parses "I/N" (0 <= I < N <= 10000), the form Slurm's $SLURM_ARRAY_TASK_ID/N gives. */
export function parseShard(text: string): Shard {
  const match = SHARD_TEXT.exec(text.trim());
  const parsed = match ? Shard.safeParse({ index: Number(match[1]), count: Number(match[2]) }) : null;
  if (!parsed?.success)
    throw new RangeError(`expected I/N with 0 <= I < N <= ${MAX_SHARDS} (e.g. 0/3), got "${text}"`);
  return parsed.data;
}

export function formatShard(shard: Shard): string {
  return `${shard.index}/${shard.count}`;
}

/** The items of the full list that belong to the shard, in their original order. */
export function takeShard<T>(items: readonly T[], shard: Shard | undefined): T[] {
  if (!shard) return [...items];
  return items.filter((_, k) => k % shard.count === shard.index);
}

import { z } from 'zod';
import { MAX_SHARDS } from './shard';

/**
 * The options of a Slurm job array for one experiment. Every value that lands in the sbatch script is
 * checked against the forms Slurm accepts, so a flag can never inject a line into the script.
 */

// sbatch --time: minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS
const SLURM_TIME = /^(\d+|\d+:\d{1,2}|\d+:\d{1,2}:\d{1,2}|\d+-\d+|\d+-\d+:\d{1,2}|\d+-\d+:\d{1,2}:\d{1,2})$/;
// sbatch --mem: an integer with an optional unit K, M, G or T (default M)
const SLURM_MEM = /^\d+[KMGT]?$/;
const SLURM_NAME = /^[A-Za-z0-9_.+-]{1,64}$/;

export const SlurmJobOptions = z
  .object({
    shards: z.int().min(1).max(MAX_SHARDS),
    partition: z
      .string()
      .regex(SLURM_NAME, 'a partition name: letters, digits and _ . + - (at most 64)')
      .optional(),
    time: z
      .string()
      .regex(SLURM_TIME, 'a Slurm time limit: MINUTES, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS')
      .default('1:00:00'),
    cpusPerTask: z.int().min(1).max(256).default(1),
    mem: z
      .string()
      .regex(SLURM_MEM, 'memory per node: an integer with an optional unit K, M, G or T')
      .optional(),
  })
  .strict();
export type SlurmJobOptions = z.output<typeof SlurmJobOptions>;
export type SlurmJobOptionsInput = z.input<typeof SlurmJobOptions>;

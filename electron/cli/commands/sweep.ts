import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { basename, extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ExperimentSpec, expandExperiment, ExpansionError } from '../../../core/spec/experiment-spec';
import { createRunQueue } from '../../backend/queue/run-queue';
import { forkSpawner } from '../../solver/spawner';
import { EXIT_FAILURE, EXIT_INTERRUPTED, EXIT_OK, UsageError } from '../command';
import { DB_FLAG, withCliStore } from '../database';
import { inputFile } from '../files';
import { defineCommand } from '../parser';
import { followQueue, QUEUE_FLAGS, queueSettings } from '../queue-progress';
import { jsonLine, printable } from '../terminal-text';
import { parseShard } from '../../../core/spec/shard';
import { LOWER_UUID } from '../../../core/contract/records';
import { shardOrigin } from '../../backend/slurm/shard-origin';

/** Reads and validates a spec file; every problem is a UsageError naming the file and the field. */
export function readSpecFile(file: string): { spec: ExperimentSpec; tags: string[] } {
  let text: string;
  try {
    text = readFileSync(inputFile(file, { pipes: true }), 'utf8');
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let raw: unknown;
  try {
    raw = extname(file).toLowerCase() === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new UsageError(
      `${file} is not valid ${extname(file) === '.json' ? 'JSON' : 'YAML'}: ${(error as Error).message.split('\n')[0]}`,
    );
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    throw new UsageError(`${file} must hold one object (the experiment spec)`);
  const { tags, ...fields } = raw as Record<string, unknown>;
  if (tags !== undefined && !(Array.isArray(tags) && tags.every((t) => typeof t === 'string'))) {
    throw new UsageError(`${file}: tags: expected a list of strings`);
  }
  const parsed = ExperimentSpec.safeParse({ name: basename(file, extname(file)), ...fields });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(`${file}: ${issue.path.join('.') || 'spec'}: ${issue.message}`);
  }
  try {
    expandExperiment(parsed.data);
  } catch (error) {
    if (error instanceof ExpansionError) throw new UsageError(`${file}: ${error.message}`);
    throw error;
  }
  return { spec: parsed.data, tags: (tags as string[] | undefined) ?? [] };
}

export const sweepCommand = defineCommand({
  description: `Creates an experiment from a spec file, expands it into runs (one per grid point and seed), stores
them, and runs them with up to K solver processes at once, with a progress bar over runs.`,
  arguments: [{ name: 'SPEC', help: 'the experiment spec, a .yaml or .json file' }],
  flags: {
    ...QUEUE_FLAGS,
    tag: { value: 'T', list: true, help: 'tags for the experiment' },
    shard: {
      value: 'I/N',
      help: 'run only shard I of N: the runs whose index in the expanded grid is I modulo N; the N shards together are exactly the unsharded sweep, with the same seeds and bits',
      schema: z.string().transform((text, ctx) => {
        try {
          return parseShard(text);
        } catch (error) {
          ctx.addIssue({ code: 'custom', message: (error as Error).message });
          return z.NEVER;
        }
      }),
      allowed: 'I/N with 0 <= I < N <= 10000',
    },
    'experiment-id': {
      value: 'UUID',
      help: "the experiment's id (default: a new one); the shards of one Slurm job share it, so importing their archives merges them into one experiment",
      schema: z.string().regex(LOWER_UUID),
      allowed: 'a lower-case UUID',
    },
    ...DB_FLAG,
    json: { help: 'print {experimentId, runIds, completed, failed, cancelled} on stdout at the end' },
  },
  epilog: `The spec (YAML or JSON):
  name: frame vs uniform          # default: the file name
  description: ...                # optional
  energy: ce                      # ce | two-set | pair | frame | riesz | log
  n: [10, 20, 40]                 # each of n, d, s, alpha: a number, a list,
  d: {from: 2, to: 5, step: 1}    #   {from, to, step} or {from, to, count, spacing: linear|log}
  s: 1                            # default 1
  seeds: [1, 2, 3]                # default [1]
  tags: [paper]                   # optional, beside --tag
  restarts: 1                     # optional optimizer settings: optimizer, tol, maxIter,
  tol: 1e-10                      #   timeLimitSec, memory, logEnergy, threads

Ctrl-C stops the sweep: unfinished runs stay interrupted, and spherelab resume continues them.
Exit codes: 0 all runs completed, 1 some failed, 2 bad spec or flags, 130 interrupted.`,
  async main({ flags, args }, context) {
    const file = args[0];
    if (!file) throw new UsageError('a spec file is required: spherelab sweep SPEC.(json|yaml)');
    const { spec, tags } = readSpecFile(file);
    return withCliStore(flags.db, {}, async (store) => {
      const queue = createRunQueue({
        store,
        spawner: forkSpawner(),
        ...queueSettings(flags),
      });
      const shard = flags.shard;
      const { experiment, runIds } = queue.submitExperiment({
        spec,
        tags: [...tags, ...(flags.tag ?? [])],
        ...(flags['experiment-id'] ? { id: flags['experiment-id'] } : {}),
        ...(shard ? { shard, origin: shardOrigin(shard) } : {}),
      });
      context.stderr.write(
        `experiment ${experiment.id} "${printable(experiment.name)}": ${runIds.length} runs in ${store.path}\n`,
      );
      const outcome = await followQueue(queue, runIds.length, context, 'sweep');
      if (flags.json) {
        const { completed, failed, cancelled } = outcome;
        context.stdout.write(jsonLine({ experimentId: experiment.id, runIds, completed, failed, cancelled }));
      }
      if (outcome.interrupted) return EXIT_INTERRUPTED;
      return outcome.failed > 0 ? EXIT_FAILURE : EXIT_OK;
    });
  },
});

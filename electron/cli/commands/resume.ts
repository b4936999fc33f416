import { availableParallelism } from 'node:os';
import { createRunQueue } from '../../backend/queue/run-queue';
import { forkSpawner } from '../../solver/spawner';
import { EXIT_FAILURE, EXIT_INTERRUPTED, EXIT_OK, type Command } from '../command';
import { checkpointMs, DB_FLAG, intValue, parseArchiveArgs, withCliStore } from '../archive-args';
import { followQueue } from '../queue-progress';

const HELP = `Usage: spherelab resume [RUN...] [--experiment ID...] [--parallel K] [--db FILE] [--json]

Continues interrupted runs (left by a crash, a kill or a closed app) from their last checkpoint;
runs that never started begin from scratch. Without RUN or --experiment: every interrupted run.
Named runs may also be failed or cancelled ones, which then run again.

  RUN...            run ids (or unique prefixes of at least 4 characters)
  --experiment ID   the interrupted runs of these experiments
  --parallel K      solver processes at once, 1 to 256 (default: the machine's cores)
  --checkpoint-every SEC   store each run's configuration every SEC seconds (default 2)
  --db FILE         the database (default: $SPHERELAB_DB, else spherelab.db in the user data folder)
  --json            print {runIds, completed, failed, cancelled} on stdout at the end

Exit codes: 0 all resumed runs completed, 1 some failed, 2 bad flags, 130 interrupted.
`;

const FLAGS = {
  ...DB_FLAG,
  experiment: { type: 'string', allowed: 'one or more experiment ids', multiple: true },
  parallel: { type: 'string', allowed: 'an integer from 1 to 256' },
  'checkpoint-every': { type: 'string', allowed: 'seconds from 0.1 to 3600' },
  json: { type: 'boolean', allowed: 'no value' },
} as const;

const PAGE = 1000;

export const resumeCommand: Command = {
  help: HELP,
  async main(args, context) {
    const { values, lists, positionals } = parseArchiveArgs(args, FLAGS, Infinity);
    const parallel = intValue(values, 'parallel', 1, 256) ?? availableParallelism();
    return withCliStore(values, async (store) => {
      let ids = positionals.map((p) => store.resolveRunId(p));
      if (ids.length === 0) {
        const filters = { statuses: ['interrupted' as const], experimentIds: lists.experiment };
        for (let offset = 0; ; offset += PAGE) {
          const page = store.listRuns({
            filters,
            sort: [{ column: 'createdAt', direction: 'asc' }],
            page: { offset, limit: PAGE },
          });
          ids.push(...page.rows.map((r) => r.id));
          if (offset + PAGE >= page.total) break;
        }
      }
      const queue = createRunQueue({
        store,
        spawner: forkSpawner(),
        parallel,
        checkpointEveryMs: checkpointMs(values),
      });
      ids = queue.resume(ids);
      context.stderr.write(`resuming ${ids.length} runs in ${store.path}\n`);
      const outcome = await followQueue(queue, ids.length, context, 'resume');
      if (values.json) {
        const { completed, failed, cancelled } = outcome;
        context.stdout.write(JSON.stringify({ runIds: ids, completed, failed, cancelled }) + '\n');
      }
      if (outcome.interrupted) return EXIT_INTERRUPTED;
      return outcome.failed > 0 ? EXIT_FAILURE : EXIT_OK;
    });
  },
};

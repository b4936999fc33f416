import { createRunQueue } from '../../backend/queue/run-queue';
import { forkSpawner } from '../../solver/spawner';
import { EXIT_FAILURE, EXIT_INTERRUPTED, EXIT_OK } from '../command';
import { DB_FLAG, withCliStore } from '../database';
import { experimentFlag, resolveExperimentIds, resolveRunIds, RUNS_ARGUMENT } from '../ids';
import { defineCommand } from '../parser';
import { followQueue, QUEUE_FLAGS, queueSettings } from '../queue-progress';
import { jsonLine } from '../terminal-text';

const PAGE = 1000;

export const resumeCommand = defineCommand({
  description: `Continues interrupted runs (left by a crash, a kill or a closed app) from their last checkpoint;
runs that never started begin from scratch. Without RUN or --experiment: every interrupted run.
Named runs may also be failed or cancelled ones, which then run again.`,
  arguments: [RUNS_ARGUMENT],
  flags: {
    experiment: experimentFlag('the interrupted runs of these experiments'),
    ...QUEUE_FLAGS,
    ...DB_FLAG,
    json: { help: 'print {runIds, completed, failed, cancelled} on stdout at the end' },
  },
  epilog: 'Exit codes: 0 all resumed runs completed, 1 some failed, 2 bad input, 130 interrupted.',
  async main({ flags, args }, context) {
    return withCliStore(flags.db, { mustExist: true }, async (store) => {
      let ids = resolveRunIds(store, args);
      if (ids.length === 0) {
        const filters = {
          statuses: ['interrupted' as const],
          experimentIds: flags.experiment && resolveExperimentIds(store, flags.experiment),
        };
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
        ...queueSettings(flags),
      });
      ids = queue.resume(ids);
      context.stderr.write(`resuming ${ids.length} runs in ${store.path}\n`);
      const outcome = await followQueue(queue, ids.length, context, 'resume');
      if (flags.json) {
        const { completed, failed, cancelled } = outcome;
        context.stdout.write(jsonLine({ runIds: ids, completed, failed, cancelled }));
      }
      if (outcome.interrupted) return EXIT_INTERRUPTED;
      return outcome.failed > 0 ? EXIT_FAILURE : EXIT_OK;
    });
  },
});

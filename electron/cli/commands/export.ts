import { resolve } from 'node:path';
import { exportArchive } from '../../backend/archive/archive';
import { EXIT_OK, UsageError, type Command } from '../command';
import { DB_FLAG, parseArchiveArgs, withCliStore } from '../archive-args';

const HELP = `Usage: spherelab export --out FILE [--experiment ID...] [--run ID...] [--db FILE]

Writes a standalone archive (a SphereLab SQLite file with the same schema) holding the selected
experiments and runs with their configurations, checkpoints, traces, tags and notes; without a
selection, everything. Runs still queued or running travel as interrupted. FILE is replaced.

  --out FILE         the archive to write, e.g. results.spherelab
  --experiment ID... experiments to include (all their runs)
  --run ID...        single runs to include (with their experiment's record)
  --db FILE          the database (default: $SPHERELAB_DB, else spherelab.db in the user data folder)
`;

const FLAGS = {
  ...DB_FLAG,
  out: { type: 'string', allowed: 'the archive file to write' },
  experiment: { type: 'string', allowed: 'one or more experiment ids', multiple: true },
  run: { type: 'string', allowed: 'one or more run ids', multiple: true },
} as const;

export const exportCommand: Command = {
  help: HELP,
  async main(args, context) {
    const { values, lists } = parseArchiveArgs(args, FLAGS, 0);
    if (typeof values.out !== 'string') throw new UsageError('--out FILE is required');
    const out = resolve(values.out);
    return withCliStore(values, async (store) => {
      for (const id of lists.experiment ?? [])
        if (!store.getExperiment(id))
          throw new UsageError(`--experiment ${id}: no such experiment in ${store.path}`);
      const runIds = (lists.run ?? []).map((id) => store.resolveRunId(id));
      const counts = exportArchive(store, out, { experimentIds: lists.experiment, runIds });
      context.stderr.write(`wrote ${out}: ${counts.experiments} experiments, ${counts.runs} runs\n`);
      return EXIT_OK;
    });
  },
};

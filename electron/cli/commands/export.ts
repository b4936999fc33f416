import { exportArchive } from '../../backend/archive/archive';
import { EXIT_OK, UsageError } from '../command';
import { DB_FLAG, withCliStore } from '../database';
import { outputFile } from '../files';
import { experimentFlag, resolveExperimentIds, resolveRunIds, runFlag } from '../ids';
import { defineCommand } from '../parser';

export const exportCommand = defineCommand({
  description: `Writes a standalone archive (a SphereLab SQLite file with the same schema) holding the selected
experiments and runs with their configurations, checkpoints, traces, tags and notes; without a
selection, everything. Runs still queued or running travel as interrupted. FILE is replaced; its
folder must exist.`,
  flags: {
    out: { value: 'FILE', help: 'the archive to write, e.g. results.spherelab; required' },
    experiment: experimentFlag('experiments to include, with all their runs'),
    run: runFlag("single runs to include, with their experiment's record"),
    ...DB_FLAG,
  },
  async main({ flags }, context) {
    if (flags.out === undefined) throw new UsageError('--out FILE is required');
    const out = outputFile('out', flags.out);
    return withCliStore(flags.db, { mustExist: true }, async (store) => {
      const experimentIds = flags.experiment && resolveExperimentIds(store, flags.experiment);
      const runIds = resolveRunIds(store, flags.run ?? [], '--run');
      const counts = exportArchive(store, out, { experimentIds, runIds });
      context.stderr.write(`wrote ${out}: ${counts.experiments} experiments, ${counts.runs} runs\n`);
      return EXIT_OK;
    });
  },
});

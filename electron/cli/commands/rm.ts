import { createInterface } from 'node:readline/promises';
import { EXIT_FAILURE, EXIT_OK, UsageError, type CliContext, type Command } from '../command';
import { DB_FLAG, parseArchiveArgs, withCliStore } from '../archive-args';

const HELP = `Usage: spherelab rm RUN... [--yes] [--db FILE]
       spherelab rm --experiment ID [--yes] [--db FILE]

Deletes runs (with their configurations, traces, tags and notes), or an experiment with all its
runs. Asks first unless --yes; without a terminal to ask on, --yes is required. Runs that are queued
or running are not deleted: cancel them first.

  RUN...            run ids (or unique prefixes of at least 4 characters)
  --experiment ID   an experiment and all its runs
  --yes             do not ask
  --db FILE         the database (default: $SPHERELAB_DB, else spherelab.db in the user data folder)
`;

const FLAGS = {
  ...DB_FLAG,
  experiment: { type: 'string', allowed: 'an experiment id' },
  yes: { type: 'boolean', allowed: 'no value' },
} as const;

export interface RmDeps {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
}

async function confirm(question: string, context: CliContext, deps: RmDeps): Promise<boolean> {
  const rl = createInterface({ input: deps.stdin, output: context.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}

export function rmCommandWith(deps: RmDeps): Command {
  return {
    help: HELP,
    async main(args, context) {
      const { values, positionals } = parseArchiveArgs(args, FLAGS, Infinity);
      const experimentId = typeof values.experiment === 'string' ? values.experiment : undefined;
      if ((positionals.length === 0) === (experimentId === undefined)) {
        throw new UsageError('name runs (spherelab rm RUN...) or one experiment (--experiment ID), not both');
      }
      if (!values.yes && !deps.stdin.isTTY)
        throw new UsageError('not a terminal, cannot ask: add --yes to delete without asking');
      return withCliStore(values, async (store) => {
        let what: string;
        let remove: () => number;
        if (experimentId) {
          const experiment = store.getExperiment(experimentId);
          if (!experiment)
            throw new UsageError(`--experiment ${experimentId}: no such experiment in ${store.path}`);
          const runs = Object.values(experiment.counts).reduce((a, b) => a + b, 0);
          what = `experiment "${experiment.name}" (${experimentId}) and its ${runs} runs`;
          remove = () => store.deleteExperiment(experimentId);
        } else {
          const ids = [...new Set(positionals.map((p) => store.resolveRunId(p)))];
          const active = ids.filter((id) => ['queued', 'running'].includes(store.getRun(id)!.status));
          if (active.length > 0)
            throw new UsageError(`run ${active[0]} is ${store.getRun(active[0]!)!.status}: cancel it first`);
          what = ids.length === 1 ? `run ${ids[0]}` : `${ids.length} runs`;
          remove = () => store.deleteRuns(ids);
        }
        if (!values.yes && !(await confirm(`Delete ${what} from ${store.path}?`, context, deps))) {
          context.stderr.write('nothing deleted\n');
          return EXIT_FAILURE;
        }
        const removed = remove();
        context.stderr.write(`deleted ${what} (${removed} ${experimentId ? 'experiment' : 'runs'})\n`);
        return EXIT_OK;
      });
    },
  };
}

export const rmCommand: Command = rmCommandWith({ stdin: process.stdin });

import { createInterface } from 'node:readline/promises';
import { EXIT_FAILURE, EXIT_OK, UsageError, type CliContext, type Command } from '../command';
import { DB_FLAG, withCliStore } from '../database';
import { experimentFlag, resolveExperimentIds, resolveRunIds, RUNS_ARGUMENT } from '../ids';
import { defineCommand } from '../parser';
import { printable } from '../terminal-text';

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
  return defineCommand({
    description: `Deletes runs (with their configurations, traces, tags and notes), or experiments with all their
runs. Asks first unless --yes; without a terminal to ask on, --yes is required. Runs that are queued
or running are not deleted: cancel them first.`,
    arguments: [RUNS_ARGUMENT],
    flags: {
      experiment: experimentFlag('experiments to delete with all their runs'),
      yes: { help: 'do not ask' },
      ...DB_FLAG,
    },
    async main({ flags, args }, context) {
      if ((args.length === 0) === (flags.experiment === undefined)) {
        throw new UsageError('name runs (spherelab rm RUN...) or experiments (--experiment ID), not both');
      }
      if (!flags.yes && !deps.stdin.isTTY)
        throw new UsageError('not a terminal, cannot ask: add --yes to delete without asking');
      return withCliStore(flags.db, { mustExist: true }, async (store) => {
        let what: string;
        let remove: () => number;
        if (flags.experiment) {
          const experiments = resolveExperimentIds(store, flags.experiment).map((id) =>
            store.getExperiment(id)!,
          );
          const runs = experiments.reduce(
            (sum, e) => sum + Object.values(e.counts).reduce((a, b) => a + b, 0),
            0,
          );
          what =
            experiments.length === 1
              ? `experiment "${printable(experiments[0]!.name)}" (${experiments[0]!.id}) and its ${runs} runs`
              : `${experiments.length} experiments and their ${runs} runs`;
          const busy = experiments.find((e) => e.counts.queued + e.counts.running > 0);
          if (busy)
            throw new UsageError(`experiment ${busy.id} has queued or running runs: cancel them first`);
          remove = () => experiments.reduce((sum, e) => sum + store.deleteExperiment(e.id), 0);
        } else {
          const ids = resolveRunIds(store, args);
          const active = ids.filter((id) => ['queued', 'running'].includes(store.getRun(id)!.status));
          if (active.length > 0)
            throw new UsageError(`run ${active[0]} is ${store.getRun(active[0]!)!.status}: cancel it first`);
          what = ids.length === 1 ? `run ${ids[0]}` : `${ids.length} runs`;
          remove = () => store.deleteRuns(ids);
        }
        if (!flags.yes && !(await confirm(`Delete ${what} from ${store.path}?`, context, deps))) {
          context.stderr.write('nothing deleted\n');
          return EXIT_FAILURE;
        }
        const removed = remove();
        context.stderr.write(`deleted ${what} (${removed} ${flags.experiment ? 'experiments' : 'runs'})\n`);
        return EXIT_OK;
      });
    },
  });
}

export const rmCommand: Command = rmCommandWith({ stdin: process.stdin });

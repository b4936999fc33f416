import { configurationLabel } from '../../../core/configuration/label';
import { formatShard } from '../../../core/spec/shard';
import { EXIT_OK, UsageError } from '../command';
import { DB_FLAG, withCliStore } from '../database';
import { resolveRunIds } from '../ids';
import { defineCommand } from '../parser';
import { pointRows } from '../run-report';
import { jsonLine, printable } from '../terminal-text';

// every value from the database is escaped: a name or note could hold terminal escape sequences
const line = (label: string, value: unknown) =>
  `${label.padEnd(22)} ${value === null || value === undefined ? '-' : printable(String(value))}\n`;

export const showCommand = defineCommand({
  description: 'Shows one run: parameters, status, timings, outcome and every metric, tags and notes.',
  arguments: [{ name: 'RUN', help: 'a run id, or a unique prefix of at least 4 characters' }],
  flags: {
    json: { help: "one JSON object: the run's record, with its metrics as in run --json" },
    points: {
      help: "include the final configuration (n rows of d numbers; two-set: H's rows, then W's), or the last checkpoint of an unfinished run",
    },
    ...DB_FLAG,
  },
  async main({ flags, args }, context) {
    if (!args[0]) throw new UsageError('a run id is required: spherelab show RUN');
    return withCliStore(flags.db, { mustExist: true }, async (store) => {
      const run = store.getRun(resolveRunIds(store, args)[0]!)!;
      const config = flags.points
        ? (store.getConfiguration(run.id, 'final') ?? store.getConfiguration(run.id, 'checkpoint'))
        : null;
      const points = config ? pointRows({ n: config.rows, d: config.d, data: config.points }) : undefined;
      if (flags.json) {
        context.stdout.write(jsonLine({ ...run, ...(flags.points ? { points: points ?? null } : {}) }));
        return EXIT_OK;
      }
      let out = line('run', run.id) + line('experiment', run.experimentId) + line('status', run.status);
      out += line(
        'energy',
        `${run.energyKind}  n = ${run.n}  d = ${run.d}  s = ${run.s}  alpha = ${run.alpha}`,
      );
      out += line('seed / restarts', `${run.seed} / ${run.restarts}`);
      out += line('optimizer', `${run.spec.optimizer} tol ${run.spec.tol} max-iter ${run.spec.maxIter}`);
      out +=
        line('created', run.createdAt) + line('started', run.startedAt) + line('finished', run.finishedAt);
      out +=
        line('final energy', run.finalEnergy) +
        line('per point', run.energyPerPoint) +
        line('|grad|', run.gradNorm);
      out +=
        line('iterations', run.iterations) + line('wall ms', run.wallMs) + line('stopped', run.stopReason);
      if (run.progress)
        out += line(
          'last progress',
          `restart ${run.progress.restart} iteration ${run.progress.iteration} E ${run.progress.energy}`,
        );
      if (run.checkpointIteration !== null) out += line('checkpoint', `iteration ${run.checkpointIteration}`);
      if (run.error) out += line('error', run.error);
      for (const [name, value] of Object.entries(run.metrics ?? {}))
        out += line(name, Array.isArray(value) ? value.join(' ') : value);
      if (run.configuration)
        out += line(
          'configuration',
          `${configurationLabel(run.configuration)}${run.configuration.gap === undefined ? '' : `  closed form ${run.configuration.closedFormEnergy}  gap ${run.configuration.gap}`}`,
        );
      out += line('evaluator', run.evaluator) + line('SphereLab', run.version) + line('machine', run.machine);
      if (run.origin)
        out += line(
          'origin',
          `shard ${formatShard(run.origin.shard)}${run.origin.slurmJobId ? `, Slurm job ${run.origin.slurmJobId}` : ''}${run.origin.host ? ` on ${run.origin.host}` : ''}`,
        );
      out += line('tags', run.tags.join(', ') || '-') + line('note', run.note || '-');
      if (points) out += points.map((p) => p.join(' ')).join('\n') + '\n';
      context.stdout.write(out);
      return EXIT_OK;
    });
  },
});

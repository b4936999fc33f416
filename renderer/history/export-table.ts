import { SCALAR_METRICS, type ExperimentRecord, type RunRecord } from '../../core/contract';
import type { FigureTable } from '../../core/charts/figure';
import { GROUPED_VALUES, type RunGroup } from './grouping';

/**
 * History's tables as files: every column of every run (not only the columns on screen), numbers at
 * full precision (toCsv writes the shortest text that reads back as the same double).
 */
export function runsTable(
  rows: readonly RunRecord[],
  experiments: ReadonlyMap<string, ExperimentRecord>,
): FigureTable {
  const columns = [
    'id',
    'experimentId',
    'experiment',
    'status',
    'energyKind',
    'n',
    'd',
    's',
    'alpha',
    'seed',
    'restarts',
    'optimizer',
    'tol',
    'maxIter',
    'timeLimitSec',
    'memory',
    'logEnergy',
    'createdAt',
    'startedAt',
    'finishedAt',
    'wallMs',
    'iterations',
    'evaluations',
    'finalEnergy',
    'energyPerPoint',
    'gradNorm',
    'stopReason',
    'restartsReachedBest',
    'restartsCompleted',
    ...SCALAR_METRICS,
    'gegenbauer',
    'certificateVerdict',
    'lambdaMin',
    'negativeDirections',
    'zeroModes',
    'spectralGap',
    'configuration',
    'configurationParts',
    'closedFormEnergy',
    'configurationGap',
    'evaluator',
    'version',
    'machine',
    'tags',
    'experimentTags',
    'note',
    'error',
  ];
  return {
    columns,
    rows: rows.map((r) => {
      const experiment = r.experimentId ? experiments.get(r.experimentId) : undefined;
      return [
        r.id,
        r.experimentId,
        experiment?.name ?? null,
        r.status,
        r.energyKind,
        r.n,
        r.d,
        r.s,
        r.alpha,
        r.seed,
        r.restarts,
        r.spec.optimizer,
        r.spec.tol,
        r.spec.maxIter,
        r.spec.timeLimitSec ?? null,
        r.spec.memory,
        r.spec.logEnergy,
        r.createdAt,
        r.startedAt,
        r.finishedAt,
        r.wallMs,
        r.iterations,
        r.evaluations,
        r.finalEnergy,
        r.energyPerPoint,
        r.gradNorm,
        r.stopReason,
        r.restartsReachedBest,
        r.restartsCompleted,
        ...SCALAR_METRICS.map((m) => r.metrics?.[m] ?? null),
        r.metrics ? r.metrics.gegenbauer.join(' ') : null,
        r.certificate?.verdict ?? null,
        r.certificate?.lambdaMin ?? null,
        r.certificate?.negativeDirections ?? null,
        r.certificate?.zeroModes ?? null,
        r.certificate?.gap ?? null,
        r.configuration?.name ?? null,
        r.configuration?.parts?.join('+') ?? null,
        r.configuration?.closedFormEnergy ?? null,
        r.configuration?.gap ?? null,
        r.evaluator,
        r.version,
        r.machine,
        r.tags.join(' '),
        experiment?.tags.join(' ') ?? null,
        r.note,
        r.error,
      ];
    }),
  };
}

/** The grouped view as a table: the group's parameters and runs, then mean, sd and count of every value. */
export function groupsTable(groups: readonly RunGroup[]): FigureTable {
  return {
    columns: [
      'energyKind',
      'n',
      'd',
      's',
      'alpha',
      'restarts',
      'settings',
      'runs',
      'completed',
      'seeds',
      'runIds',
      ...GROUPED_VALUES.flatMap((v) => [`${v} mean`, `${v} sd`, `${v} count`]),
    ],
    rows: groups.map((g) => [
      g.run.energyKind,
      g.run.n,
      g.run.d,
      g.run.s,
      g.run.alpha,
      g.run.restarts,
      g.settings,
      g.runIds.length,
      g.completed,
      g.seeds.join(' '),
      g.runIds.join(' '),
      ...GROUPED_VALUES.flatMap((v) => {
        const s = g.stats[v];
        return s ? [s.mean, s.sd, s.count] : [null, null, 0];
      }),
    ]),
  };
}

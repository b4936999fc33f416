import { ApiRequestError } from '../../../core/contract';
import { expandExperiment, ExpansionError, type ExperimentSpec } from '../../../core/spec/experiment-spec';
import type { RunSpec } from '../../../core/spec/run-spec';
import { createCalibrator, hostMemoryBytes } from './calibration';
import { conflict, listedIds, notFound, type ApiDeps, type Handlers } from './handler-deps';

type ExperimentHandlers = Pick<
  Handlers,
  | 'experiments/estimate'
  | 'experiments/create'
  | 'experiments/list'
  | 'experiments/get'
  | 'experiments/rename'
  | 'experiments/delete'
>;

/** Expansion errors are the user's input: a validation error on the spec. */
function expand(spec: ExperimentSpec): RunSpec[] {
  try {
    return expandExperiment(spec);
  } catch (error) {
    if (error instanceof ExpansionError) {
      // a grid point's RunSpec field is the experiment's axis of the same name (seed: seeds)
      const field = error.path
        .map(String)
        .join('.')
        .replace(/^seed$/, 'seeds');
      const path = field ? `spec.${field}` : 'spec';
      throw new ApiRequestError({
        code: 'validation',
        message: `${path}: ${error.message}`,
        issues: [{ path, message: error.message }],
      });
    }
    throw error;
  }
}

/** Vectors an energy optimizes for n classes (the two-set energy has H and W). */
function rowsOf(run: RunSpec): number {
  return run.energy === 'two-set' ? 2 * run.n : run.n;
}

function distinct(values: number[]): number[] {
  return [...new Set(values)].sort((a, b) => a - b);
}

export function experimentHandlers(deps: ApiDeps): ExperimentHandlers {
  const calibrator = createCalibrator();

  function getExperiment(id: string) {
    const experiment = deps.store.getExperiment(id);
    if (!experiment) throw notFound('experiment', id);
    return experiment;
  }

  return {
    'experiments/estimate': async ({ spec }) => {
      const runs = expand(spec);
      // One evaluation of energy and gradient visits every pair of rows once per coordinate.
      const workPerIteration = runs.reduce((sum, r) => sum + r.restarts * rowsOf(r) ** 2 * r.d, 0);
      const largest = runs.reduce((a, r) => (r.n * r.d > a.n * a.d ? { n: r.n, d: r.d } : a), { n: 0, d: 0 });
      return {
        runs: runs.length,
        solves: runs.length * spec.restarts,
        axes: {
          n: distinct(runs.map((r) => r.n)),
          d: distinct(runs.map((r) => r.d)),
          s: distinct(runs.map((r) => r.s)),
          alpha: distinct(runs.map((r) => r.alpha)),
          seeds: distinct(runs.map((r) => r.seed)),
        },
        workPerIteration,
        workAtMaxIter: workPerIteration * spec.maxIter,
        largest,
        machine: {
          ...(await calibrator.calibrate(spec.energy)),
          memoryBytes: hostMemoryBytes(),
          cores: deps.info.cores,
          parallel: deps.queue.state().parallel,
        },
      };
    },

    'experiments/create': async ({ spec, tags }) => {
      expand(spec); // reports a bad grid as a validation error before anything is stored
      const created = deps.queue.submitExperiment({ spec, tags });
      deps.emit('runs/changed', { reason: 'created', runIds: listedIds(created.runIds) });
      return created;
    },

    'experiments/list': async ({ text }) => {
      const needle = text?.trim().toLowerCase();
      const all = deps.store.listExperiments();
      const experiments = needle
        ? all.filter((e) =>
            [e.id, e.name, e.description, e.note, ...e.tags].some((field) =>
              field.toLowerCase().includes(needle),
            ),
          )
        : all;
      return { experiments };
    },

    'experiments/get': async ({ id }) => getExperiment(id),

    'experiments/rename': async ({ id, name }) => {
      getExperiment(id);
      const renamed = deps.store.renameExperiment(id, name);
      deps.emit('runs/changed', { reason: 'renamed' });
      return renamed;
    },

    'experiments/delete': async ({ id }) => {
      const { counts } = getExperiment(id);
      const active = counts.queued + counts.running;
      if (active > 0) throw conflict(`cancel the experiment's ${active} queued or running runs before deleting it`);
      const runs = Object.values(counts).reduce((a, b) => a + b, 0);
      deps.store.deleteExperiment(id);
      deps.emit('runs/changed', { reason: 'deleted' });
      return { id, deletedRuns: runs };
    },
  };
}

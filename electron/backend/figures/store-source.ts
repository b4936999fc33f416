import { FigureDataError } from '../../../core/charts/figure-error';
import type { FigureSource } from '../../../core/charts/figure-loader';
import { pathForFigure } from '../../../core/charts/path-source';
import { listRunConfigurations } from '../../../core/charts/phase-configuration';
import type { Store } from '../store/store-api';

/** Figures' data straight from the store (hosts and the CLI). */
export function storeFigureSource(store: Store): FigureSource {
  const runOf = (id: string) => {
    const run = store.getRun(id);
    if (!run) throw new FigureDataError('not-found', `no run with id ${id}`);
    return run;
  };
  return {
    compare: async (query) => store.compare(query),
    run: async (id) => {
      const run = runOf(id);
      return { id: run.id, n: run.n, d: run.d, s: run.s, metrics: run.metrics };
    },
    trace: async (id) => {
      runOf(id);
      return store.getTrace(id);
    },
    points: async (id) => {
      const run = runOf(id);
      const stored = store.getConfiguration(id, 'final') ?? store.getConfiguration(id, 'checkpoint');
      if (!stored) throw new FigureDataError('unavailable', `run ${id} has no configuration stored yet`);
      return { n: run.n, rows: stored.rows, d: stored.d, data: stored.points };
    },
    configurations: (ids) => listRunConfigurations(ids, async (query) => store.listRuns(query)),
    experimentName: async (id) => store.getExperiment(id)?.name ?? null,
    path: async (id) => pathForFigure(store.getPath(id), id),
  };
}

import type { RunRecord } from '../../../core/contract';
import { conflict, listedIds, notFound, type ApiDeps, type Handlers } from './handler-deps';
import { downsampleIndices, pickTrace } from './trace-downsample';

type RunHandlers = Pick<
  Handlers,
  | 'runs/list'
  | 'runs/get'
  | 'runs/trace'
  | 'runs/points'
  | 'runs/delete'
  | 'runs/tag'
  | 'runs/note'
  | 'compare/series'
>;

const DEFAULT_TRACE_POINTS = 2000;

export function runHandlers(deps: ApiDeps): RunHandlers {
  const { store } = deps;

  function getRun(id: string): RunRecord {
    const run = store.getRun(id);
    if (!run) throw notFound('run', id);
    return run;
  }

  return {
    'runs/list': async (query) => store.listRuns(query),

    'runs/get': async ({ id }) => getRun(id),

    'runs/trace': async ({ id, maxPoints }) => {
      getRun(id);
      const trace = store.getTrace(id);
      const indices = downsampleIndices(trace.energy, maxPoints ?? DEFAULT_TRACE_POINTS);
      return { runId: id, total: trace.energy.length, ...pickTrace(trace, indices) };
    },

    'runs/points': async ({ id, kind = 'final' }) => {
      const run = getRun(id);
      const config = store.getConfiguration(id, kind);
      if (!config) throw notFound(`${kind} configuration of run`, id);
      return {
        runId: id,
        kind,
        n: run.n,
        rows: config.rows,
        d: config.d,
        iteration: config.iteration,
        restart: config.restart,
        energy: config.energy,
        data: Array.from(config.points),
      };
    },

    'runs/delete': async ({ ids }) => {
      const active = ids.map(getRun).filter((r) => r.status === 'queued' || r.status === 'running');
      if (active.length > 0) {
        throw conflict(
          `cancel ${active.length === 1 ? 'run' : 'runs'} ${active.map((r) => r.id).join(', ')} before deleting`,
        );
      }
      const deleted = store.deleteRuns(ids);
      deps.emit('runs/changed', { reason: 'deleted', runIds: listedIds(ids) });
      return { deleted };
    },

    'runs/tag': async ({ ids, add = [], remove = [] }) => {
      const runs = ids.map(getRun);
      const result = runs.map((run) => {
        const tags = [...new Set([...run.tags, ...add])].filter((t) => !remove.includes(t));
        store.setTags({ runId: run.id }, tags);
        // the store normalizes (trims, sorts, drops duplicates): reply with what it kept
        return { id: run.id, tags: getRun(run.id).tags };
      });
      deps.emit('runs/changed', { reason: 'tagged', runIds: listedIds(ids) });
      return { runs: result };
    },

    'runs/note': async ({ id, note }) => {
      getRun(id);
      store.setNote({ runId: id }, note);
      deps.emit('runs/changed', { reason: 'noted', runIds: [id] });
      return { id, note };
    },

    'compare/series': async (query) => store.compare(query),
  };
}

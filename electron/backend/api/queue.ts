import { notFound, listedIds, type ApiDeps, type Handlers } from './handler-deps';

type QueueHandlers = Pick<Handlers, 'runs/cancel' | 'runs/cancelAll' | 'runs/resume'>;

const PAGE = 1000;

export function queueHandlers(deps: ApiDeps): QueueHandlers {
  const { store, queue } = deps;

  /** Every interrupted run in the database, page by page. */
  function interruptedIds(): string[] {
    const ids: string[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const page = store.listRuns({ filters: { statuses: ['interrupted'] }, page: { offset, limit: PAGE } });
      ids.push(...page.rows.map((r) => r.id));
      if (offset + PAGE >= page.total) return ids;
    }
  }

  return {
    'runs/cancel': async ({ id }) => {
      if (!store.getRun(id)) throw notFound('run', id);
      return { id, cancelled: queue.cancel(id) };
    },

    'runs/cancelAll': async ({ experimentId }) => {
      if (experimentId === undefined) return { cancelled: queue.cancelAll() };
      if (!store.getExperiment(experimentId)) throw notFound('experiment', experimentId);
      const { running, queued } = queue.state();
      const ours = [...running, ...queued].filter((id) => store.getRun(id)?.experimentId === experimentId);
      return { cancelled: ours.filter((id) => queue.cancel(id)).length };
    },

    'runs/resume': async ({ ids }) => {
      for (const id of ids ?? []) if (!store.getRun(id)) throw notFound('run', id);
      const resumed = queue.resume(ids ?? interruptedIds());
      if (resumed.length > 0) deps.emit('runs/changed', { reason: 'resumed', runIds: listedIds(resumed) });
      return { resumed };
    },
  };
}

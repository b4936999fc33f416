import type { Api } from '../../../core/contract';
import type { FigureSource } from '../../../core/charts/figure-loader';
import { pathForFigure } from '../../../core/charts/path-source';
import { listRunConfigurations } from '../../../core/charts/phase-configuration';

/**
 * Figures' data through the contract: the same requests and the same builders as `spherelab figure`
 * and `figures/export` (which read the store directly), so the screen shows what an export writes.
 */
export function platformFigureSource(api: Api): FigureSource {
  return {
    compare: (query) => api['compare/series'](query),
    run: (id) => api['runs/get']({ id }),
    // the host downsamples long traces with min/max buckets; the chart thins them further with LTTB
    trace: (id) => api['runs/trace']({ id, maxPoints: 4000 }),
    points: async (id) => {
      const reply = await api['runs/points']({ id });
      return { n: reply.n, rows: reply.rows, d: reply.d, data: reply.data };
    },
    path: async (id) => pathForFigure(await api['paths/get']({ id }), id),
    configurations: (ids) => listRunConfigurations(ids, (query) => api['runs/list'](query)),
  };
}

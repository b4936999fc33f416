import { FigureDataError } from '../../../core/charts/figure-error';
import { ApiRequestError, type Out, type Parsed } from '../../../core/contract';
import type { ApiDeps } from '../api/handler-deps';
import { exportFigure } from './export-figure';
import { storeFigureSource } from './store-source';

/**
 * `figures/export`: the figure drawn on the host (ECharts SSR, resvg with the bundled font) and sent
 * back as the file's content, which the renderer hands to the user as a download.
 */
export function figureHandlers(deps: Pick<ApiDeps, 'store'>) {
  return {
    'figures/export': async (payload: Parsed<'figures/export'>): Promise<Out<'figures/export'>> => {
      try {
        return await exportFigure(payload, storeFigureSource(deps.store));
      } catch (error) {
        // a selection the figure cannot draw (no run, no configuration, n too large for a heatmap)
        if (error instanceof FigureDataError) {
          const code = error.reason === 'not-found' ? 'not-found' : 'conflict';
          throw new ApiRequestError({ code, message: error.message });
        }
        throw error;
      }
    },
  };
}

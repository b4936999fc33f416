import { appHandlers } from './app';
import { archiveHandlers } from './archive';
import type { ApiDeps, Handlers } from './handler-deps';
import { experimentHandlers } from './experiments';
import { figureHandlers } from '../figures/figure-handlers';
import { pathHandlers } from './paths';
import { queueHandlers } from './queue';
import { runHandlers } from './runs';
import { slurmHandlers } from './slurm';

/** Every request of the contract, bound to one backend (a missing name is a compile error). */
export function createHandlers(deps: ApiDeps): Handlers {
  return {
    ...appHandlers(deps),
    ...experimentHandlers(deps),
    ...runHandlers(deps),
    ...queueHandlers(deps),
    ...archiveHandlers(deps),
    ...figureHandlers(deps),
    ...slurmHandlers(deps),
    ...pathHandlers(deps),
  };
}

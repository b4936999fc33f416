import type { ApiDeps, Handlers } from './handler-deps';

export function appHandlers(deps: ApiDeps): Pick<Handlers, 'app/info'> {
  return {
    'app/info': async () => ({
      ...deps.info,
      archivesDir: deps.archivesDir,
      parallel: deps.queue.state().parallel,
    }),
  };
}

import { conflict, notFound, type ApiDeps, type Handlers } from './handler-deps';

type PathHandlers = Pick<Handlers, 'paths/start' | 'paths/list' | 'paths/get' | 'paths/cancel' | 'paths/delete'>;

/** Paths in s (core/path): stored by the store, solved by the host's path runner. */
export function pathHandlers(deps: ApiDeps): PathHandlers {
  const { store, paths } = deps;
  const getPath = (id: string) => {
    const path = store.getPath(id);
    if (!path) throw notFound('path', id);
    return path;
  };
  return {
    'paths/start': async ({ spec }) => paths.start(spec),
    'paths/list': async ({ statuses }) => ({ paths: store.listPaths(statuses) }),
    'paths/get': async ({ id }) => getPath(id),
    'paths/cancel': async ({ id }) => {
      getPath(id);
      return { id, cancelled: paths.cancel(id) };
    },
    'paths/delete': async ({ id }) => {
      const path = getPath(id);
      if (path.status === 'queued' || path.status === 'running')
        throw conflict(`path ${id} is ${path.status}; cancel it before deleting`);
      if (!store.deletePath(id)) throw conflict(`path ${id} could not be deleted: it is active again`);
      deps.emit('paths/changed', { pathId: id, status: null });
      return { id };
    },
  };
}

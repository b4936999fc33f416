import { existsSync, mkdirSync, statSync } from 'node:fs';
import { conflict, notFound, type ApiDeps, type Handlers } from './handler-deps';
import { archivePath, defaultArchiveName, listArchives, unusedName, withExtension } from './archive-files';

type ArchiveHandlers = Pick<Handlers, 'archive/export' | 'archive/import' | 'archive/list'>;

export function archiveHandlers(deps: ApiDeps): ArchiveHandlers {
  const dir = deps.archivesDir;

  return {
    'archive/export': async ({ experimentIds, runIds, fileName }) => {
      mkdirSync(dir, { recursive: true });
      const name = fileName ? withExtension(fileName) : unusedName(dir, defaultArchiveName(deps.now()));
      const path = archivePath(dir, name);
      if (existsSync(path))
        throw conflict(`${name} already exists in the archives folder; choose another name`);
      for (const id of experimentIds ?? [])
        if (!deps.store.getExperiment(id)) throw notFound('experiment', id);
      for (const id of runIds ?? []) if (!deps.store.getRun(id)) throw notFound('run', id);
      const counts = await deps.archive.exportArchive(path, { experimentIds, runIds });
      return { fileName: name, sizeBytes: statSync(path).size, ...counts };
    },

    'archive/import': async ({ fileName }) => {
      const path = archivePath(dir, fileName);
      if (!existsSync(path)) throw notFound('archive file', fileName);
      const result = await deps.archive.importArchive(path);
      if (result.runsAdded + result.experimentsAdded > 0) deps.emit('runs/changed', { reason: 'imported' });
      return result;
    },

    'archive/list': async () => ({ files: listArchives(dir) }),
  };
}

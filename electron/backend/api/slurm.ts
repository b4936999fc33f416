import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { writeJobFolder } from '../slurm/job-folder';
import type { ApiDeps, Handlers } from './handler-deps';

type SlurmHandlers = Pick<Handlers, 'slurm/write'>;

const slug = (name: string) =>
  name
    .replace(/[^A-Za-z0-9_.-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40) || 'sweep';

export function slurmHandlers(deps: ApiDeps): SlurmHandlers {
  return {
    'slurm/write': async ({ spec, options }) => {
      const stamp = deps.now().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
      // a new folder under the data folder: the renderer never names a path on this machine
      const base = join(deps.info.dataDir, 'slurm-jobs', `${slug(spec.name)}-${stamp}`);
      let folder = base;
      for (let k = 2; existsSync(folder); k++) folder = `${base}-${k}`;
      // the folder is copied to a cluster: the nodes start spherelab from their PATH
      const job = writeJobFolder({ spec, options, folder, commands: { spherelab: ['spherelab'] } });
      return {
        folder: job.folder,
        shardScript: job.shardScript,
        mergeScript: job.mergeScript,
        submitCommand: 'spherelab slurm submit .',
      };
    },
  };
}

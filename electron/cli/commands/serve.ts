import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBackend } from '../../backend/backend';
import { databasePath } from '../../backend/data-dir';
import { startServe } from '../../serve/server';
import { BUILD_HINT, rendererBuilt } from '../../serve/static-files';
import { forkSpawner } from '../../solver/spawner';
import { z } from 'zod';
import { EXIT_OK } from '../command';
import { DB_FLAG } from '../database';
import { defineCommand } from '../parser';

const RENDERER_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../dist/renderer');

export const serveCommand = defineCommand({
  description: `Serves the SphereLab workbench to a browser on this machine: the app and its API on
http://127.0.0.1:P/TOKEN/ (127.0.0.1 only). TOKEN is random for each start; the printed URL carries
it, and every request without it, or from another site (Origin) or host name (Host), is refused.`,
  flags: {
    port: { value: 'P', help: 'TCP port; 0: a free port', schema: z.int().min(0).max(65535), default: '0' },
    ...DB_FLAG,
    parallel: {
      value: 'K',
      help: "solver processes at once, by default the machine's cores",
      schema: z.int().min(1).max(256),
    },
  },
  epilog: `Archives: export writes into and import reads from the archives folder beside the database
(DBFOLDER/archives); the browser downloads and uploads them through the host, by file name only.

Needs the built renderer (dist/renderer): ${BUILD_HINT}. Without it the host still starts and the
page says how to build it. Ctrl-C stops the host; running runs end interrupted and resume later.`,
  async main({ flags }, context) {
    const { port, parallel } = flags;
    const dbPath = databasePath(flags.db);
    const backend = await createBackend({ dbPath, spawner: forkSpawner(), parallel, host: 'serve' });
    const host = await startServe({
      dispatch: backend.dispatch,
      onEvent: backend.onEvent,
      rendererDir: RENDERER_DIR,
      archivesDir: backend.archivesDir,
      port,
      log: (message) => context.stderr.write(`spherelab serve: ${message}\n`),
    });
    context.stdout.write(`SphereLab is serving ${dbPath}\nOpen ${host.url}\n`);
    if (!rendererBuilt(RENDERER_DIR)) {
      context.stderr.write(
        `spherelab serve: the renderer is not built (${RENDERER_DIR}); run: ${BUILD_HINT}\n`,
      );
    }
    // Ctrl-C or SIGTERM (a test harness, a service manager) stop the host the same clean way.
    await new Promise<void>((done) => {
      const stop = context.onInterrupt(() => {
        stop();
        process.off('SIGTERM', onTerm);
        done();
      });
      const onTerm = () => {
        stop();
        done();
      };
      process.once('SIGTERM', onTerm);
    });
    context.stderr.write('spherelab serve: stopping\n');
    await host.close();
    await backend.close();
    return EXIT_OK;
  },
});

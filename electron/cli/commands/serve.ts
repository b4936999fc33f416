import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBackend } from '../../backend/backend';
import { databasePath } from '../../backend/data-dir';
import { startServe } from '../../serve/server';
import { BUILD_HINT, rendererBuilt } from '../../serve/static-files';
import { forkSpawner } from '../../solver/spawner';
import { EXIT_OK, UsageError, type Command } from '../command';
import { numberValue, parseFlags } from '../flags';

const HELP = `Usage: spherelab serve [--port P] [--db FILE] [--parallel K]

Serves the SphereLab workbench to a browser on this machine: the app and its API on
http://127.0.0.1:P/TOKEN/ (127.0.0.1 only). TOKEN is random for each start; the printed URL carries
it, and every request without it, or from another site (Origin) or host name (Host), is refused.

  --port P        TCP port, 0 to 65535 (default 0: a free port)
  --db FILE       the database (default: $SPHERELAB_DB, else spherelab.db in the user data folder)
  --parallel K    solver processes at once, 1 to 256 (default: the machine's cores)

Archives: export writes into and import reads from the archives folder beside the database
(DBFOLDER/archives); the browser downloads and uploads them through the host, by file name only.

Needs the built renderer (dist/renderer): ${BUILD_HINT}. Without it the host still starts and the
page says how to build it. Ctrl-C stops the host; running runs end interrupted and resume later.
`;

const FLAGS = {
  port: { type: 'string', allowed: 'an integer from 0 to 65535' },
  db: { type: 'string', allowed: 'a database file path' },
  parallel: { type: 'string', allowed: 'an integer from 1 to 256' },
} as const;

function intFlag(
  flag: keyof typeof FLAGS,
  raw: string | boolean | undefined,
  min: number,
  max: number,
): number | undefined {
  if (typeof raw !== 'string') return undefined;
  const value = numberValue(flag, raw, FLAGS[flag].allowed);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new UsageError(`--${flag} ${raw}: allowed: ${FLAGS[flag].allowed}`);
  }
  return value;
}

const RENDERER_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../dist/renderer');

export const serveCommand: Command = {
  help: HELP,
  async main(args, context) {
    const flags = parseFlags(args, FLAGS);
    const port = intFlag('port', flags.port, 0, 65535);
    const parallel = intFlag('parallel', flags.parallel, 1, 256);
    const dbPath = databasePath(typeof flags.db === 'string' ? flags.db : undefined);
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
};

// Electron main entry (bundled to dist/electron/main/main.mjs): the real Electron API into the shell.
import * as electron from 'electron';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBackend } from '../backend/backend';
import { dataDir, databasePath } from '../backend/data-dir';
import { startProcessLog } from '../backend/log/logger';
import { startDesktop } from './desktop-app';

const versions = {
  Electron: process.versions.electron ?? '',
  Chromium: process.versions.chrome ?? '',
  Node: process.versions.node,
  V8: process.versions.v8,
};

// logs/spherelab.log beside the database, the file the CLI and `serve` log to as well
const log = startProcessLog('desktop');

startDesktop({
  electron,
  distDir: dirname(fileURLToPath(import.meta.url)),
  dataDir: dataDir(),
  // $SPHERELAB_DB, else spherelab.db in the data folder: the same database the CLI opens
  dbPath: databasePath(),
  createBackend,
  versions,
  logger: log.logger,
}).catch((error: unknown) => {
  log.logger.fatal({ err: error }, 'SphereLab could not start');
  electron.dialog.showErrorBox('SphereLab could not start', error instanceof Error ? error.message : String(error));
  electron.app.exit(1);
});

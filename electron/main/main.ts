// Electron main entry (bundled to dist/electron/main/main.mjs): the real Electron API into the shell.
import * as electron from 'electron';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBackend } from '../backend/backend';
import { dataDir, databasePath } from '../backend/data-dir';
import { startDesktop } from './desktop-app';

const versions = {
  Electron: process.versions.electron ?? '',
  Chromium: process.versions.chrome ?? '',
  Node: process.versions.node,
  V8: process.versions.v8,
};

startDesktop({
  electron,
  distDir: dirname(fileURLToPath(import.meta.url)),
  dataDir: dataDir(),
  // $SPHERELAB_DB, else spherelab.db in the data folder: the same database the CLI opens
  dbPath: databasePath(),
  createBackend,
  versions,
}).catch((error: unknown) => {
  electron.dialog.showErrorBox('SphereLab could not start', error instanceof Error ? error.message : String(error));
  electron.app.exit(1);
});

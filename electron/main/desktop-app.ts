import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Out } from '../../core/contract';
import type { Backend, BackendOptions } from '../backend/backend';
import { lineSink, type Logger } from '../backend/log/logger';
import { buildMenuTemplate } from './app-menu';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, appProtocolHandler } from './app-protocol';
import { addArchiveWithDialog, saveArchiveWithDialog } from './archive-dialogs';
import type { BrowserWindow, ElectronMain } from './electron-api';
import { bindIpc, forwardEvent } from './ipc-bindings';
import { createMainWindow } from './secure-window';
import { utilitySpawner } from './utility-spawner';
import { loadWindowState, saveWindowState } from './window-state';

/**
 * The desktop shell: one window over the same backend the browser host uses, solvers in utility
 * processes, data in the user's folder. Everything Electron is passed in, so tests drive it with a
 * fake of Electron's API.
 */
export interface DesktopOptions {
  electron: ElectronMain;
  /** dist/electron/main: preload.cjs and solver.mjs; the renderer is dist/renderer/index.html */
  distDir: string;
  /**
   * The per-user data folder the CLI uses too (electron/backend/data-dir.ts), made Electron's
   * userData, so the desktop app and a CLI sweep share one database.
   */
  dataDir: string;
  dbPath: string;
  /** electron/backend/backend.ts createBackend; a parameter so tests can wrap it */
  createBackend(options: BackendOptions): Promise<Backend>;
  versions: Record<string, string>;
  /** the desktop app's logger (electron/backend/log), writing DATADIR/logs/spherelab.log */
  logger: Logger;
}

export interface DesktopApp {
  window(): BrowserWindow | null;
  backend: Backend;
}

export const WINDOW_STATE_FILE = 'window-state.json';

export async function startDesktop(options: DesktopOptions): Promise<DesktopApp | null> {
  const { electron, distDir } = options;
  const { app } = electron;
  // Before the app is ready, or Chromium will not treat the scheme as standard and secure.
  electron.protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return null;
  }
  const { dataDir, dbPath } = options;
  mkdirSync(dataDir, { recursive: true });
  app.setPath('userData', dataDir);
  await app.whenReady();
  const backend = await options.createBackend({
    dataDir,
    dbPath,
    spawner: utilitySpawner(electron, join(distDir, 'solver.mjs')),
    host: 'electron',
    log: lineSink(options.logger, 'error'),
  });

  electron.protocol.handle(APP_SCHEME, appProtocolHandler(join(distDir, '..', '..', 'renderer')));
  // A packaged app is a user's: DevTools (a console into the renderer) only in a development build.
  const devTools = !app.isPackaged;
  const stateFile = join(dataDir, WINDOW_STATE_FILE);
  const workAreas = electron.screen.getAllDisplays().map((display) => display.workArea);
  let win: BrowserWindow | null = createMainWindow(electron, {
    preloadPath: join(distDir, 'preload.cjs'),
    devTools,
    ...loadWindowState(stateFile, workAreas),
  });
  const current = () => (win && !win.isDestroyed() ? win : null);
  win.on('close', () => {
    if (win) saveWindowState(stateFile, win);
  });
  win.on('closed', () => {
    win = null;
  });

  bindIpc(electron.ipcMain, {
    dispatch: backend.dispatch,
    saveArchive: (fileName) => saveArchiveWithDialog(electron.dialog, current()!, backend.archivesDir, fileName),
    addArchive: () => addArchiveWithDialog(electron.dialog, current()!, backend.archivesDir),
  });
  backend.onEvent((event, payload) => forwardEvent(current(), event, payload));
  const menuActions = archiveMenuActions(electron, backend, current);
  electron.Menu.setApplicationMenu(
    electron.Menu.buildFromTemplate(
      buildMenuTemplate(electron, { window: current, versions: options.versions, devTools, ...menuActions }),
    ),
  );

  app.on('second-instance', () => {
    const w = current();
    if (!w) return;
    if (w.isMinimized()) w.restore();
    w.focus();
  });
  // A lab workbench with one window: closing it quits, on macOS too.
  app.on('window-all-closed', () => app.quit());
  let shutdown: Promise<void> | null = null;
  let closed = false;
  app.on('before-quit', (event) => {
    if (closed) return;
    // Hold the quit until solvers have checkpointed and the database is closed cleanly.
    event.preventDefault();
    shutdown ??= backend.close().finally(() => {
      closed = true;
      app.quit();
    });
  });
  return { window: current, backend };
}

/** File > Import and File > Export: dialogs, then the same contract requests the renderer makes. */
function archiveMenuActions(
  electron: ElectronMain,
  backend: Backend,
  current: () => BrowserWindow | null,
) {
  const report = (message: string, detail: string, type: 'info' | 'error') => {
    const w = current();
    if (w) void electron.dialog.showMessageBox(w, { type, message, detail });
  };
  return {
    async importArchive() {
      const w = current();
      if (!w) return;
      const fileName = await addArchiveWithDialog(electron.dialog, w, backend.archivesDir);
      if (!fileName) return;
      const reply = await backend.dispatch('archive/import', { fileName });
      if (!reply.ok) return report('Import failed', reply.error.message, 'error');
      const r = reply.result as Out<'archive/import'>;
      report('Archive imported', `${r.runsAdded} runs added (${r.runsSkipped} already here), ${r.experimentsAdded} experiments added`, 'info');
    },
    async exportArchive() {
      const w = current();
      if (!w) return;
      const reply = await backend.dispatch('archive/export', {});
      if (!reply.ok) return report('Export failed', reply.error.message, 'error');
      await saveArchiveWithDialog(electron.dialog, w, backend.archivesDir, (reply.result as Out<'archive/export'>).fileName);
    },
  };
}

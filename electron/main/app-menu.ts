import type { BrowserWindow, ElectronMain } from './electron-api';

/**
 * The application menu: File (new experiment, import, export), View, Help (about with versions).
 * Import and export go through the same contract requests as the renderer's buttons.
 */
export interface MenuActions {
  window(): BrowserWindow | null;
  versions: Record<string, string>;
  /** a development build: View offers DevTools */
  devTools: boolean;
  importArchive(): Promise<void>;
  exportArchive(): Promise<void>;
}

export function buildMenuTemplate(electron: Pick<ElectronMain, 'dialog' | 'app'>, actions: MenuActions) {
  // The renderer uses hash routing: changing the hash is an in-app route change, not a navigation.
  const navigate = (route: string) =>
    void actions.window()?.webContents.executeJavaScript(`location.hash = ${JSON.stringify(`#${route}`)}`);
  const isMac = process.platform === 'darwin';
  return [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'New Experiment', accelerator: 'CmdOrCtrl+N', click: () => navigate('/design') },
        { label: 'Import Archive…', accelerator: 'CmdOrCtrl+O', click: () => void actions.importArchive() },
        { label: 'Export Archive…', accelerator: 'CmdOrCtrl+E', click: () => void actions.exportArchive() },
        { type: 'separator' as const },
        isMac ? { role: 'close' as const } : { role: 'quit' as const },
      ],
    },
    { role: 'editMenu' as const },
    {
      label: 'View',
      submenu: [
        { label: 'Design', accelerator: 'CmdOrCtrl+1', click: () => navigate('/design') },
        { label: 'Queue', accelerator: 'CmdOrCtrl+2', click: () => navigate('/queue') },
        { label: 'History', accelerator: 'CmdOrCtrl+3', click: () => navigate('/history') },
        { type: 'separator' as const },
        { role: 'reload' as const },
        ...(actions.devTools ? [{ role: 'toggleDevTools' as const }] : []),
        { type: 'separator' as const },
        { role: 'resetZoom' as const },
        { role: 'zoomIn' as const },
        { role: 'zoomOut' as const },
        { role: 'togglefullscreen' as const },
      ],
    },
    {
      label: 'Help',
      submenu: [
        {
          label: 'About SphereLab',
          click: () => {
            const win = actions.window();
            const detail = Object.entries(actions.versions)
              .map(([k, v]) => `${k} ${v}`)
              .join('\n');
            const options = { type: 'info' as const, title: 'About SphereLab', message: `SphereLab ${electron.app.getVersion()}`, detail };
            void (win ? electron.dialog.showMessageBox(win, options) : electron.dialog.showMessageBox(options));
          },
        },
      ],
    },
  ];
}

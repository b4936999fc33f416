import { APP_ENTRY, isAppPage } from './app-protocol';
import type { BrowserWindow, ElectronMain, Rectangle, WebPreferences } from './electron-api';

/**
 * The one window, locked down the way careful Electron apps are: isolated, sandboxed, no Node in the
 * renderer, no navigation away from the app, no new windows, no permissions, DevTools only in a
 * development build, a strict CSP on every response (set by the spherelab:// handler,
 * app-protocol.ts). The renderer is loaded from the built files only.
 */
export function secureWebPreferences(preloadPath: string, devTools: boolean): WebPreferences {
  return {
    preload: preloadPath,
    devTools,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
    navigateOnDragDrop: false,
  };
}

export interface MainWindowOptions {
  preloadPath: string;
  /** a development build (not packaged): DevTools allowed */
  devTools: boolean;
  bounds: Partial<Rectangle>;
  maximized: boolean;
}

export function createMainWindow(electron: ElectronMain, options: MainWindowOptions): BrowserWindow {
  const win = new electron.BrowserWindow({
    ...options.bounds,
    minWidth: 1024,
    minHeight: 700,
    show: false,
    title: 'SphereLab',
    backgroundColor: '#101418',
    webPreferences: secureWebPreferences(options.preloadPath, options.devTools),
  });
  if (options.maximized) win.maximize();
  const contents = win.webContents;
  // Hash routing keeps every in-app URL on index.html; anything else is a navigation away.
  contents.on('will-navigate', (event, url) => {
    if (!isAppPage(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  // Requests (camera, notifications, ...) and the synchronous checks (clipboard, fullscreen, ...):
  // the app needs none.
  contents.session.setPermissionRequestHandler((_wc, _permission, grant) => grant(false));
  contents.session.setPermissionCheckHandler(() => false);
  win.once('ready-to-show', () => win.show());
  void win.loadURL(APP_ENTRY);
  return win;
}

import type { BrowserWindow, ElectronMain, Rectangle, WebPreferences } from './electron-api';

/**
 * The one window, locked down the way careful Electron apps are: isolated, sandboxed, no Node in the
 * renderer, no navigation away from the app, no new windows, no permissions, a strict CSP on every
 * response. The renderer is loaded from local files only.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  // ECharts and Vue set inline style attributes; no inline scripts are allowed.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
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
  /** absolute path of the built renderer's index.html */
  indexHtml: string;
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
    webPreferences: secureWebPreferences(options.preloadPath),
  });
  if (options.maximized) win.maximize();
  const contents = win.webContents;
  const appUrl = new URL(`file://${options.indexHtml}`).href;
  // Hash routing keeps every in-app URL on index.html; anything else is a navigation away.
  contents.on('will-navigate', (event, url) => {
    if (!url.startsWith(appUrl)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.session.setPermissionRequestHandler((_wc, _permission, grant) => grant(false));
  contents.session.webRequest.onHeadersReceived((details, respond) =>
    respond({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    }),
  );
  win.once('ready-to-show', () => win.show());
  void win.loadFile(options.indexHtml);
  return win;
}

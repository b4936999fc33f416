import { fork, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { SOLVER_ENTRY, tsxExecArgv } from '../../electron/solver/spawner';
import type { ElectronMain, ElectronPreload } from '../../electron/main/electron-api';

/**
 * A fake of the parts of Electron's API the shell uses, recording every call. Never the real module:
 * requiring 'electron' downloads its binary, which fails offline. Utility processes are real Node
 * children running the TypeScript solver entry, so runs really solve.
 */

export class FakeWebContents extends EventEmitter {
  sent: { channel: string; payload: unknown }[] = [];
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  permissionHandler: ((wc: unknown, permission: string, grant: (ok: boolean) => void) => void) | null = null;
  permissionCheckHandler: ((wc: unknown, permission: string) => boolean) | null = null;
  executed: string[] = [];
  session = {
    setPermissionRequestHandler: (h: FakeWebContents['permissionHandler']) => (this.permissionHandler = h),
    setPermissionCheckHandler: (h: FakeWebContents['permissionCheckHandler']) => (this.permissionCheckHandler = h),
  };
  setWindowOpenHandler(handler: FakeWebContents['windowOpenHandler']) {
    this.windowOpenHandler = handler;
  }
  send(channel: string, payload: unknown) {
    this.sent.push({ channel, payload });
  }
  async executeJavaScript(code: string) {
    this.executed.push(code);
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static created: FakeBrowserWindow[] = [];
  webContents = new FakeWebContents();
  loaded: string | null = null;
  destroyed = false;
  maximized = false;
  constructor(public options: Record<string, unknown> & { webPreferences: Record<string, unknown> }) {
    super();
    FakeBrowserWindow.created.push(this);
  }
  loadURL(url: string) {
    this.loaded = url;
    return Promise.resolve();
  }
  maximize() {
    this.maximized = true;
  }
  isMaximized() {
    return this.maximized;
  }
  getNormalBounds() {
    const o = this.options as unknown as { x?: number; y?: number; width: number; height: number };
    return { x: o.x ?? 10, y: o.y ?? 20, width: o.width, height: o.height };
  }
  show() {}
  focus() {}
  restore() {}
  isMinimized() {
    return false;
  }
  isDestroyed() {
    return this.destroyed;
  }
}

export class FakeApp extends EventEmitter {
  quitCalls = 0;
  exitCode: number | null = null;
  ready = false;
  constructor(
    public userData: string,
    public lock = true,
    /** like Electron's app.isPackaged: false when started from the sources (development) */
    public isPackaged = true,
  ) {
    super();
  }
  requestSingleInstanceLock() {
    return this.lock;
  }
  whenReady() {
    this.ready = true;
    return Promise.resolve();
  }
  getPath(name: string) {
    if (name !== 'userData') throw new Error(`unexpected getPath(${name})`);
    return this.userData;
  }
  setPath(name: string, path: string) {
    if (name !== 'userData') throw new Error(`unexpected setPath(${name})`);
    this.userData = path;
  }
  getVersion() {
    return '0.0.0-test';
  }
  /** like Electron: quit emits before-quit, and quits only if no listener prevented it */
  quit() {
    this.quitCalls++;
    let prevented = false;
    this.emit('before-quit', { preventDefault: () => (prevented = true) });
    if (!prevented) this.emit('quit');
  }
  exit(code: number) {
    this.exitCode = code;
  }
}

export interface FakeUtilityFork {
  entry: string;
  options: Record<string, unknown>;
  child: ChildProcess;
}

export function fakeElectron(userData: string, options: { lock?: boolean; packaged?: boolean } = {}) {
  const handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
  const forks: FakeUtilityFork[] = [];
  const app = new FakeApp(userData, options.lock ?? true, options.packaged ?? true);
  const applicationMenu = { current: null as unknown };
  const protocols = {
    privileged: [] as { scheme: string; privileges: Record<string, boolean> }[],
    handlers: new Map<string, (request: Request) => Promise<Response>>(),
  };
  const dialogAnswers = { savePath: null as string | null, openPath: null as string | null };
  const fake = {
    app,
    BrowserWindow: FakeBrowserWindow,
    ipcMain: {
      handle: (channel: string, handler: (event: unknown, ...args: unknown[]) => unknown) => {
        if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
        handlers.set(channel, handler);
      },
      removeHandler: (channel: string) => handlers.delete(channel),
    },
    dialog: {
      showSaveDialog: async () => ({ canceled: !dialogAnswers.savePath, filePath: dialogAnswers.savePath ?? undefined }),
      showOpenDialog: async () => ({ canceled: !dialogAnswers.openPath, filePaths: dialogAnswers.openPath ? [dialogAnswers.openPath] : [] }),
      showMessageBox: async () => ({ response: 0 }),
      showErrorBox: () => undefined,
    },
    Menu: { setApplicationMenu: (menu: unknown) => void (applicationMenu.current = menu), buildFromTemplate: (template: unknown) => template },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    utilityProcess: {
      fork(entry: string, _args: string[], forkOptions: Record<string, unknown>) {
        // The built entry does not exist in tests: run the TypeScript solver in a real child instead.
        const child = fork(SOLVER_ENTRY, [], { serialization: 'advanced', execArgv: tsxExecArgv(), stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
        forks.push({ entry, options: forkOptions, child });
        const port = new EventEmitter() as EventEmitter & { pid?: number; postMessage(m: unknown): void; kill(): boolean };
        port.pid = child.pid;
        port.postMessage = (m) => child.connected && child.send(m as never);
        port.kill = () => child.kill('SIGKILL');
        child.on('message', (m) => port.emit('message', m));
        child.once('close', (code) => port.emit('exit', code ?? 1));
        return port;
      },
    },
    // Like Electron: privileged schemes only before the app is ready, handlers only after.
    protocol: {
      registerSchemesAsPrivileged(list: (typeof protocols.privileged)[number][]) {
        if (app.ready) throw new Error('registerSchemesAsPrivileged must be called before the app is ready');
        protocols.privileged.push(...list);
      },
      handle(scheme: string, handler: (request: Request) => Promise<Response>) {
        if (!app.ready) throw new Error('protocol.handle before the app is ready');
        protocols.handlers.set(scheme, handler);
      },
    },
    session: {},
    shell: {},
  };
  return { electron: fake as unknown as ElectronMain, app, handlers, forks, dialogAnswers, protocols, applicationMenu };
}

/** A fake of the preload's Electron API, recording what is exposed and invoked. */
export function fakePreload() {
  const exposed = new Map<string, unknown>();
  const invoked: { channel: string; args: unknown[] }[] = [];
  const listeners = new EventEmitter();
  const api = {
    contextBridge: { exposeInMainWorld: (key: string, value: unknown) => exposed.set(key, value) },
    ipcRenderer: {
      invoke: async (channel: string, ...args: unknown[]) => {
        invoked.push({ channel, args });
        return { ok: true, result: { channel } };
      },
      on: (channel: string, l: (...a: unknown[]) => void) => listeners.on(channel, l),
      removeListener: (channel: string, l: (...a: unknown[]) => void) => listeners.removeListener(channel, l),
    },
  };
  return { preload: api as unknown as ElectronPreload, exposed, invoked, listeners };
}

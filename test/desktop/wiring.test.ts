import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EVENT_NAMES, REQUEST_NAMES, type Out, type Reply } from '../../core/contract';
import { createBackend, type Backend } from '../../electron/backend/backend';
import { ADD_ARCHIVE_CHANNEL, SAVE_ARCHIVE_CHANNEL, requestChannel } from '../../electron/main/channels';
import { WINDOW_STATE_FILE, startDesktop, type DesktopApp } from '../../electron/main/desktop-app';
import { BRIDGE_KEY, exposeHostBridge } from '../../electron/main/preload-bridge';
import { APP_ENTRY, APP_SCHEME, CONTENT_SECURITY_POLICY } from '../../electron/main/app-protocol';
import { processLogger } from '../../electron/backend/log/process-logger';
import { FakeBrowserWindow, fakeElectron, fakePreload } from './fake-electron';

const DIST = '/opt/SphereLab/resources/app/dist/electron/main';
const APP_URL = 'spherelab://app/index.html';

let dir: string;
let closed: string[];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'spherelab-desktop-'));
  closed = [];
  FakeBrowserWindow.created = [];
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const DB_FILE = 'spherelab.db';

async function start(fake = fakeElectron(join(dir, 'electron-default'))) {
  const logger = processLogger();
  let backend: Backend | null = null;
  const desktop = await startDesktop({
    electron: fake.electron,
    distDir: DIST,
    dataDir: dir,
    dbPath: join(dir, DB_FILE),
    versions: { Electron: 'test' },
    logger,
    async createBackend(options) {
      backend = await createBackend({ ...options, parallel: 1 });
      const close = backend.close.bind(backend);
      return Object.assign(backend, { close: async () => (await close(), void closed.push(options.dbPath)) });
    },
  });
  return { ...fake, desktop: desktop as DesktopApp, backend: backend! };
}

const fromApp = { senderFrame: { url: `${APP_URL}#/design` } };
const invoke = (handlers: Map<string, (e: unknown, ...a: unknown[]) => unknown>, channel: string, payload?: unknown) =>
  handlers.get(channel)!(fromApp, payload) as Promise<Reply>;

async function quit(app: { quit(): void; once(e: string, l: () => void): unknown }) {
  const done = new Promise<void>((resolve) => app.once('quit', () => resolve()));
  app.quit();
  await done;
}

describe('the Electron shell, driven through a fake of Electron', () => {
  it('binds every contract request and the two archive dialogs, and nothing else', async () => {
    const { handlers, app } = await start();
    expect(app.userData).toBe(dir);
    const expected = [...REQUEST_NAMES.map(requestChannel), SAVE_ARCHIVE_CHANNEL, ADD_ARCHIVE_CHANNEL].sort();
    expect([...handlers.keys()].sort()).toEqual(expected);
    const info = await invoke(handlers, requestChannel('app/info'), {});
    expect(info).toMatchObject({ ok: true, result: { host: 'electron', dbPath: join(dir, DB_FILE), dataDir: dir } });
    await quit(app);
  });

  it('validates payloads and refuses requests from frames that are not the app', async () => {
    const { handlers, app } = await start();
    const bad = await invoke(handlers, requestChannel('runs/get'), { id: 42 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'validation' } });
    // Exact scheme, host and path: the old file:// page, prefixes and look-alikes are all foreign.
    const foreign = [
      'https://example.org/',
      'file:///opt/SphereLab/resources/app/dist/renderer/index.html',
      'spherelab://app/index.html.evil',
      `${APP_URL}/../other.html`,
      'spherelab://app/other.html',
      'spherelab://app.evil/index.html',
      'spherelab://user@app/index.html',
      'spherelab://app:8080/index.html',
      'spherelab://app/index.html?x=1',
      'not a url',
    ];
    for (const url of foreign) {
      const reply = await handlers.get(requestChannel('app/info'))!({ senderFrame: { url } }, {});
      expect(reply, url).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      expect(await handlers.get(ADD_ARCHIVE_CHANNEL)!({ senderFrame: { url } })).toBeNull();
    }
    expect(await handlers.get(requestChannel('app/info'))!({ senderFrame: null }, {})).toMatchObject({ ok: false });
    await quit(app);
  });

  it('opens one window with the secure webPreferences, a strict CSP and no way out', async () => {
    const { app, protocols, applicationMenu } = await start();
    expect(FakeBrowserWindow.created).toHaveLength(1);
    const win = FakeBrowserWindow.created[0]!;
    expect(win.options.webPreferences).toMatchObject({
      preload: join(DIST, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      devTools: false,
    });
    expect(JSON.stringify(applicationMenu.current)).not.toContain('toggleDevTools');
    expect(win.loaded).toBe(APP_ENTRY);
    expect(protocols.privileged).toEqual([
      { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } },
    ]);
    expect([...protocols.handlers.keys()]).toEqual([APP_SCHEME]);
    const contents = win.webContents;
    expect(contents.windowOpenHandler!({ url: 'https://example.org' })).toEqual({ action: 'deny' });
    let prevented = 0;
    const navigate = (url: string) => contents.emit('will-navigate', { preventDefault: () => prevented++ }, url);
    navigate(`${APP_URL}#/history`);
    expect(prevented).toBe(0);
    navigate('https://example.org/');
    navigate('file:///etc/passwd');
    navigate('file:///opt/SphereLab/resources/app/dist/renderer/index.html');
    navigate('spherelab://app/index.html.evil');
    expect(prevented).toBe(4);
    let granted: boolean | null = null;
    contents.permissionHandler!(null, 'media', (ok) => (granted = ok));
    expect(granted).toBe(false);
    for (const permission of ['clipboard-read', 'media', 'notifications', 'fullscreen'])
      expect(contents.permissionCheckHandler!(null, permission)).toBe(false);
    // the page itself comes from the protocol handler, with the CSP as a response header
    const page = await protocols.handlers.get(APP_SCHEME)!(new Request(`${APP_URL}#/history`));
    expect(page.status).toBe(404); // no built renderer under the fake install folder
    expect(page.headers.get('Content-Security-Policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|https?:/);
    await quit(app);
  });

  it('offers DevTools only in a development build', async () => {
    const { app, applicationMenu } = await start(fakeElectron(join(dir, 'dev'), { packaged: false }));
    expect(FakeBrowserWindow.created[0]!.options.webPreferences.devTools).toBe(true);
    expect(JSON.stringify(applicationMenu.current)).toContain('toggleDevTools');
    await quit(app);
  });

  it('runs a tiny experiment in utility processes forked with the built solver entry', async () => {
    const { handlers, app, forks, desktop } = await start();
    const spec = { name: 'tiny', energy: 'ce', n: 4, d: 3, seeds: [1, 2] };
    const created = await invoke(handlers, requestChannel('experiments/create'), { spec });
    expect(created.ok).toBe(true);
    const win = FakeBrowserWindow.created[0]!;
    const finished = () => win.webContents.sent.filter((m) => m.channel === 'event:run/finished');
    for (let i = 0; i < 600 && finished().length < 2; i++) await new Promise((r) => setTimeout(r, 50));
    expect(finished().map((m) => (m.payload as { status: string }).status)).toEqual(['completed', 'completed']);
    expect(forks.length).toBeGreaterThan(0);
    for (const f of forks) expect(f.entry).toBe(join(DIST, 'solver.mjs'));
    const runs = (await invoke(handlers, requestChannel('runs/list'), {})) as Reply<Out<'runs/list'>>;
    expect(runs.ok && runs.result.rows.map((r) => r.finalEnergy?.toFixed(10))).toEqual(['2.3306306122', '2.3306306122']);
    expect(desktop.window()).not.toBeNull();
    await quit(app);
  });

  it('holds the quit until the database is closed cleanly, then quits', async () => {
    const { app } = await start();
    await quit(app);
    expect(closed).toEqual([join(dir, DB_FILE)]);
    // SQLite removes the write-ahead log when the last connection closes cleanly.
    expect(existsSync(join(dir, `${DB_FILE}-wal`))).toBe(false);
    expect(app.quitCalls).toBe(2);
  });

  it('remembers the window size and position', async () => {
    const first = await start();
    const win = FakeBrowserWindow.created[0]!;
    win.options.x = 100;
    win.options.y = 50;
    win.options.width = 1300;
    win.emit('close');
    expect(JSON.parse(readFileSync(join(dir, WINDOW_STATE_FILE), 'utf8'))).toMatchObject({ x: 100, y: 50, width: 1300 });
    await quit(first.app);
    FakeBrowserWindow.created = [];
    await start();
    expect(FakeBrowserWindow.created[0]!.options).toMatchObject({ x: 100, y: 50, width: 1300 });
  });

  it('gives way to the running instance when the single-instance lock is taken', async () => {
    const fake = fakeElectron(dir, { lock: false });
    const desktop = await startDesktop({
      electron: fake.electron,
      distDir: DIST,
      dataDir: dir,
      dbPath: join(dir, DB_FILE),
      versions: {},
      createBackend,
      logger: processLogger(),
    });
    expect(desktop).toBeNull();
    expect(fake.app.quitCalls).toBe(1);
    expect(FakeBrowserWindow.created).toHaveLength(0);
  });
});

describe('the preload', () => {
  it('exposes the contract bridge under one key and nothing else', async () => {
    const { preload, exposed, invoked, listeners } = fakePreload();
    exposeHostBridge(preload);
    expect([...exposed.keys()]).toEqual([BRIDGE_KEY]);
    const bridge = exposed.get(BRIDGE_KEY) as Record<string, (...a: unknown[]) => unknown>;
    expect(Object.keys(bridge).sort()).toEqual(['addArchive', 'on', 'request', 'saveArchive']);
    await bridge.request!('runs/list', { page: 1 });
    expect(invoked).toEqual([{ channel: 'api:runs/list', args: [{ page: 1 }] }]);
    await expect(bridge.request!('shell/openExternal', {})).rejects.toThrow(/unknown request/);
    expect(() => bridge.on!('ipc:anything', () => undefined)).toThrow(/unknown event/);
    const got: unknown[] = [];
    const off = bridge.on!(EVENT_NAMES[0], (p: unknown) => got.push(p)) as () => void;
    listeners.emit(`event:${EVENT_NAMES[0]}`, { sender: 'must not leak' }, { runId: 'x' });
    off();
    listeners.emit(`event:${EVENT_NAMES[0]}`, {}, { runId: 'y' });
    expect(got).toEqual([{ runId: 'x' }]);
  });
});

import {
  ApiRequestError,
  bindApi,
  type Api,
  type EventName,
  type EventPayload,
  type HostBridge,
  type In,
  type Out,
  type RequestName,
} from '../../core/contract';
import { createWsClient, type ConnectionState } from './ws-client';

/**
 * The one object through which the renderer reaches its host. Two implementations: Electron's
 * preload bridge (`window.spherelab`) and the WebSocket client of browser mode. Pinia stores use
 * `usePlatform()` and nothing else.
 */
export interface Platform {
  readonly kind: 'electron' | 'browser';
  readonly api: Api;
  request<K extends RequestName>(name: K, payload: In<K>): Promise<Out<K>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** called now and on every change of the connection (Electron is always 'open') */
  onConnection(listener: (state: ConnectionState) => void): () => void;
  /**
   * Hands an archive written by `archive/export` to the user: a download in the browser, a save
   * dialog in Electron. False when the user cancelled.
   */
  saveArchive(fileName: string): Promise<boolean>;
  /**
   * Puts an archive into the host's archives folder for `archive/import` and returns its name there,
   * or null when the user chose nothing. Browser: uploads `file`, or opens a file chooser when none is
   * given; Electron: an open dialog.
   */
  addArchive(file?: File): Promise<string | null>;
}

export type { ConnectionState };

/** The browser-mode token: the first path segment of the page (http://127.0.0.1:PORT/TOKEN/). */
export function tokenFromLocation(location: Pick<Location, 'pathname'>): string | null {
  const first = location.pathname.split('/').filter(Boolean)[0];
  return first && /^[A-Za-z0-9_-]{16,}$/.test(first) ? first : null;
}

export function electronPlatform(bridge: HostBridge): Platform {
  const request = async <K extends RequestName>(name: K, payload: In<K>): Promise<Out<K>> => {
    const reply = await bridge.request(name, payload);
    if (!reply.ok) throw new ApiRequestError(reply.error);
    return reply.result as Out<K>;
  };
  return {
    kind: 'electron',
    api: bindApi(request),
    request,
    on: (event, listener) => bridge.on(event, listener as (payload: unknown) => void),
    onConnection(listener) {
      listener('open');
      return () => undefined;
    },
    saveArchive: (fileName) => bridge.saveArchive(fileName),
    addArchive: () => bridge.addArchive(),
  };
}

/** Opens the system file chooser for a .spherelab file; null when the user cancels. */
function chooseFile(): Promise<File | null> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = '.spherelab';
    input.addEventListener('change', () => resolve(input.files?.[0] ?? null));
    input.addEventListener('cancel', () => resolve(null));
    input.click();
  });
}

async function hostError(response: Response, what: string): Promise<ApiRequestError> {
  const text = await response.text();
  return new ApiRequestError({
    code: response.status === 404 ? 'not-found' : 'internal',
    message: `${what}: ${text || response.statusText}`,
  });
}

export function browserPlatform(origin: string, token: string): Platform {
  const base = `${origin}/${token}`;
  const client = createWsClient({ url: `${base.replace(/^http/, 'ws')}/ws` });
  return {
    kind: 'browser',
    api: client.api,
    request: client.request,
    on: client.on,
    onConnection: client.onConnection,
    async saveArchive(fileName) {
      const url = `${base}/archives/${encodeURIComponent(fileName)}`;
      // Ask first so a missing file is an error the UI can show, not a broken download.
      const head = await fetch(url, { method: 'HEAD' });
      if (!head.ok) throw await hostError(head, `download of ${fileName}`);
      const link = document.createElement('a');
      link.href = url;
      link.download = fileName;
      link.click();
      return true;
    },
    async addArchive(file) {
      const chosen = file ?? (await chooseFile());
      if (!chosen) return null;
      const response = await fetch(`${base}/archives/${encodeURIComponent(chosen.name)}`, {
        method: 'PUT',
        body: chosen,
        headers: { 'content-type': 'application/octet-stream' },
      });
      if (!response.ok) throw await hostError(response, `upload of ${chosen.name}`);
      const { fileName } = (await response.json()) as { fileName: string };
      return fileName;
    },
  };
}

declare global {
  interface Window {
    /** set by Electron's preload */
    spherelab?: HostBridge;
  }
}

let current: Platform | null = null;

/** Electron's bridge when present, else browser mode with the token from the page URL. */
export function usePlatform(): Platform {
  if (current) return current;
  if (window.spherelab) current = electronPlatform(window.spherelab);
  else {
    const token = tokenFromLocation(window.location);
    if (!token)
      throw new Error('No host: open the URL that `spherelab serve` printed (it carries the access token).');
    current = browserPlatform(window.location.origin, token);
  }
  return current;
}

/** For renderer tests: use this platform (e.g. a fake) instead of choosing one. */
export function setPlatform(platform: Platform | null): void {
  current = platform;
}

import {
  ApiRequestError,
  HostFrame,
  bindApi,
  decodeFrame,
  encodeFrame,
  type Api,
  type ApiError,
  type EventName,
  type EventPayload,
  type In,
  type Out,
  type RequestFrame,
  type RequestName,
} from '../../core/contract';

/**
 * The WebSocket transport of the contract (browser mode and the contract tests). Requests wait for
 * the connection while it is being (re)established; each rejects with an ApiRequestError: the host's
 * error reply, 'timeout' when no reply came in time, 'disconnected' when the connection dropped with
 * the request in flight (the host may or may not have done it). The client reconnects with backoff.
 */

/** What the client needs of a WebSocket: the browser's, or the `ws` package's in Node. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open' | 'close' | 'error', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}

export type ConnectionState = 'connecting' | 'open' | 'closed';

export interface WsClientOptions {
  url: string;
  /** opens a socket; default: the global WebSocket */
  connect?: (url: string) => WebSocketLike;
  /** per request; default 30 s, archive requests 10 min */
  timeoutMs?: number | ((name: RequestName) => number);
  /** first and longest pause between reconnection attempts (default 250 ms and 5 s) */
  reconnectMs?: { initial: number; max: number };
}

export interface WsClient {
  readonly api: Api;
  request<K extends RequestName>(name: K, payload: In<K>): Promise<Out<K>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** called now with the current state and on every change; returns the unsubscribe function */
  onConnection(listener: (state: ConnectionState) => void): () => void;
  /** closes for good: pending requests reject, no reconnection */
  close(): void;
}

const OPEN = 1;
const DEFAULT_TIMEOUT_MS = 30_000;
const ARCHIVE_TIMEOUT_MS = 600_000;

interface Pending {
  name: RequestName;
  resolve(result: unknown): void;
  reject(error: ApiRequestError): void;
  timer: ReturnType<typeof setTimeout>;
  frame: string;
  sent: boolean;
}

function defaultTimeout(name: RequestName): number {
  return name.startsWith('archive/') ? ARCHIVE_TIMEOUT_MS : DEFAULT_TIMEOUT_MS;
}

export function createWsClient(options: WsClientOptions): WsClient {
  const connect = options.connect ?? ((url: string) => new WebSocket(url) as WebSocketLike);
  const timeoutOf =
    typeof options.timeoutMs === 'number'
      ? () => options.timeoutMs as number
      : (options.timeoutMs ?? defaultTimeout);
  const backoff = options.reconnectMs ?? { initial: 250, max: 5000 };

  const pending = new Map<number, Pending>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const stateListeners = new Set<(state: ConnectionState) => void>();
  let nextId = 1;
  let socket: WebSocketLike | null = null;
  let state: ConnectionState = 'connecting';
  let closedForGood = false;
  let delay = backoff.initial;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;

  function setState(next: ConnectionState): void {
    if (next === state) return;
    state = next;
    for (const listener of stateListeners) listener(state);
  }

  function fail(id: number, error: ApiError): void {
    const entry = pending.get(id);
    if (!entry) return;
    pending.delete(id);
    clearTimeout(entry.timer);
    entry.reject(new ApiRequestError(error));
  }

  function flush(): void {
    if (!socket || socket.readyState !== OPEN) return;
    for (const entry of pending.values()) {
      if (entry.sent) continue;
      socket.send(entry.frame);
      entry.sent = true;
    }
  }

  function onMessage(data: unknown): void {
    let frame;
    try {
      frame = HostFrame.parse(decodeFrame(String(data)));
    } catch {
      return; // not a frame of this contract: nothing can be matched to it
    }
    if (frame.type === 'event') {
      for (const listener of listeners.get(frame.name) ?? []) listener(frame.payload);
      return;
    }
    const entry = pending.get(frame.id);
    if (!entry) return;
    if (frame.ok) {
      pending.delete(frame.id);
      clearTimeout(entry.timer);
      entry.resolve(frame.result);
    } else fail(frame.id, frame.error);
  }

  function open(): void {
    retryTimer = null;
    setState('connecting');
    const ws = connect(options.url);
    socket = ws;
    ws.addEventListener('open', () => {
      delay = backoff.initial;
      setState('open');
      flush();
    });
    ws.addEventListener('message', (event) => onMessage(event.data));
    ws.addEventListener('error', () => undefined); // 'close' follows and handles it
    ws.addEventListener('close', () => {
      if (socket !== ws) return;
      socket = null;
      for (const [id, entry] of pending) {
        if (entry.sent)
          fail(id, { code: 'disconnected', message: `lost the connection to the host during ${entry.name}` });
      }
      if (closedForGood) return setState('closed');
      setState('connecting');
      retryTimer = setTimeout(open, delay);
      delay = Math.min(delay * 2, backoff.max);
    });
  }

  function request<K extends RequestName>(name: K, payload: In<K>): Promise<Out<K>> {
    if (closedForGood) {
      return Promise.reject(new ApiRequestError({ code: 'disconnected', message: 'the client is closed' }));
    }
    const id = nextId++;
    const frame: RequestFrame = { type: 'request', id, name, payload };
    const ms = timeoutOf(name);
    return new Promise<Out<K>>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          fail(id, {
            code: 'timeout',
            message: `${name}: no reply from the host within ${Math.round(ms / 1000)} s`,
          }),
        ms,
      );
      pending.set(id, {
        name,
        resolve: resolve as (result: unknown) => void,
        reject,
        timer,
        frame: encodeFrame(frame),
        sent: false,
      });
      flush();
    });
  }

  open();

  return {
    api: bindApi(request),
    request,
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      const wrapped = listener as (payload: unknown) => void;
      set.add(wrapped);
      return () => set.delete(wrapped);
    },
    onConnection(listener) {
      stateListeners.add(listener);
      listener(state);
      return () => stateListeners.delete(listener);
    },
    close() {
      closedForGood = true;
      if (retryTimer) clearTimeout(retryTimer);
      for (const id of [...pending.keys()])
        fail(id, { code: 'disconnected', message: 'the client was closed' });
      socket?.close();
      setState('closed');
    },
  };
}

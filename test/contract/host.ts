import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import WebSocket from 'ws';
import {
  ApiRequestError,
  events,
  isEventName,
  requests,
  type EventName,
  type EventPayload,
  type In,
  type Out,
  type RequestName,
} from '../../core/contract';
import { createBackend, type Backend } from '../../electron/backend/backend';
import { lineSink, type Logger } from '../../electron/backend/log/logger';
import { startServe, type ServeHost } from '../../electron/serve/server';
import { forkSpawner } from '../../electron/solver/spawner';
import { createWsClient, type WebSocketLike, type WsClient } from '../../renderer/platform/ws-client';

/**
 * A real backend (temporary database, forked solver processes) behind a real `serve` host, and a
 * WebSocket client that checks every reply and every event against the contract's schemas.
 */
export interface TestHost {
  dir: string;
  backend: Backend;
  serve: ServeHost;
  client: WsClient;
  /** a request whose reply is parsed with the contract's output schema */
  call<K extends RequestName>(name: K, payload: In<K>): Promise<Out<K>>;
  /** every event received so far, each already parsed with its schema */
  received: { name: EventName; payload: unknown }[];
  /** resolves with the first event (received from now on) that `match` accepts */
  waitFor<E extends EventName>(
    name: E,
    match: (payload: EventPayload<E>) => boolean,
    timeoutMs?: number,
  ): Promise<EventPayload<E>>;
  close(): Promise<void>;
}

export const RENDERER_DIR = join(import.meta.dirname, '../../dist/renderer');

export function wsConnect(port: number, origin = `http://127.0.0.1:${port}`) {
  return (url: string) => new WebSocket(url, { origin }) as unknown as WebSocketLike;
}

export interface TestHostOptions {
  parallel?: number;
  /** reuse this folder (and its database) instead of a fresh temporary one */
  dir?: string;
  /** leave the folder behind on close, for a second host on the same database */
  keepDir?: boolean;
  rendererDir?: string;
  /** the host's logger (default: the process logger) */
  logger?: Logger;
}

export async function startTestHost(options: TestHostOptions = {}): Promise<TestHost> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'spherelab-contract-'));
  const backend = await createBackend({
    dbPath: join(dir, 'spherelab.db'),
    spawner: forkSpawner(),
    parallel: options.parallel ?? 2,
    host: 'serve',
    log: options.logger && lineSink(options.logger, 'error'),
  });
  const serve = await startServe({
    dispatch: backend.dispatch,
    onEvent: backend.onEvent,
    rendererDir: options.rendererDir ?? RENDERER_DIR,
    archivesDir: backend.archivesDir,
    logger: options.logger,
  });
  const client = createWsClient({
    url: `${serve.url.replace(/^http/, 'ws')}ws`,
    connect: wsConnect(serve.port),
  });
  const received: TestHost['received'] = [];
  const waiters = new Set<{ name: EventName; match: (p: never) => boolean; resolve: (p: never) => void }>();
  for (const name of Object.keys(events).filter(isEventName)) {
    client.on(name, (raw) => {
      const payload = events[name].parse(raw);
      received.push({ name, payload });
      for (const w of waiters) {
        if (w.name === name && w.match(payload as never)) {
          waiters.delete(w);
          w.resolve(payload as never);
        }
      }
    });
  }
  return {
    dir,
    backend,
    serve,
    client,
    received,
    call: async (name, payload) => requests[name].output.parse(await client.request(name, payload)) as never,
    waitFor(name, match, timeoutMs = 45_000) {
      return new Promise((resolve, reject) => {
        const waiter = {
          name,
          match: match as (p: never) => boolean,
          resolve: resolve as (p: never) => void,
        };
        waiters.add(waiter);
        setTimeout(() => {
          if (waiters.delete(waiter)) reject(new Error(`no ${name} event within ${timeoutMs} ms`));
        }, timeoutMs);
      });
    },
    async close() {
      client.close();
      await serve.close();
      await backend.close();
      if (!options.keepDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The ApiRequestError a request is refused with (the test fails when it is not refused). */
export async function failure(promise: Promise<unknown>): Promise<ApiRequestError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiRequestError);
  return error as ApiRequestError;
}

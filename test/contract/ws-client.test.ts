import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { ApiRequestError } from '../../core/contract';
import { createWsClient, type ConnectionState, type WebSocketLike } from '../../renderer/platform/ws-client';

/**
 * The client's own behaviour against a scripted socket server: replies matched by id, error replies
 * as ApiRequestError, timeouts, requests waiting for the connection, and reconnection.
 */
type Script = (frame: { id: number; name: string; payload: unknown }, socket: WebSocket) => void;

const servers: WebSocketServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    for (const client of server.clients) client.terminate();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function scriptedServer(script: Script, port = 0): Promise<{ server: WebSocketServer; url: string }> {
  const server = new WebSocketServer({ host: '127.0.0.1', port });
  servers.push(server);
  await new Promise((resolve) => server.once('listening', resolve));
  server.on('connection', (socket) =>
    socket.on('message', (data) => script(JSON.parse(String(data)), socket)),
  );
  return { server, url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const connect = (url: string) => new WebSocket(url) as unknown as WebSocketLike;

describe('WebSocket client', () => {
  it('matches replies to requests by id, whatever their order', async () => {
    const held: { id: number; socket: WebSocket }[] = [];
    const { url } = await scriptedServer((frame, socket) => {
      held.push({ id: frame.id, socket });
      // answer both once both arrived, the second first
      if (held.length === 2)
        for (const h of [...held].reverse())
          h.socket.send(
            JSON.stringify({ type: 'reply', id: h.id, ok: true, result: { runs: [], id: h.id } }),
          );
    });
    const client = createWsClient({ url, connect });
    const [a, b] = await Promise.all([
      client.request('runs/note', { id: 'a', note: '' }),
      client.request('runs/note', { id: 'b', note: '' }),
    ]);
    expect([a, b].map((r) => (r as unknown as { id: number }).id)).toEqual([1, 2]);
    client.close();
  });

  it('rejects with the host error, its code and its field issues', async () => {
    const { url } = await scriptedServer((frame, socket) =>
      socket.send(
        JSON.stringify({
          type: 'reply',
          id: frame.id,
          ok: false,
          error: {
            code: 'validation',
            message: 'runs/get: id: an id is required',
            issues: [{ path: 'id', message: 'an id is required' }],
          },
        }),
      ),
    );
    const client = createWsClient({ url, connect });
    const error = await client.request('runs/get', { id: '' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiRequestError);
    expect((error as ApiRequestError).code).toBe('validation');
    expect((error as ApiRequestError).issueFor('id')).toBe('an id is required');
    client.close();
  });

  it('times out a request the host never answers', async () => {
    const { url } = await scriptedServer(() => undefined);
    const client = createWsClient({ url, connect, timeoutMs: 200 });
    const error = await client.request('app/info', {}).catch((e: unknown) => e);
    expect((error as ApiRequestError).code).toBe('timeout');
    client.close();
  });

  it('fails requests in flight when the connection drops, then reconnects and delivers events', async () => {
    const { server, url } = await scriptedServer((_frame, socket) => socket.terminate());
    const states: ConnectionState[] = [];
    const client = createWsClient({ url, connect, reconnectMs: { initial: 50, max: 100 } });
    client.onConnection((s) => states.push(s));
    const error = await client.request('app/info', {}).catch((e: unknown) => e);
    expect((error as ApiRequestError).code).toBe('disconnected');

    const event = new Promise((resolve) => client.on('queue/changed', resolve));
    // the next connection gets an event pushed as soon as it opens
    server.on('connection', (socket) =>
      socket.send(
        JSON.stringify({
          type: 'event',
          name: 'queue/changed',
          payload: { parallel: 1, running: [], queued: [] },
        }),
      ),
    );
    expect(await event).toEqual({ parallel: 1, running: [], queued: [] });
    expect(states.filter((s) => s === 'open').length).toBeGreaterThanOrEqual(2);
    client.close();
    expect(states.at(-1)).toBe('closed');
  });

  it('holds requests made before the connection opens and sends them once it does', async () => {
    const { url } = await scriptedServer((frame, socket) =>
      socket.send(JSON.stringify({ type: 'reply', id: frame.id, ok: true, result: { cancelled: 0 } })),
    );
    const client = createWsClient({ url, connect });
    // no await between creating the client and requesting: the socket is still connecting
    expect(await client.api['runs/cancelAll']({})).toEqual({ cancelled: 0 });
    client.close();
  });
});

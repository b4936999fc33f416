import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { EventName } from '../../core/contract';
import type { Dispatch } from '../backend/api/dispatch';
import { transferArchive } from './archive-transfer';
import { createGuard, newToken, securityHeaders } from './guard';
import { plain, serveStatic } from './static-files';
import { createWsHost } from './ws-host';

/**
 * Browser mode: the built renderer and the contract over WebSocket, on 127.0.0.1 only, everything
 * under /TOKEN/: the page at /TOKEN/, the socket at /TOKEN/ws, archives at /TOKEN/archives/NAME.
 */
export interface ServeOptions {
  dispatch: Dispatch;
  /** subscribes to every backend event; returns the unsubscribe function */
  onEvent(listener: (name: EventName, payload: unknown) => void): () => void;
  rendererDir: string;
  archivesDir: string;
  /** 0 (default): a free port */
  port?: number;
  /** default: a fresh random token */
  token?: string;
  log?: (message: string) => void;
}

export interface ServeHost {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

export const SERVE_ADDRESS = '127.0.0.1';

export async function startServe(options: ServeOptions): Promise<ServeHost> {
  const log = options.log ?? (() => undefined);
  const ws = createWsHost(options.dispatch);
  const token = options.token ?? newToken();
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, SERVE_ADDRESS, () => resolve());
  });
  // The guard needs the port, known only now; no request is handled before these listeners exist
  // (connections are accepted on a later turn of the event loop).
  const port = (server.address() as AddressInfo).port;
  const guard = createGuard(port, token);
  const headers = securityHeaders(port);

  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
    const refused = guard.check(request);
    if (refused) {
      log(`refused ${request.method} request: ${refused}`);
      return plain(response, 403, `Forbidden: ${refused}`);
    }
    const inner = guard.innerPath(request);
    // /TOKEN without its slash would resolve the page's relative asset URLs outside the token
    if (inner === '') {
      response.writeHead(308, { Location: `/${token}/` });
      return response.end();
    }
    const archive = /^\/archives\/([^/]+)$/.exec(inner);
    if (archive) {
      transferArchive(options.archivesDir, archive[1], request, response).catch((error: Error) => {
        log(`archive transfer failed: ${error.message}`);
        if (!response.headersSent) plain(response, 500, error.message);
        else response.destroy();
      });
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('Allow', 'GET, HEAD');
      return plain(response, 405, `${request.method} is not allowed here`);
    }
    if (inner === '/ws') return plain(response, 426, 'this path takes WebSocket upgrades only');
    serveStatic(options.rendererDir, inner, request.method, response);
  });

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refused =
      guard.check(request) ?? (guard.innerPath(request) === '/ws' ? null : 'WebSocket lives at /TOKEN/ws');
    if (refused) {
      log(`refused WebSocket upgrade: ${refused}`);
      socket.end(
        `HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n${refused}\n`,
      );
      return;
    }
    ws.handleUpgrade(request, socket, head);
  });
  const unsubscribe = options.onEvent((name, payload) => ws.broadcast(name, payload));

  return {
    url: `http://${SERVE_ADDRESS}:${port}/${token}/`,
    port,
    token,
    async close() {
      unsubscribe();
      await ws.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

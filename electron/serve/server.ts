import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { EventName } from '../../core/contract';
import type { Dispatch } from '../backend/api/dispatch';
import type { Logger } from '../backend/log/logger';
import { processLogger } from '../backend/log/process-logger';
import { transferArchive } from './archive-transfer';
import { createGuard, newToken, securityHeaders } from './guard';
import { plain, serveStatic } from './static-files';
import { createWsHost } from './ws-host';

/**
 * Browser mode: the built renderer and the contract over WebSocket, on 127.0.0.1 only, everything
 * under /TOKEN/: the page at /TOKEN/, the socket at /TOKEN/ws, archives at /TOKEN/archives/NAME.
 * No request, header, path or frame ends the host: each is answered (4xx, or a WebSocket close
 * code) and logged; a fault of the host itself is a 500 whose stack goes to the log only.
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
  /** default: this process's logger (electron/backend/log) */
  logger?: Logger;
  /** also told every refusal in one line (the CLI prints them on stderr) */
  log?: (message: string) => void;
}

export interface ServeHost {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

export const SERVE_ADDRESS = '127.0.0.1';
/** Longer request targets are answered 414; no URL of this host comes near it. */
export const MAX_URL_LENGTH = 4096;
/** Node's own limit on the request line and headers together, answered 431. */
export const MAX_HEADER_BYTES = 16 * 1024;

export async function startServe(options: ServeOptions): Promise<ServeHost> {
  const logger = (options.logger ?? processLogger()).child({ component: 'serve' });
  const echo = options.log ?? (() => undefined);
  const refuse = (message: string, details: Record<string, unknown> = {}) => {
    logger.warn(details, message);
    echo(message);
  };
  const ws = createWsHost(options.dispatch, { logger, refuse });
  const token = options.token ?? newToken();
  const server = createServer({ maxHeaderSize: MAX_HEADER_BYTES });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, SERVE_ADDRESS, () => resolve());
  });
  // The guard needs the port, known only now; no request is handled before these listeners exist
  // (connections are accepted on a later turn of the event loop).
  const port = (server.address() as AddressInfo).port;
  const guard = createGuard(port, token);
  const headers = securityHeaders(port);

  function handle(request: IncomingMessage, response: ServerResponse): void {
    for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
    if ((request.url ?? '').length > MAX_URL_LENGTH) {
      refuse(`refused ${request.method} request: URL of ${request.url?.length} characters`);
      return plain(response, 414, `a URL of this host has at most ${MAX_URL_LENGTH} characters`);
    }
    const refused = guard.check(request);
    if (refused) {
      refuse(`refused ${request.method} request: ${refused}`);
      return plain(response, 403, `Forbidden: ${refused}`);
    }
    const inner = guard.innerPath(request);
    // /TOKEN without its slash would resolve the page's relative asset URLs outside the token
    if (inner === '') {
      response.writeHead(308, { Location: `/${token}/` });
      return void response.end();
    }
    const archive = /^\/archives\/([^/]+)$/.exec(inner);
    if (archive) {
      transferArchive(options.archivesDir, archive[1]!, request, response).catch((error: unknown) =>
        internalError(response, 'archive transfer', error),
      );
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('Allow', 'GET, HEAD');
      return plain(response, 405, `${request.method} is not allowed here`);
    }
    if (inner === '/ws') return plain(response, 426, 'this path takes WebSocket upgrades only');
    serveStatic(options.rendererDir, inner, request.method, response);
  }

  /** A fault of the host, not of the request: the stack to the log, a bare 500 to the client. */
  function internalError(response: ServerResponse, what: string, error: unknown): void {
    logger.error({ err: error }, `${what} failed`);
    plain(
      response,
      500,
      `${what} failed; the host's log (logs/spherelab.log in the data folder) has the details`,
    );
  }

  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    try {
      handle(request, response);
    } catch (error) {
      internalError(response, `${request.method} request`, error);
    }
  });

  // Node's parser refuses what is not HTTP; answer it the way Node would, and log it.
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    const status =
      error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    refuse(`refused malformed HTTP (${error.code ?? 'error'}): answered ${status}`);
    if (error.code === 'ECONNRESET' || !socket.writable) return void socket.destroy();
    const reason =
      status === 431 ? 'Request Header Fields Too Large' : status === 408 ? 'Request Timeout' : 'Bad Request';
    socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  });

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Node leaves an upgraded socket without an error listener: a reset would end the process.
    socket.on('error', (error) => logger.warn({ err: error }, 'upgrade socket error'));
    try {
      const refused =
        guard.check(request) ?? (guard.innerPath(request) === '/ws' ? null : 'WebSocket lives at /TOKEN/ws');
      if (refused) {
        refuse(`refused WebSocket upgrade: ${refused}`);
        socket.end(
          `HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n${refused}\n`,
        );
        return;
      }
      ws.handleUpgrade(request, socket, head);
    } catch (error) {
      logger.error({ err: error }, 'WebSocket upgrade failed');
      socket.destroy();
    }
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

import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { decodeFrame, encodeFrame, RequestFrame, validationError, type EventName } from '../../core/contract';
import type { Dispatch } from '../backend/api/dispatch';
import type { Logger } from '../backend/log/logger';

/**
 * The contract over WebSocket: JSON request frames in, one reply frame per request out (same id),
 * and every backend event pushed to every open socket. The HTTP server has already checked the
 * upgrade (Host, Origin, token) before it hands the socket here.
 *
 * Framing is the `ws` library's (RFC 6455 checks: masking, opcodes, RSV bits, control frame size
 * and fragmentation, close codes, UTF-8, continuation order, maxPayload); a frame breaking the
 * protocol makes it close the socket with 1002, 1007 or 1009 and emit 'error' on that socket,
 * which is logged here (an 'error' without a listener would end the process).
 */
export const MAX_FRAME_BYTES = 64 * 1024 ** 2;
/** A client this far behind on reading stops getting progress events until it catches up. */
const SLOW_CLIENT_BYTES = 8 * 1024 ** 2;

export interface WsHost {
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  broadcast(name: EventName, payload: unknown): void;
  close(): Promise<void>;
}

export interface WsHostLog {
  logger: Logger;
  /** a client's fault, logged and echoed */
  refuse(message: string, details?: Record<string, unknown>): void;
}

export function createWsHost(dispatch: Dispatch, { logger, refuse }: WsHostLog): WsHost {
  const server = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });

  function send(ws: WebSocket, frame: object): void {
    if (ws.readyState === ws.OPEN) ws.send(encodeFrame(frame));
  }

  function closeWith(ws: WebSocket, code: number, reason: string): void {
    refuse(`closed a WebSocket with ${code}: ${reason}`);
    ws.close(code, reason);
  }

  async function onMessage(ws: WebSocket, data: RawData, isBinary: boolean): Promise<void> {
    if (isBinary) return closeWith(ws, 1003, 'frames are JSON text');
    let raw: unknown;
    try {
      raw = decodeFrame(String(data));
    } catch {
      return closeWith(ws, 1007, 'frames are JSON');
    }
    const frame = RequestFrame.safeParse(raw);
    if (!frame.success) {
      const id = (raw as { id?: unknown } | null)?.id;
      // Without a usable id nothing can be answered; the client would only time out.
      if (typeof id !== 'number')
        return closeWith(ws, 1008, 'a request frame needs type, id, name and payload');
      return send(ws, {
        type: 'reply',
        id,
        ok: false,
        error: validationError(frame.error.issues, 'request frame'),
      });
    }
    const { id, name, payload } = frame.data;
    send(ws, { type: 'reply', id, ...(await dispatch(name, payload)) });
  }

  server.on('connection', (ws) => {
    ws.on('error', (error: Error & { code?: string }) =>
      refuse(`WebSocket protocol error (${error.code ?? 'error'}): ${error.message}`),
    );
    ws.on('message', (data, isBinary) =>
      onMessage(ws, data, isBinary).catch((error: unknown) => {
        logger.error({ err: error }, 'WebSocket request failed');
        if (ws.readyState === ws.OPEN) ws.close(1011, 'internal error; see the host log');
      }),
    );
  });
  // A handshake ws refuses (bad key or version): answered 400 as ws would, and logged.
  server.on('wsClientError', (error: Error, socket: Duplex) => {
    refuse(`refused WebSocket handshake: ${error.message}`);
    socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  });

  return {
    handleUpgrade(request, socket, head) {
      server.handleUpgrade(request, socket, head, (ws) => server.emit('connection', ws, request));
    },
    broadcast(name, payload) {
      const text = encodeFrame({ type: 'event', name, payload });
      for (const ws of server.clients) {
        if (name === 'run/progress' && ws.bufferedAmount > SLOW_CLIENT_BYTES) continue;
        if (ws.readyState === ws.OPEN) ws.send(text);
      }
    },
    close() {
      for (const ws of server.clients) ws.terminate();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

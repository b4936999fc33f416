import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { decodeFrame, encodeFrame, RequestFrame, validationError, type EventName } from '../../core/contract';
import type { Dispatch } from '../backend/api/dispatch';

/**
 * The contract over WebSocket: JSON request frames in, one reply frame per request out (same id),
 * and every backend event pushed to every open socket. The HTTP server has already checked the
 * upgrade (Host, Origin, token) before it hands the socket here.
 */
export const MAX_FRAME_BYTES = 64 * 1024 ** 2;
/** A client this far behind on reading stops getting progress events until it catches up. */
const SLOW_CLIENT_BYTES = 8 * 1024 ** 2;

export interface WsHost {
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  broadcast(name: EventName, payload: unknown): void;
  close(): Promise<void>;
}

export function createWsHost(dispatch: Dispatch): WsHost {
  const server = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });

  function send(ws: WebSocket, frame: object): void {
    if (ws.readyState === ws.OPEN) ws.send(encodeFrame(frame));
  }

  async function onMessage(ws: WebSocket, data: unknown): Promise<void> {
    let raw: unknown;
    try {
      raw = decodeFrame(String(data));
    } catch {
      return ws.close(1007, 'frames are JSON');
    }
    const frame = RequestFrame.safeParse(raw);
    if (!frame.success) {
      const id = (raw as { id?: unknown } | null)?.id;
      // Without a usable id nothing can be answered; the client would only time out.
      if (typeof id !== 'number') return ws.close(1008, 'a request frame needs type, id, name and payload');
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
    ws.on('message', (data) => void onMessage(ws, data));
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

import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import WebSocket from 'ws';
import { decodeFrame, encodeFrame } from '../../../core/contract';
import { rawHttp, rawWebSocket, textFrame } from '../raw-client';

/**
 * What the fuzz test measures of one host: the hash of every table that holds a researcher's data,
 * one raw exchange per hostile input, and whether the answer was a correct refusal.
 */
export const DATA_TABLES = [
  'meta',
  'experiments',
  'runs',
  'traces',
  'configurations',
  'tags',
  'notes',
] as const;

/** sha256 over every row of the data tables, in rowid order (BLOBs as hex). */
export function hashData(dbPath: string): string {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    const hash = createHash('sha256');
    for (const table of DATA_TABLES) {
      hash.update(`#${table}\n`);
      for (const row of db.prepare(`SELECT * FROM ${table} ORDER BY rowid`).iterate()) {
        hash.update(JSON.stringify(row, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('hex') : v)));
        hash.update('\n');
      }
    }
    return hash.digest('hex');
  } finally {
    db.close();
  }
}

/**
 * An HTTP exchange is handled when the host answers below 500 (or 503, the page saying the renderer
 * is not built yet) or closes an input it cannot read.
 */
export async function httpHandled(port: number, bytes: string | Buffer): Promise<boolean> {
  const answer = await rawHttp(port, bytes, 5000, true);
  if (answer.timedOut || answer.refused) return false;
  return answer.status === 0 || (answer.status >= 200 && answer.status < 500) || answer.status === 503;
}

const SENTINEL = textFrame('{"type":"request","id":1,"name":"app/info","payload":{}}');

/**
 * Frames are handled when the host ends the socket with a close frame or, when they were harmless
 * (a ping, a valid close), still answers the well-formed request sent after them.
 */
export async function framesHandled(port: number, token: string, frames: Buffer[]): Promise<boolean> {
  const outcome = await rawWebSocket(port, token, [...frames, SENTINEL]);
  if (outcome.texts.some((t) => t.includes('"type":"reply"') && t.includes('"id":1'))) return true;
  return outcome.closeCode >= 1000 && outcome.closeCode < 5000 && outcome.closeCode !== 1006;
}

/** One contract connection that reconnects when the host closes it for a bad frame. */
export function contractSocket(url: string, origin: string) {
  let socket: WebSocket | null = null;
  let nextId = 100;
  const open = () =>
    new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(url, { origin });
      ws.once('open', () => resolve(ws));
      ws.once('error', reject);
    });
  return {
    /** the reply frame to one request, or the close code when the host closed instead (null: neither in time) */
    async send(
      name: unknown,
      payload: unknown,
    ): Promise<{ reply?: Record<string, unknown>; closeCode?: number } | null> {
      if (!socket || socket.readyState !== WebSocket.OPEN) socket = await open();
      const ws = socket;
      const id = nextId++;
      return new Promise((resolve) => {
        const timer = setTimeout(() => finish(null), 10_000);
        const onMessage = (data: WebSocket.RawData) => {
          const frame = decodeFrame(String(data)) as Record<string, unknown>;
          if (frame.type === 'reply' && frame.id === id) finish({ reply: frame });
        };
        const onClose = (code: number) => finish({ closeCode: code });
        const finish = (result: { reply?: Record<string, unknown>; closeCode?: number } | null) => {
          clearTimeout(timer);
          ws.off('message', onMessage);
          ws.off('close', onClose);
          resolve(result);
        };
        ws.on('message', onMessage);
        ws.on('close', onClose);
        ws.send(encodeFrame({ type: 'request', id, name, payload }));
      });
    },
    close: () => socket?.terminate(),
  };
}

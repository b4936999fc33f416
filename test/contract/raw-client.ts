import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

/**
 * Raw bytes to a host on 127.0.0.1: what a hostile page or program can send, past what Node's and
 * ws's own clients allow (malformed request lines, broken percent-escapes, WebSocket frames that
 * break RFC 6455). Every socket is destroyed when its answer is in or after `timeoutMs`.
 */
export interface RawAnswer {
  /** the HTTP status of the first response line, 0 when the host closed without one */
  status: number;
  text: string;
  /** no answer and no close within the time */
  timedOut: boolean;
  /** nobody listens on the port (the host is gone) */
  refused: boolean;
}

/** `halfClose` ends the sending side after the bytes, so an incomplete request meets its end at once. */
export function rawHttp(
  port: number,
  bytes: string | Buffer,
  timeoutMs = 5000,
  halfClose = false,
): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const done = (timedOut = false, refused = false) => {
      clearTimeout(timer);
      socket.destroy();
      const text = Buffer.concat(chunks).toString('latin1');
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      resolve({ status: status ? Number(status[1]) : 0, text, timedOut: timedOut && !status, refused });
    };
    const timer = setTimeout(() => done(true), timeoutMs);
    socket.on('data', (chunk) => {
      chunks.push(chunk);
      // one response is enough: headers and a Content-Length body, or the end of the stream
      const text = Buffer.concat(chunks).toString('latin1');
      const head = text.indexOf('\r\n\r\n');
      const length = /\r\ncontent-length: (\d+)/i.exec(text);
      if (head >= 0 && length && text.length - head - 4 >= Number(length[1])) done();
    });
    socket.on('end', () => done());
    socket.on('error', (error: NodeJS.ErrnoException) => done(false, error.code === 'ECONNREFUSED'));
    if (halfClose) socket.end(bytes);
    else socket.write(bytes);
  });
}

export interface FrameSpec {
  fin?: boolean;
  rsv?: number;
  opcode: number;
  payload?: Buffer;
  /** client frames must be masked; false sends one unmasked */
  mask?: boolean;
  /** a declared length other than the payload's (for "over the limit" without sending it) */
  declaredLength?: number;
}

export function frame({
  fin = true,
  rsv = 0,
  opcode,
  payload = Buffer.alloc(0),
  mask = true,
  declaredLength,
}: FrameSpec): Buffer {
  const length = declaredLength ?? payload.length;
  const head = [(fin ? 0x80 : 0) | (rsv << 4) | opcode];
  const maskBit = mask ? 0x80 : 0;
  let extended = Buffer.alloc(0);
  if (length < 126) head.push(maskBit | length);
  else if (length < 65536) {
    head.push(maskBit | 126);
    extended = Buffer.alloc(2);
    extended.writeUInt16BE(length);
  } else {
    head.push(maskBit | 127);
    extended = Buffer.alloc(8);
    extended.writeBigUInt64BE(BigInt(length));
  }
  if (!mask) return Buffer.concat([Buffer.from(head), extended, payload]);
  const key = randomBytes(4);
  const body = Buffer.from(payload.map((b, i) => b ^ key[i % 4]!));
  return Buffer.concat([Buffer.from(head), extended, key, body]);
}

export const textFrame = (text: string) => frame({ opcode: 1, payload: Buffer.from(text) });

export interface WsOutcome {
  /** the code of the server's close frame; 1006 when the socket ended without one */
  closeCode: number;
  /** text frames the server sent before closing */
  texts: string[];
}

/** Opens /TOKEN/ws with a real handshake, sends `frames` raw, and reports how the server ended it. */
export function rawWebSocket(
  port: number,
  token: string,
  frames: Buffer[],
  timeoutMs = 5000,
): Promise<WsOutcome> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(port, '127.0.0.1');
    let buffer = Buffer.alloc(0);
    let upgraded = false;
    const texts: string[] = [];
    const finish = (closeCode: number) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ closeCode, texts });
    };
    const timer = setTimeout(() => finish(-1), timeoutMs);
    socket.on('error', () => finish(1006));
    socket.on('close', () => finish(1006));
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (!upgraded) {
        const end = buffer.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = buffer.subarray(0, end).toString('latin1');
        if (!head.startsWith('HTTP/1.1 101')) return reject(new Error(`no upgrade: ${head}`));
        upgraded = true;
        buffer = buffer.subarray(end + 4);
        for (const f of frames) socket.write(f);
      }
      // server frames are unmasked and, for these tests, shorter than 64 KiB
      while (buffer.length >= 2) {
        const opcode = buffer[0]! & 0x0f;
        let length = buffer[1]! & 0x7f;
        let offset = 2;
        if (length === 126) {
          if (buffer.length < 4) return;
          length = buffer.readUInt16BE(2);
          offset = 4;
        } else if (length === 127) {
          if (buffer.length < 10) return;
          length = Number(buffer.readBigUInt64BE(2));
          offset = 10;
        }
        if (buffer.length < offset + length) return;
        const payload = buffer.subarray(offset, offset + length);
        buffer = buffer.subarray(offset + length);
        if (opcode === 1) texts.push(payload.toString('utf8'));
        if (opcode === 8) return finish(payload.length >= 2 ? payload.readUInt16BE(0) : 1005);
      }
    });
    socket.write(
      [
        `GET /${token}/ws HTTP/1.1`,
        `Host: 127.0.0.1:${port}`,
        `Origin: http://127.0.0.1:${port}`,
        'Upgrade: websocket',
        'Connection: Upgrade',
        `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
        'Sec-WebSocket-Version: 13',
        '',
        '',
      ].join('\r\n'),
    );
  });
}

import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFileLogger, type FileLogger } from '../../electron/backend/log/logger';
import { MAX_FRAME_BYTES } from '../../electron/serve/ws-host';
import { startTestHost, type TestHost } from './host';
import { frame, rawHttp, rawWebSocket, textFrame } from './raw-client';

/**
 * The browser-mode host against what a hostile page or local program can send: every malformed
 * request, header, path and WebSocket frame is answered with its status or close code, logged, and
 * the host goes on answering. (Before the fixes, /%zz/ and each frame case below ended the process.)
 */
let base: string;
let data: string;
let log: FileLogger;
let host: TestHost;
const SECRET = 'not for the browser';

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'spherelab-hostile-'));
  data = join(base, 'data');
  const renderer = join(base, 'renderer');
  mkdirSync(renderer);
  mkdirSync(join(data, 'archives'), { recursive: true });
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>SphereLab</title>');
  writeFileSync(join(base, 'secret.txt'), SECRET);
  symlinkSync(join(base, 'secret.txt'), join(renderer, 'leak.txt'));
  symlinkSync(base, join(renderer, 'outside'));
  symlinkSync(join(base, 'secret.txt'), join(data, 'archives', 'leak.spherelab'));
  log = createFileLogger(data, 'serve');
  host = await startTestHost({
    dir: data,
    keepDir: true,
    rendererDir: renderer,
    logger: log.logger,
    parallel: 1,
  });
});
afterAll(async () => {
  await host?.close();
  await log?.close();
  rmSync(base, { recursive: true, force: true });
});

const head = (target: string, extra: string[] = []) =>
  [
    `GET ${target} HTTP/1.1`,
    `Host: 127.0.0.1:${host.serve.port}`,
    ...extra,
    'Connection: close',
    '',
    '',
  ].join('\r\n');

async function stillAnswers(): Promise<void> {
  expect((await rawHttp(host.serve.port, head(`/${host.serve.token}/`))).status).toBe(200);
  expect(await host.call('app/info', {})).toMatchObject({ host: 'serve' });
}

function put(name: string, body: Buffer[], pauseMs = 0) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: host.serve.port,
        method: 'PUT',
        path: `/${host.serve.token}/archives/${encodeURIComponent(name)}`,
        headers: { host: `127.0.0.1:${host.serve.port}` },
      },
      (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    const [first, ...rest] = body;
    req.write(first);
    setTimeout(() => {
      for (const chunk of rest) req.write(chunk);
      req.end();
    }, pauseMs);
  });
}

describe('malformed HTTP', () => {
  it('answers a broken percent-escape in place of the token with 403 and lives on', async () => {
    expect((await rawHttp(host.serve.port, head('/%zz/'))).status).toBe(403);
    expect((await rawHttp(host.serve.port, head('/%/ws'))).status).toBe(403);
    await stillAnswers();
  });

  it('answers broken escapes after the token with 400', async () => {
    const t = host.serve.token;
    expect((await rawHttp(host.serve.port, head(`/${t}/%zz`))).status).toBe(400);
    expect((await rawHttp(host.serve.port, head(`/${t}/assets/%E0%A4%A`))).status).toBe(400);
    expect((await rawHttp(host.serve.port, head(`/${t}/archives/%zz.spherelab`))).status).toBe(400);
    expect((await rawHttp(host.serve.port, head(`/${t}/a%00b`))).status).toBe(400);
    await stillAnswers();
  });

  it('answers malformed request lines 400, huge headers 431, a long URL 414', async () => {
    const port = host.serve.port;
    expect((await rawHttp(port, 'GARBAGE\r\n\r\n')).status).toBe(400);
    expect((await rawHttp(port, 'GET / HTTP/9.9\r\n\r\n')).status).toBe(400);
    expect((await rawHttp(port, `GET /\x01 HTTP/1.1\r\nHost: x\r\n\r\n`)).status).toBe(400);
    expect((await rawHttp(port, head('/', ['Content-Length: -1']))).status).toBe(400);
    expect((await rawHttp(port, head('/', ['Content-Length: 1', 'Transfer-Encoding: chunked']))).status).toBe(
      400,
    );
    expect((await rawHttp(port, head('/', [`X-Big: ${'a'.repeat(20_000)}`]))).status).toBe(431);
    expect((await rawHttp(port, head(`/${host.serve.token}/${'a'.repeat(5000)}`))).status).toBe(414);
    await stillAnswers();
  });

  it('answers a bad WebSocket handshake 400 and lives on', async () => {
    const t = host.serve.token;
    const bad = head(`/${t}/ws`, [
      'Upgrade: websocket',
      'Connection: Upgrade',
      'Sec-WebSocket-Version: 13',
      'Sec-WebSocket-Key: short',
    ]);
    expect((await rawHttp(host.serve.port, bad)).status).toBe(400);
    await stillAnswers();
  });
});

describe('paths stay in their folders, symlinks included', () => {
  it('does not follow a symlink out of the renderer folder', async () => {
    const t = host.serve.token;
    for (const path of [`/${t}/leak.txt`, `/${t}/outside/secret.txt`]) {
      const answer = await rawHttp(host.serve.port, head(path));
      expect(answer.status).toBe(404);
      expect(answer.text).not.toContain(SECRET);
    }
  });

  it('does not follow a symlink out of the archives folder', async () => {
    const answer = await rawHttp(host.serve.port, head(`/${host.serve.token}/archives/leak.spherelab`));
    expect(answer.status).toBe(400);
    expect(answer.text).toContain('inside the archives folder');
    expect(answer.text).not.toContain(SECRET);
  });
});

describe('archive uploads', () => {
  it('answers a name too long once it has its extension with 400, not 500', async () => {
    const answer = await put('a'.repeat(195), [Buffer.from('x')]);
    expect(answer.status).toBe(400);
    expect(answer.body).toContain('200 characters');
  });

  it('gives two uploads of one name at once their own files, each whole', async () => {
    const a = Buffer.alloc(200_000, 'a');
    const b = Buffer.alloc(200_000, 'b');
    const [ra, rb] = await Promise.all([
      put('same', [a.subarray(0, 1000), a.subarray(1000)], 200),
      put('same', [b.subarray(0, 1000), b.subarray(1000)], 200),
    ]);
    expect([ra.status, rb.status]).toEqual([201, 201]);
    const names = [JSON.parse(ra.body).fileName, JSON.parse(rb.body).fileName];
    expect(names.sort()).toEqual(['same-2.spherelab', 'same.spherelab']);
    const contents = names.map((n) => readFileSync(join(data, 'archives', n)));
    expect(contents.map((c) => c.length)).toEqual([200_000, 200_000]);
    expect(new Set(contents.map((c) => c.toString('latin1', 0, 1) + c.toString('latin1', 199_999)))).toEqual(
      new Set(['aa', 'bb']),
    );
    expect(readdirSync(join(data, 'archives')).filter((n) => n.endsWith('.partial'))).toEqual([]);
  });

  it('never writes through a planted symlink', async () => {
    symlinkSync(join(base, 'secret.txt'), join(data, 'archives', 'planted.spherelab'));
    const answer = await put('planted', [Buffer.from('overwrite?')]);
    expect(answer.status).toBe(400);
    expect(answer.body).toContain('inside the archives folder');
    expect(readFileSync(join(base, 'secret.txt'), 'utf8')).toBe(SECRET);
  });
});

describe('WebSocket frames that break the protocol', () => {
  const payload = (n: number) => Buffer.alloc(n, 0x61);
  const closeFrame = (code: number) => {
    const body = Buffer.alloc(2);
    body.writeUInt16BE(code);
    return frame({ opcode: 8, payload: body });
  };
  const cases: [string, Buffer[], number][] = [
    [
      'invalid UTF-8 in a text frame',
      [frame({ opcode: 1, payload: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]) })],
      1007,
    ],
    ['an unmasked client frame', [frame({ opcode: 1, payload: Buffer.from('{}'), mask: false })], 1002],
    ['a reserved opcode', [frame({ opcode: 3, payload: payload(3) })], 1002],
    ['RSV1 without an extension', [frame({ opcode: 1, rsv: 4, payload: payload(2) })], 1002],
    ['RSV2 and RSV3', [frame({ opcode: 1, rsv: 3, payload: payload(2) })], 1002],
    ['a ping over 125 bytes', [frame({ opcode: 9, payload: payload(126) })], 1002],
    ['a fragmented ping', [frame({ opcode: 9, fin: false, payload: payload(4) })], 1002],
    ['close code 999', [closeFrame(999)], 1002],
    ['a continuation frame first', [frame({ opcode: 0, payload: payload(4) })], 1002],
    ['a frame over the size limit', [frame({ opcode: 1, declaredLength: MAX_FRAME_BYTES + 1 })], 1009],
    ['a binary frame', [frame({ opcode: 2, payload: payload(4) })], 1003],
    ['a frame that is not JSON', [textFrame('{not json')], 1007],
    ['a frame without an id', [textFrame('{"type":"request","name":"app/info"}')], 1008],
  ];
  for (const [what, frames, code] of cases) {
    it(`closes on ${what} with ${code} and lives on`, async () => {
      expect((await rawWebSocket(host.serve.port, host.serve.token, frames)).closeCode).toBe(code);
      await stillAnswers();
    });
  }

  it('answers a well-formed request on the raw socket (the harness itself works)', async () => {
    const outcome = await rawWebSocket(host.serve.port, host.serve.token, [
      textFrame('{"type":"request","id":7,"name":"app/info","payload":{}}'),
      closeFrame(1000),
    ]);
    expect(outcome.closeCode).toBe(1000);
    expect(JSON.parse(outcome.texts[0]!)).toMatchObject({ type: 'reply', id: 7, ok: true });
  });
});

describe('the log', () => {
  it('has a line for every kind of refusal above', async () => {
    await log.flush();
    const text = readFileSync(log.path, 'utf8');
    expect(text).toContain('refused GET request');
    expect(text).toContain('refused malformed HTTP (HPE_HEADER_OVERFLOW)');
    expect(text).toContain('WS_ERR_INVALID_UTF8');
    expect(text).toContain('WS_ERR_EXPECTED_MASK');
    expect(text).toContain('closed a WebSocket with 1008');
  });
});

describe('the contract and the archives folder', () => {
  it('refuses to import through a symlink that leads out of the folder', async () => {
    const error = await host.client
      .request('archive/import', { fileName: 'leak.spherelab' })
      .catch((e: unknown) => e);
    expect((error as { code?: string }).code).toBe('validation');
    expect((error as Error).message).toContain('inside the archives folder');
  });
});

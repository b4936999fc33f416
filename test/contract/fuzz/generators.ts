import type { Rng } from '../../../core/random';
import { frame, type FrameSpec } from '../raw-client';

/**
 * Seeded generators of hostile input for the browser-mode host, one per category. Each input is a
 * plain value the harness sends as is; the same seed gives the same inputs.
 */
export const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;
const int = (rng: Rng, max: number) => Math.floor(rng() * max);
const bytes = (rng: Rng, n: number) => Buffer.from(Array.from({ length: n }, () => int(rng, 256)));
const ascii = (rng: Rng, n: number, alphabet: string) =>
  Array.from({ length: n }, () => alphabet[int(rng, alphabet.length)]).join('');

const PRINTABLE = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('');
const CONTROL = Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join('') + '\x7f';
const HEX = '0123456789abcdefABCDEFgGzZ%';

export interface Target {
  port: number;
  token: string;
}

/** A request target built from hostile pieces, with or without the token in front. */
function hostilePath(rng: Rng, t: Target, escapes: boolean): string {
  const pieces = [
    '..',
    '.',
    '%2e%2e',
    '%2E%2e%2f',
    '..%2f',
    '..%5c',
    '\\..\\',
    '//',
    '/./',
    'archives',
    'ws',
    'assets',
    'index.html',
    '%00',
    '%',
    '%z',
    '%zz',
    '%e0%a4',
    '%ff%fe',
    '%c0%ae',
    '~',
    'etc/passwd',
    'spherelab.db',
    '.spherelab',
    '*',
    '?x=1',
    '#frag',
    ';',
    '%25',
    '%252e',
    'a'.repeat(int(rng, 300)),
  ];
  const parts = Array.from({ length: 1 + int(rng, 6) }, () => {
    if (escapes && rng() < 0.6)
      return Array.from({ length: 1 + int(rng, 4) }, () => `%${ascii(rng, int(rng, 3), HEX)}`).join('');
    return pick(rng, pieces);
  });
  const prefix = pick(rng, [
    `/${t.token}/`,
    `/${t.token}/archives/`,
    '/',
    `/${t.token.slice(0, 10)}/`,
    `/%${t.token}/`,
  ]);
  return prefix + parts.join(pick(rng, ['/', '', '%2f']));
}

function requestText(line: string, headers: string[]): string {
  return [line, ...headers, '', ''].join('\r\n');
}

const hostHeader = (t: Target) => `Host: 127.0.0.1:${t.port}`;

export function requestLine(rng: Rng, t: Target): string | Buffer {
  const methods = [
    'GET',
    'HEAD',
    'PUT',
    'POST',
    'DELETE',
    'OPTIONS',
    'TRACE',
    'CONNECT',
    'PRI',
    'get',
    'G ET',
    'X'.repeat(int(rng, 40)),
    '',
  ];
  const targets = [
    `/${t.token}/`,
    '*',
    `http://127.0.0.1:${t.port}/${t.token}/`,
    '',
    ' ',
    `/${t.token}/\t`,
    'example.org:443',
    '/'.repeat(int(rng, 50)),
  ];
  const versions = [
    'HTTP/1.1',
    'HTTP/1.0',
    'HTTP/2.0',
    'HTTP/1.1x',
    'HTTP/',
    'http/1.1',
    '',
    'HTTP/1.1 extra',
  ];
  switch (int(rng, 4)) {
    case 0:
      return bytes(rng, 1 + int(rng, 200));
    case 1:
      return requestText(`${ascii(rng, 1 + int(rng, 80), PRINTABLE + CONTROL)}`, [hostHeader(t)]);
    default: {
      const seps = [' ', '  ', '\t', ''];
      const line = [pick(rng, methods), pick(rng, targets), pick(rng, versions)].join(pick(rng, seps));
      return requestText(line, [hostHeader(t), 'Connection: close']);
    }
  }
}

export function headers(rng: Rng, t: Target): string {
  const names = [
    'Host',
    'Origin',
    'Content-Length',
    'Transfer-Encoding',
    'Upgrade',
    'Connection',
    'Sec-WebSocket-Key',
    'Sec-WebSocket-Version',
    'Cookie',
    'X-' + ascii(rng, 8, PRINTABLE),
  ];
  const values = [
    `127.0.0.1:${t.port}`,
    'evil.example',
    'http://evil.example',
    'null',
    '-1',
    '1e9',
    '99999999999999999999',
    'chunked',
    'chunked, identity',
    'websocket',
    'Upgrade',
    '',
    ' ',
    'a'.repeat(int(rng, 20_000)),
    ascii(rng, 20, CONTROL),
    ascii(rng, 40, PRINTABLE),
    '\u00ff\u00fe',
  ];
  const lines = [hostHeader(t)];
  for (let i = int(rng, 8); i > 0; i--) {
    const name = rng() < 0.15 ? ascii(rng, 1 + int(rng, 10), PRINTABLE + CONTROL) : pick(rng, names);
    const sep = pick(rng, [': ', ':', ' : ', '\r\n ', ':\t']);
    lines.push(`${name}${sep}${pick(rng, values)}`);
  }
  if (rng() < 0.3) lines.push(`X-Many: ${'x'.repeat(100)}\r\n`.repeat(int(rng, 300)));
  const method = pick(rng, ['GET', 'PUT', 'HEAD']);
  return requestText(
    `${method} /${t.token}/${pick(rng, ['', 'ws', 'archives/x.spherelab', 'index.html'])} HTTP/1.1`,
    [...lines, 'Connection: close'],
  );
}

export function percentEscapes(rng: Rng, t: Target): string {
  return requestText(`${pick(rng, ['GET', 'HEAD', 'PUT'])} ${hostilePath(rng, t, true)} HTTP/1.1`, [
    hostHeader(t),
    'Content-Length: 0',
    'Connection: close',
  ]);
}

export function paths(rng: Rng, t: Target): string {
  return requestText(
    `${pick(rng, ['GET', 'HEAD', 'PUT', 'DELETE'])} ${hostilePath(rng, t, false)} HTTP/1.1`,
    [hostHeader(t), 'Content-Length: 0', 'Connection: close'],
  );
}

/** One to four raw frames, each breaking (or nearly breaking) RFC 6455 in some way. */
export function wsFrames(rng: Rng): Buffer[] {
  const make = (): Buffer => {
    const opcode = pick(rng, [0, 1, 2, 3, 7, 8, 9, 10, 11, 15]);
    const length = pick(rng, [0, 1, 2, 125, 126, 127, 300, int(rng, 2000)]);
    let payload = bytes(rng, length);
    if (opcode === 8 && rng() < 0.7) {
      payload = Buffer.alloc(2 + int(rng, 10));
      payload.writeUInt16BE(
        pick(rng, [0, 999, 1000, 1004, 1005, 1006, 1015, 1016, 2999, 3000, 4999, 5000, 65535]),
      );
    }
    if (opcode === 1 && rng() < 0.5)
      payload = Buffer.from(
        pick(rng, ['{', '[]', 'null', '{"type":"request"}', '\u0000', 'x'.repeat(length)]),
      );
    const spec: FrameSpec = {
      opcode,
      fin: rng() < 0.8,
      rsv: rng() < 0.2 ? 1 + int(rng, 7) : 0,
      mask: rng() < 0.85,
      payload,
      declaredLength: rng() < 0.1 ? pick(rng, [2 ** 26 + 1, 2 ** 40, 2 ** 53]) : undefined,
    };
    return frame(spec);
  };
  return Array.from({ length: 1 + int(rng, 4) }, make);
}

/** Hostile values for a payload field: wrong types, edges, huge, and keys that poison prototypes. */
function hostileValue(rng: Rng, depth = 0): unknown {
  switch (int(rng, 14)) {
    case 0:
      return null;
    case 1:
      return pick(rng, [-1, 0, 1.5, -0, 2 ** 53, -(2 ** 63), 1e308, 5e-324]);
    case 2:
      return { $nonFinite: pick(rng, ['NaN', 'Infinity', '-Infinity', 'bogus']) };
    case 3:
      return ascii(rng, int(rng, 200), PRINTABLE + CONTROL);
    case 4:
      return 'x'.repeat(pick(rng, [201, 10_000, 200_000]));
    case 5:
      return pick(rng, [true, false]);
    case 6:
      return depth < 3 ? Array.from({ length: int(rng, 5) }, () => hostileValue(rng, depth + 1)) : [];
    case 7:
      return depth < 3
        ? {
            [pick(rng, ['__proto__', 'constructor', 'prototype', 'id', 'ids'])]: hostileValue(rng, depth + 1),
          }
        : {};
    case 8:
      return Array.from({ length: pick(rng, [1000, 20_000]) }, (_, i) => i);
    case 9:
      return '00000000-0000-0000-0000-000000000000';
    case 10:
      return pick(rng, [
        '../../etc/passwd',
        'spherelab.db',
        'a/b.spherelab',
        '.spherelab',
        'CON',
        'x\u0000y',
      ]);
    case 11:
      return { nested: depth < 6 ? hostileValue(rng, depth + 1) : 1 };
    case 12:
      return pick(rng, ['ce', 'pair', 'riesz', 'ETF', '']);
    default:
      return undefined;
  }
}

/** A request payload near a real one (ids that exist, fields that exist) with hostile changes. */
export function contractPayload(
  rng: Rng,
  names: readonly string[],
  realIds: readonly string[],
): { name: unknown; payload: unknown } {
  const name =
    rng() < 0.08
      ? pick(rng, ['', 'runs/../app/info', '__proto__', 'constructor', 'api:app/info', 42, null])
      : pick(rng, names);
  const fields = [
    'id',
    'ids',
    'experimentId',
    'fileName',
    'spec',
    'tags',
    'add',
    'remove',
    'note',
    'kind',
    'maxPoints',
    'page',
    'pageSize',
    'sort',
    'filter',
    'format',
    'preset',
    'selection',
    'query',
    'x',
    'y',
  ];
  const payload: Record<string, unknown> = {};
  for (let i = int(rng, 5); i >= 0; i--) {
    const field = pick(rng, fields);
    payload[field] =
      rng() < 0.25 && realIds.length
        ? rng() < 0.5
          ? pick(rng, realIds)
          : [pick(rng, realIds)]
        : hostileValue(rng);
  }
  if (rng() < 0.05) return { name, payload: hostileValue(rng) };
  return { name, payload };
}

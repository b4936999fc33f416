import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestHost, type TestHost } from './host';

/**
 * The browser-mode host refuses every HTTP request and every WebSocket upgrade that lacks the token,
 * comes from a foreign Origin, or names a foreign Host; the allowed ones get a strict CSP.
 */
let host: TestHost;
beforeAll(async () => {
  host = await startTestHost();
});
afterAll(() => host.close());

function get(path: string, headers: Record<string, string> = {}, method = 'GET') {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>(
    (resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port: host.serve.port,
          path,
          method,
          headers: { host: `127.0.0.1:${host.serve.port}`, ...headers },
        },
        (res) => {
          let body = '';
          res.on('data', (chunk) => (body += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        },
      );
      req.on('error', reject);
      req.end();
    },
  );
}

/** The status the upgrade was answered with: 101 when the socket opened. */
function upgrade(path: string, headers: Record<string, string> = {}, origin?: string) {
  return new Promise<number>((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.serve.port}${path}`, { headers, origin });
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => resolve(-1));
  });
}

describe('HTTP requests', () => {
  it('serves the page with the token, with a strict CSP and no referrer', async () => {
    const res = await get(`/${host.serve.token}/`);
    expect(res.status).toBe(200);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers['referrer-policy']).toBe('no-referrer');
  });

  it('sends /TOKEN on to /TOKEN/, where the relative asset URLs keep the token', async () => {
    const res = await get(`/${host.serve.token}`);
    expect(res.status).toBe(308);
    expect(res.headers.location).toBe(`/${host.serve.token}/`);
  });

  it('refuses a request without the token or with a wrong one', async () => {
    expect((await get('/')).status).toBe(403);
    expect((await get('/index.html')).status).toBe(403);
    const wrong = `${host.serve.token.slice(0, -1)}${host.serve.token.endsWith('A') ? 'B' : 'A'}`;
    const res = await get(`/${wrong}/`);
    expect(res.status).toBe(403);
    expect(res.body).toContain('access token');
  });

  it('refuses a foreign Origin and a foreign Host even with the token', async () => {
    const path = `/${host.serve.token}/`;
    const origin = await get(path, { origin: 'http://evil.example' });
    expect(origin.status).toBe(403);
    expect(origin.body).toContain('Origin');
    const rebound = await get(path, { host: `evil.example:${host.serve.port}` });
    expect(rebound.status).toBe(403);
    expect(rebound.body).toContain('Host');
    expect((await get(path, { origin: `http://localhost:${host.serve.port}` })).status).toBe(200);
  });

  it('keeps file paths inside the renderer and archives folders', async () => {
    const token = host.serve.token;
    expect((await get(`/${token}/..%2F..%2Fpackage.json`)).status).toBe(404);
    expect((await get(`/${token}/archives/..%2Fspherelab.db`)).status).toBe(400);
    expect((await get(`/${token}/archives/spherelab.db`)).status).toBe(404);
  });
});

describe('WebSocket upgrades', () => {
  const ws = () => `/${host.serve.token}/ws`;
  const origin = () => `http://127.0.0.1:${host.serve.port}`;

  it('opens with the token and the host origin', async () => {
    expect(await upgrade(ws(), {}, origin())).toBe(101);
  });

  it('refuses an upgrade without the token', async () => {
    expect(await upgrade('/ws', {}, origin())).toBe(403);
    expect(await upgrade('/not-the-token-at-all/ws', {}, origin())).toBe(403);
  });

  it('refuses an upgrade from a foreign Origin or for a foreign Host', async () => {
    expect(await upgrade(ws(), {}, 'http://evil.example')).toBe(403);
    expect(await upgrade(ws(), { host: `evil.example:${host.serve.port}` }, origin())).toBe(403);
  });
});

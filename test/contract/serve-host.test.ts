import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestHost, type TestHost } from './host';

/**
 * The browser-mode host around the contract: it starts without a built renderer and says how to
 * build it, moves archives by file name without overwriting, and answers malformed frames.
 */
let host: TestHost;
let missing: string;
beforeAll(async () => {
  missing = mkdtempSync(join(tmpdir(), 'spherelab-no-renderer-'));
  host = await startTestHost({ parallel: 1, rendererDir: join(missing, 'renderer') });
});
afterAll(async () => {
  await host.close();
  rmSync(missing, { recursive: true, force: true });
});

describe('serve', () => {
  it('starts without dist/renderer and the page says how to build it', async () => {
    const page = await fetch(host.serve.url);
    expect(page.status).toBe(503);
    expect(await page.text()).toContain('npm run build:renderer');
    expect((await host.call('app/info', {})).host).toBe('serve');
  });

  it('uploads archives under a free name and downloads them by name', async () => {
    const put = (name: string, body: string) =>
      fetch(`${host.serve.url}archives/${encodeURIComponent(name)}`, { method: 'PUT', body });
    const first = await put('from colleague.spherelab', 'one');
    expect(await first.json()).toEqual({ fileName: 'from colleague.spherelab' });
    const second = await put('from colleague', 'two');
    expect(second.status).toBe(201);
    expect(await second.json()).toEqual({ fileName: 'from colleague-2.spherelab' });
    const back = await fetch(`${host.serve.url}archives/${encodeURIComponent('from colleague.spherelab')}`);
    expect(await back.text()).toBe('one');
    expect(back.headers.get('content-disposition')).toBe('attachment; filename="from colleague.spherelab"');
    const files = (await host.call('archive/list', {})).files.map((f) => f.fileName).sort();
    expect(files).toEqual(['from colleague-2.spherelab', 'from colleague.spherelab']);
    expect((await put('../escape', 'x')).status).toBe(400);
  });

  it('refuses to import an uploaded file that is not an archive, by name', async () => {
    const error = await host.client
      .request('archive/import', { fileName: 'from colleague.spherelab' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'bad-archive' });
    expect((error as Error).message).toContain('from colleague.spherelab');
  });

  it('answers a frame with an id but a bad shape, and closes on frames it cannot answer', async () => {
    const ws = new WebSocket(`${host.serve.url.replace(/^http/, 'ws')}ws`, {
      origin: `http://127.0.0.1:${host.serve.port}`,
    });
    await new Promise((resolve) => ws.once('open', resolve));
    const reply = new Promise<string>((resolve) => ws.once('message', (data) => resolve(String(data))));
    ws.send(JSON.stringify({ type: 'request', id: 7, name: 42 }));
    expect(JSON.parse(await reply)).toMatchObject({
      type: 'reply',
      id: 7,
      ok: false,
      error: { code: 'validation' },
    });
    const closed = new Promise<number>((resolve) => ws.once('close', resolve));
    ws.send('not json');
    expect(await closed).toBe(1007);
  });
});

import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APP_ENTRY,
  CONTENT_SECURITY_POLICY,
  appProtocolHandler,
  isAppPage,
} from '../../electron/main/app-protocol';

/**
 * The spherelab:// handler the desktop window loads from: the built renderer's files with the CSP
 * on every response, nothing outside the folder (symlinks included), GET only.
 */
let base: string;
let handle: (request: Request) => Promise<Response>;
beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'spherelab-protocol-'));
  const renderer = join(base, 'renderer');
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  writeFileSync(
    join(renderer, 'index.html'),
    '<!doctype html><script type="module" src="./assets/app.js"></script>',
  );
  writeFileSync(join(renderer, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(base, 'secret.txt'), 'secret');
  symlinkSync(join(base, 'secret.txt'), join(renderer, 'assets', 'leak.js'));
  handle = appProtocolHandler(renderer);
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('the spherelab:// protocol', () => {
  it('serves the page and its assets with the CSP and their content types', async () => {
    const page = await handle(new Request(`${APP_ENTRY}#/design`));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await page.text()).toContain('assets/app.js');
    const script = await handle(new Request('spherelab://app/assets/app.js'));
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('answers 404 outside the folder, through symlinks, for other hosts and broken escapes', async () => {
    for (const url of [
      'spherelab://app/..%2f..%2fsecret.txt',
      'spherelab://app/%2e%2e/secret.txt',
      'spherelab://app/assets/leak.js',
      'spherelab://app/missing.js',
      'spherelab://app/assets',
      'spherelab://other/index.html',
      'spherelab://app/%zz',
      'spherelab://app/a%00b',
    ]) {
      const answer = await handle(new Request(url));
      expect(answer.status, url).toBe(404);
      expect(await answer.text()).not.toContain('secret');
      expect(answer.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    }
  });

  it('answers 405 to anything but GET', async () => {
    expect((await handle(new Request(APP_ENTRY, { method: 'POST', body: 'x' }))).status).toBe(405);
  });

  it('knows the app page exactly', () => {
    expect(isAppPage(APP_ENTRY)).toBe(true);
    expect(isAppPage(`${APP_ENTRY}#/runs/1`)).toBe(true);
    for (const url of [
      'spherelab://app/index.html.x',
      'spherelab://app/',
      'spherelab://ap/index.html',
      'file:///index.html',
      '',
      'javascript:alert(1)',
    ])
      expect(isAppPage(url), url).toBe(false);
  });
});

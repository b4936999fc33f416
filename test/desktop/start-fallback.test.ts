import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * `npm start` where Electron cannot start (here: no Electron binary, and no display): it must say
 * why, fall back to browser mode, and serve a working workbench at the URL it prints.
 */
const root = join(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'spherelab-start-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm start without a usable Electron', () => {
  it('falls back to browser mode, says why, and serves the workbench', async () => {
    const env = { ...process.env, DISPLAY: '', WAYLAND_DISPLAY: '' };
    // --no-build: `npm test` has built the renderer already.
    const child = spawn(process.execPath, ['bin/start.mjs', '--no-build', '--port', '0', '--db', join(dir, 'db.sqlite')], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no URL printed; output so far:\n${out}`)), 45_000);
        child.stdout.on('data', () => {
          const match = /Open (http:\/\/127\.0\.0\.1:\d+\/\S+)/.exec(out);
          if (match) {
            clearTimeout(timer);
            resolve(match[1]!);
          }
        });
      });
      expect(out).toMatch(/Electron cannot start here: (the Electron binary is not installed|there is no display)/);
      expect(out).toContain('browser mode');
      const page = await fetch(url);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('<title>SphereLab</title>');
      const info = await fetch(url.replace(/\/?$/, '/nonexistent-asset.js'));
      expect(info.status).toBe(404);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});

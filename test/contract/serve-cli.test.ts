import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/** `spherelab serve` as a user starts it: it prints the URL, answers there, and stops on SIGTERM. */
const ROOT = join(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'spherelab-serve-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function serve(args: string[]) {
  const child = spawn(process.execPath, ['bin/spherelab.mjs', 'serve', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, out: () => stdout, err: () => stderr };
}

describe('spherelab serve', () => {
  it('prints the URL with its token, serves there, and exits 0 on SIGTERM', async () => {
    const db = join(dir, 'lab.db');
    const host = serve(['--port', '0', '--db', db, '--parallel', '1']);
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL: ${host.out()} ${host.err()}`)), 30_000);
      host.child.stdout.on('data', () => {
        const match = /Open (http:\/\/127\.0\.0\.1:\d+\/[A-Za-z0-9_-]{32}\/)/.exec(host.out());
        if (match) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
    });
    expect(host.out()).toContain(`serving ${db}`);
    const page = await fetch(url);
    expect([200, 503]).toContain(page.status);
    expect((await fetch(new URL('/', url))).status).toBe(403);
    host.child.kill('SIGTERM');
    expect(await host.exited).toBe(0);
    expect(host.err()).toContain('stopping');
  });

  it('refuses a bad port with exit code 2 and says what is allowed', async () => {
    const host = serve(['--port', '70000', '--db', join(dir, 'other.db')]);
    expect(await host.exited).toBe(2);
    expect(host.err()).toContain('--port 70000');
    expect(host.err()).toContain('0 to 65535');
  });
});

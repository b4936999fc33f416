import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli-process';
import { childPids } from '../helpers/processes';
import { isAlive } from '../helpers/process-registry';
import { openBrowser, type BrowserSession } from './browser';

/**
 * `npm run dev`: Vite's dev server with the renderer, proxying the contract's socket to a real
 * `spherelab serve`. The page must load from Vite and reach the host (the header shows the host's
 * version and "Connected"); stopping the dev script stops the host it started.
 */
describe('npm run dev', () => {
  let dev: ChildProcess;
  let dir: string;
  let browser: BrowserSession | undefined;
  let url = '';
  let output = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'spherelab-dev-'));
    dev = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'dev.mjs'), '--db', join(dir, 'dev.db')], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    dev.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    dev.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no dev URL within 90 s:\n${output}`)), 90_000);
      const check = () => {
        const found = /SphereLab dev: open (http:\/\/127\.0\.0\.1:\d+\/\S+\/)/.exec(output);
        if (found) {
          clearTimeout(timer);
          resolve(found[1]!);
        }
      };
      dev.stdout!.on('data', check);
      dev.once('exit', (code) => reject(new Error(`the dev script ended (${code}):\n${output}`)));
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (dev.exitCode === null) {
      const exited = new Promise((resolve) => dev.once('exit', resolve));
      dev.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the renderer from Vite, talks to the host, and ends the host when stopped', async () => {
    expect(new URL(url).hostname).toBe('127.0.0.1');
    browser = await openBrowser();
    await browser.page.goto(url);
    await browser.page.getByText('Connected').waitFor({ timeout: 60_000 });
    await expect(
      browser.page
        .getByText(/v\d+\.\d+\.\d+/)
        .first()
        .textContent(),
    ).resolves.toMatch(/v0\.\d+\.\d+/);
    // the page came from Vite's dev server (its client script), not from the built files
    expect(
      await browser.page.evaluate(() => [...document.scripts].some((s) => s.src.includes('@vite/client'))),
    ).toBe(true);
    expect(browser.pageErrors).toEqual([]);

    const host = childPids(dev.pid!);
    expect(host.length).toBeGreaterThan(0);
    const exited = new Promise<number | null>((resolve) => dev.once('exit', resolve));
    dev.kill('SIGTERM');
    await exited;
    // the host and Vite's esbuild service end with it (a zombie has ended; its parent reaps it)
    for (let i = 0; i < 50 && host.some(isAlive); i++)
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(host.filter(isAlive)).toEqual([]);
  }, 120_000);
});

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A real `spherelab serve` process on a database in a fresh temporary folder (archives live beside
 * it), the way a researcher starts it. The URL it prints carries the access token.
 */
export interface ServeProcess {
  url: string;
  dataDir: string;
  /** everything the host wrote to stderr, for the failure message of a test */
  log(): string;
  /** SIGTERM, as Ctrl-C: running runs end interrupted. The folder is removed unless kept. */
  stop(options?: { keepData?: boolean }): Promise<void>;
}

/** `dataDir`: start on an existing folder (a restart); default a fresh one. */
export async function startServeProcess(options: { parallel?: number; dataDir?: string } = {}): Promise<ServeProcess> {
  if (!existsSync(join(process.cwd(), 'dist', 'renderer', 'index.html'))) {
    throw new Error('dist/renderer is not built: run `npm run build:renderer` first (npm test does)');
  }
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'spherelab-e2e-'));
  const child: ChildProcess = spawn(
    process.execPath,
    ['bin/spherelab.mjs', 'serve', '--port', '0', '--db', join(dataDir, 'spherelab.db'), '--parallel', String(options.parallel ?? 2)],
    { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, SPHERELAB_DB: '' } },
  );
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve printed no URL within 30 s:\n${stdout}\n${stderr}`)), 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /Open (http:\/\/127\.0\.0\.1:\d+\/\S+\/)/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code} before printing its URL:\n${stdout}\n${stderr}`));
    });
  });
  return {
    url,
    dataDir,
    log: () => stderr,
    async stop(stopOptions = {}) {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
      }
      if (!stopOptions.keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * The `spherelab` command as a real child process, for integration and end-to-end tests:
 * `runCli(args)` waits for the exit; `startCli(args)` returns at once so a test can wait for some
 * output, send a signal, and then wait for the exit.
 */
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CLI_BIN = fileURLToPath(new URL('../../bin/spherelab.mjs', import.meta.url));

export interface CliExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliProcess {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** resolves with the stream's text so far once it matches; rejects if the process ends first */
  waitFor(stream: 'stdout' | 'stderr', pattern: RegExp | string, timeoutMs?: number): Promise<string>;
  readonly exited: Promise<CliExit>;
}

export interface CliOptions {
  /** default: a directory outside the repository, to show the command works from anywhere */
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

export function startCli(args: string[], options: CliOptions = {}): CliProcess {
  const child = spawn(process.execPath, [CLI_BIN, ...args], {
    cwd: options.cwd ?? '/',
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const text = { stdout: '', stderr: '' };
  const watchers = new Set<() => void>();
  for (const stream of ['stdout', 'stderr'] as const) {
    child[stream]!.setEncoding('utf8');
    child[stream]!.on('data', (chunk: string) => {
      text[stream] += chunk;
      for (const check of watchers) check();
    });
  }
  let ended = false;
  const exited = new Promise<CliExit>((resolve) => {
    child.once('close', (code, signal) => {
      ended = true;
      for (const check of watchers) check();
      resolve({ code, signal, stdout: text.stdout, stderr: text.stderr });
    });
  });

  return {
    child,
    stdout: () => text.stdout,
    stderr: () => text.stderr,
    exited,
    waitFor(stream, pattern, timeoutMs = 30_000) {
      const matches = () =>
        typeof pattern === 'string' ? text[stream].includes(pattern) : pattern.test(text[stream]);
      return new Promise<string>((resolve, reject) => {
        const done = (error?: Error) => {
          watchers.delete(check);
          clearTimeout(timer);
          if (error) reject(error);
          else resolve(text[stream]);
        };
        const check = () => {
          if (matches()) done();
          else if (ended)
            done(
              new Error(
                `the CLI ended before ${stream} showed ${pattern}\nstdout: ${text.stdout}\nstderr: ${text.stderr}`,
              ),
            );
        };
        const timer = setTimeout(
          () =>
            done(
              new Error(
                `no ${pattern} on ${stream} within ${timeoutMs} ms\nstdout: ${text.stdout}\nstderr: ${text.stderr}`,
              ),
            ),
          timeoutMs,
        );
        watchers.add(check);
        check();
      });
    },
  };
}

export function runCli(args: string[], options: CliOptions = {}): Promise<CliExit> {
  return startCli(args, options).exited;
}

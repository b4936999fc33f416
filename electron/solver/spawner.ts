import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { HostMessage } from './protocol';

/**
 * How a host starts solver processes. The CLI, `serve` and the tests use `forkSpawner`
 * (child_process.fork); Electron main implements the same interface with utilityProcess. The host
 * code takes a spawner as a parameter, so it never knows which one runs.
 */
export interface SolverHandle {
  /** operating-system process id, when known */
  readonly pid: number | undefined;
  send(message: HostMessage): void;
  /** raw messages from the solver; the receiver validates them (see protocol.ts) */
  onMessage(listener: (message: unknown) => void): void;
  /** once, when the process has ended: its exit code, or the signal that ended it */
  onExit(listener: (code: number | null, signal: NodeJS.Signals | null) => void): void;
  /** ends the process at once (SIGKILL); safe to call after it exited */
  kill(): void;
}

export interface SolverSpawner {
  spawn(): SolverHandle;
}

export interface ForkSpawnerOptions {
  /** the solver entry; default: solver-main.ts beside this file */
  entry?: string;
  /** extra environment for the child, added to this process's */
  env?: NodeJS.ProcessEnv;
  /** extra node flags, e.g. ['--max-old-space-size=8192'] */
  execArgv?: string[];
}

/**
 * The solver entry: the built solver.mjs beside the bundle this code runs in (bin/build.mjs), or, run
 * from the sources (tests, development), solver-main.ts under tsx.
 */
export const SOLVER_ENTRY = fileURLToPath(
  new URL(import.meta.url.endsWith('.ts') ? './solver-main.ts' : './solver.mjs', import.meta.url),
);

/** Node flags that let a child run TypeScript entries: tsx's loader, resolved from this package. */
export function tsxExecArgv(): string[] {
  const loader = createRequire(import.meta.url).resolve('tsx');
  return ['--import', pathToFileURL(loader).href];
}

export function forkSpawner(options: ForkSpawnerOptions = {}): SolverSpawner {
  const entry = options.entry ?? SOLVER_ENTRY;
  // A compiled .js entry needs no loader; a .ts entry (development, tests, the CLI) runs under tsx.
  const loaderArgs = entry.endsWith('.ts') ? tsxExecArgv() : [];
  const profiling = profilingFlags(process.execArgv);
  return {
    spawn() {
      const child = fork(entry, [], {
        serialization: 'advanced',
        execArgv: [...loaderArgs, ...profiling, ...(options.execArgv ?? [])],
        env: { ...process.env, ...options.env },
        // stdout is the host's (the CLI prints JSON there); the solver writes only to stderr.
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      });
      const exit = exitLatch();
      // 'close', not 'exit': it comes after the last IPC message has been delivered.
      child.once('close', exit.end);
      // 'error' without a pid means the process never started; later errors (a send to a dying
      // child) are followed by 'exit' anyway.
      child.on('error', () => {
        if (child.pid === undefined) exit.end(null, null);
      });
      return {
        pid: child.pid,
        send(message) {
          if (child.connected) child.send(message);
        },
        onMessage: (listener) => child.on('message', listener),
        onExit: exit.onExit,
        kill() {
          if (!exit.ended()) child.kill('SIGKILL');
        },
      };
    },
  };
}

/**
 * A host profiled with `node --cpu-prof` profiles its solvers too (they run most of the work): its
 * --cpu-prof* flags, with their values (`--cpu-prof-dir DIR` or `--cpu-prof-dir=DIR`).
 */
export function profilingFlags(execArgv: readonly string[]): string[] {
  const flags: string[] = [];
  execArgv.forEach((flag, i) => {
    if (!flag.startsWith('--cpu-prof')) return;
    flags.push(flag);
    const takesValue = flag !== '--cpu-prof' && !flag.includes('=');
    if (takesValue && execArgv[i + 1] !== undefined) flags.push(execArgv[i + 1]!);
  });
  return flags;
}

type ExitListener = (code: number | null, signal: NodeJS.Signals | null) => void;

/**
 * The end of a process, remembered: `end` records it once and tells the listeners; a listener added
 * afterwards hears it at once. Both spawners (fork here, utilityProcess in electron/main) use it.
 */
export function exitLatch() {
  let ended: [number | null, NodeJS.Signals | null] | null = null;
  const listeners: ExitListener[] = [];
  return {
    end(code: number | null, signal: NodeJS.Signals | null) {
      if (ended) return;
      ended = [code, signal];
      for (const listener of listeners) listener(code, signal);
    },
    onExit(listener: ExitListener) {
      if (ended) listener(...ended);
      else listeners.push(listener);
    },
    ended: () => ended !== null,
  };
}

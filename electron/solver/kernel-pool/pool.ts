import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { PhaseRunner } from '../../../core/kernels/driver';
import { createWorkspace, workspaceBytes, type KernelProblem, type Workspace } from '../../../core/kernels/layout';
import { runTask } from '../../../core/kernels/phases';
import { wasmStages, type KernelModules } from '../../../core/kernels/wasm-stages';
import { Control, SPIN_MS, spinWhileEqual } from './control';
import { sharedMemory } from './wasm-module';

/**
 * A long-lived pool of `threads - 1` worker threads plus the calling thread, all sharing one workspace
 * on a SharedArrayBuffer. The calling thread claims tasks too, so a pool of 1 thread has no workers.
 * dispose() stops and terminates the workers.
 */
export interface KernelPool {
  readonly threads: number;
  readonly workspace: Workspace;
  readonly run: PhaseRunner;
  /** worker threads that have not exited */
  liveWorkers(): number;
  dispose(): Promise<void>;
}

/**
 * The worker's code as plain JavaScript: a worker started on the TypeScript file would need the tsx
 * loader, which costs about 30 MB of memory per thread. The desktop build ships it prebuilt beside
 * the solver bundle (bin/build.mjs); from the sources esbuild bundles it once per process.
 * Null where neither works: the pool then has the calling thread alone, which the evaluator's name
 * records.
 */
export const PREBUILT_WORKER = 'kernel-worker.cjs';
let workerSource: Promise<string | null> | null = null;
function bundledWorker(): Promise<string | null> {
  workerSource ??= readFile(new URL(`./${PREBUILT_WORKER}`, import.meta.url), 'utf8').catch(buildWorker);
  return workerSource;
}

/** A build tool, loaded by a computed name so that no bundle refers to it (the bundles ship the worker). */
const BUNDLER = 'esbuild';
function buildWorker(): Promise<string | null> {
  return (import(BUNDLER) as Promise<typeof import('esbuild')>).then(async ({ build, stop }) => {
    const result = await build({
      entryPoints: [fileURLToPath(new URL('./worker.ts', import.meta.url))],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      write: false,
      logLevel: 'silent',
    });
    // esbuild keeps a service process for further builds; there are none
    await stop();
    return result.outputFiles[0].text;
  }).catch(() => null);
}
/** Atomics.waitAsync (Node >= 16; typed only in lib ES2024, which the project does not use). */
type WaitAsync = (
  array: Int32Array,
  index: number,
  value: number,
  timeoutMs: number,
) => { async: false; value: string } | { async: true; value: Promise<string> };
const waitAsync = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync;
/** How long the caller sleeps between checks that no worker has died, ms. */
const WATCH_MS = 500;

/**
 * `wasm`: the row-stages module (wasm-module.ts); the workspace then lives in a shared
 * WebAssembly.Memory that every thread's instance imports.
 */
export async function createKernelPool(problem: KernelProblem, requested: number, wasm: KernelModules | null = null): Promise<KernelPool> {
  if (!Number.isInteger(requested) || requested < 1) throw new Error(`threads must be an integer >= 1, got ${requested}`);
  const source = requested > 1 ? await bundledWorker() : null;
  const threads = source === null ? 1 : requested;
  const spinMs = threads <= availableParallelism() ? SPIN_MS : 0;
  const bytes = workspaceBytes(problem, threads);
  const memory = wasm ? sharedMemory(bytes) : null;
  const buffer = memory ? memory.buffer : new SharedArrayBuffer(bytes);
  const control = new SharedArrayBuffer(Control.words * 4);
  const ctrl = new Int32Array(control);
  const stages = wasm && memory ? wasmStages(wasm, memory) : undefined;
  const workspace = createWorkspace(problem, buffer, { threads, thread: 0, stages });
  let failure: string | null = null;
  const workers: Worker[] = [];
  let live = 0;
  const ready: Promise<void>[] = [];
  for (let w = 0; w < threads - 1; w++) {
    const worker = new Worker(source as string, {
      eval: true,
      workerData: { problem, buffer, control, threads, thread: w + 1, spinMs, wasm, memory },
    });
    workers.push(worker);
    live++;
    ready.push(
      new Promise((resolve, reject) => {
        worker.on('message', (m: { type: string; message?: string }) => {
          if (m.type === 'ready') resolve();
          else if (m.type === 'error') failure = `kernel worker failed: ${m.message}`;
        });
        worker.on('error', (error) => {
          failure = `kernel worker crashed: ${error.message}`;
          reject(error);
        });
        worker.on('exit', (code) => {
          live--;
          if (Atomics.load(ctrl, Control.stop) === 0) failure ??= `kernel worker exited with code ${code}`;
          reject(new Error(failure ?? 'kernel worker exited'));
        });
      }),
    );
  }
  const stop = async () => {
    Atomics.store(ctrl, Control.stop, 1);
    Atomics.add(ctrl, Control.gen, 1);
    Atomics.notify(ctrl, Control.gen);
    await Promise.all(workers.map((w) => w.terminate()));
  };
  try {
    await Promise.all(ready);
  } catch (error) {
    await stop();
    throw error;
  }

  const waitForWorkers = async () => {
    for (;;) {
      const left = Atomics.load(ctrl, Control.left);
      if (left === workers.length) return;
      if (failure) throw new Error(failure);
      if (spinWhileEqual(ctrl, Control.left, left, spinMs)) continue;
      const waiting = waitAsync(ctrl, Control.left, left, WATCH_MS);
      if (waiting.async) await waiting.value;
    }
  };

  const run: PhaseRunner = async (phase, tasks) => {
    if (failure) throw new Error(failure);
    if (workers.length === 0) {
      for (let t = 0; t < tasks; t++) runTask(workspace, phase, t);
      return;
    }
    Atomics.store(ctrl, Control.phase, phase);
    Atomics.store(ctrl, Control.tasks, tasks);
    Atomics.store(ctrl, Control.next, 0);
    Atomics.store(ctrl, Control.left, 0);
    Atomics.add(ctrl, Control.gen, 1);
    Atomics.notify(ctrl, Control.gen);
    for (let t = Atomics.add(ctrl, Control.next, 1); t < tasks; t = Atomics.add(ctrl, Control.next, 1)) {
      runTask(workspace, phase, t);
    }
    await waitForWorkers();
    if (Atomics.load(ctrl, Control.failed) !== 0) throw new Error(failure ?? 'a kernel worker failed');
  };

  return { threads, workspace, run, liveWorkers: () => live, dispose: stop };
}

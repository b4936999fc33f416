import { parentPort, workerData } from 'node:worker_threads';
import { createWorkspace, type KernelProblem } from '../../../core/kernels/layout';
import { runTask, type Phase } from '../../../core/kernels/phases';
import { wasmStages, type KernelModules } from '../../../core/kernels/wasm-stages';
import { Control, spinWhileEqual } from './control';

/** A pool thread: polls, then sleeps on GEN; runs the tasks of each phase it is woken for, until STOP. */
interface WorkerInput {
  problem: KernelProblem;
  buffer: SharedArrayBuffer;
  control: SharedArrayBuffer;
  threads: number;
  thread: number;
  spinMs: number;
  wasm: KernelModules | null;
  memory: WebAssembly.Memory | null;
}

const input = workerData as WorkerInput;
const { wasm, memory } = input;
const stages = wasm && memory ? wasmStages(wasm, memory) : undefined;
const ws = createWorkspace(input.problem, input.buffer, { threads: input.threads, thread: input.thread, stages });
const ctrl = new Int32Array(input.control);
parentPort?.postMessage({ type: 'ready' });

let seen = 0;
for (;;) {
  if (!spinWhileEqual(ctrl, Control.gen, seen, input.spinMs)) Atomics.wait(ctrl, Control.gen, seen);
  seen = Atomics.load(ctrl, Control.gen);
  if (Atomics.load(ctrl, Control.stop) !== 0) break;
  const phase = Atomics.load(ctrl, Control.phase) as Phase;
  const tasks = Atomics.load(ctrl, Control.tasks);
  for (let t = Atomics.add(ctrl, Control.next, 1); t < tasks; t = Atomics.add(ctrl, Control.next, 1)) {
    try {
      runTask(ws, phase, t);
    } catch (error) {
      Atomics.store(ctrl, Control.failed, 1);
      parentPort?.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  }
  Atomics.add(ctrl, Control.left, 1);
  Atomics.notify(ctrl, Control.left);
}

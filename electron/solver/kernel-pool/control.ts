/**
 * The words of the Int32Array (on a SharedArrayBuffer) through which the calling thread hands phases
 * to the pool's workers. The caller writes PHASE and TASKS, zeroes NEXT and LEFT, then bumps GEN and
 * wakes the workers; everyone claims tasks with Atomics.add on NEXT; each worker adds 1 to LEFT when it
 * finds no task left. The caller starts the next phase only when LEFT equals the worker count, so no
 * worker can still be inside an old phase.
 */
export const Control = {
  gen: 0,
  phase: 1,
  tasks: 2,
  next: 3,
  left: 4,
  stop: 5,
  failed: 6,
  words: 8,
} as const;

/**
 * How long a thread polls a word before it sleeps on it, ms. Waking a sleeping thread costs up to a
 * millisecond on a virtual machine (its core halts), which is the whole of a small evaluation's
 * phase; polling keeps the core awake across the gaps between phases and between evaluations. Only
 * when the pool has no more threads than the machine has cores: else pollers take the cores of the
 * threads that work (spinMs = 0).
 */
export const SPIN_MS = 2;

/** Polls ctrl[index] until it differs from `value` or spinMs pass; true when it changed. */
export function spinWhileEqual(ctrl: Int32Array, index: number, value: number, spinMs: number): boolean {
  if (spinMs <= 0) return false;
  const until = performance.now() + spinMs;
  for (;;) {
    for (let k = 0; k < 256; k++) if (Atomics.load(ctrl, index) !== value) return true;
    if (performance.now() > until) return false;
  }
}

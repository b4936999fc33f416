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

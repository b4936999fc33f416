import { readdirSync, readFileSync } from 'node:fs';
import type { SolverHandle, SolverSpawner } from '../../electron/solver/spawner';
import { forkSpawner } from '../../electron/solver/spawner';

/** Process helpers for tests that start, watch and kill real processes (Linux /proc). */

/** Ids of the live child processes of `pid`, from /proc/<id>/stat (field 4 is the parent id). */
export function childPids(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const [, parent] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(parent) === pid) children.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return children;
}

/** A real fork spawner that also hands each spawned solver to the test (to kill it, read its pid). */
export function watchedForkSpawner(): { spawner: SolverSpawner; handles: SolverHandle[] } {
  const inner = forkSpawner();
  const handles: SolverHandle[] = [];
  return {
    handles,
    spawner: {
      spawn() {
        const handle = inner.spawn();
        handles.push(handle);
        return handle;
      },
    },
  };
}

/** Resolves with the exit code and signal of a spawned solver. */
export function exitOf(
  handle: SolverHandle,
): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => handle.onExit((code, signal) => resolve({ code, signal })));
}

/** Resolves once `check()` holds, looking every `everyMs`. */
export function until(check: () => boolean, everyMs = 20): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      if (check()) {
        clearInterval(timer);
        resolve();
      }
    }, everyMs);
  });
}

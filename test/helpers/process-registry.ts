import { readdirSync, readFileSync } from 'node:fs';

/**
 * Every process a test run starts carries SPHERELAB_TEST_RUN=<token> in its environment (the global
 * setup sets it on the vitest process, and children inherit it). At the end the global teardown
 * finds the processes that carry the token, even those orphaned to PID 1, and ends them by PID: no
 * test leaves a server or solver behind, whatever failed.
 */
export const RUN_TOKEN_VARIABLE = 'SPHERELAB_TEST_RUN';

/** Vitest's own workers (tinypool's processes) inherit the token too: they are vitest's to end. */
const isTestRunner = (pid: string) => /tinypool|vitest/.test(readFileSync(`/proc/${pid}/cmdline`, 'latin1'));

/** PIDs (other than `except` and vitest's workers) whose environment holds the token. Linux /proc. */
export function processesOfRun(token: string, except: number[] = [process.pid]): number[] {
  const marker = `${RUN_TOKEN_VARIABLE}=${token}`;
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || except.includes(Number(entry))) continue;
    try {
      if (
        readFileSync(`/proc/${entry}/environ`, 'latin1').split('\0').includes(marker) &&
        !isTestRunner(entry)
      )
        pids.push(Number(entry));
    } catch {
      // ended while we looked, or not ours to read
    }
  }
  return pids;
}

export const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    // a zombie has ended; it only waits for its parent to read its status
    return !/^\S+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'latin1'));
  } catch {
    return false;
  }
};

/** SIGTERM, then SIGKILL after `graceMs`, to every process of the run; resolves to those found. */
export async function endProcessesOfRun(token: string, graceMs = 3000): Promise<number[]> {
  const pids = processesOfRun(token);
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  const end = Date.now() + graceMs;
  while (pids.some(isAlive) && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  for (const pid of pids.filter(isAlive)) process.kill(pid, 'SIGKILL');
  return pids;
}

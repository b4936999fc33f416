import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { endProcessesOfRun, isAlive, processesOfRun, RUN_TOKEN_VARIABLE } from '../helpers/process-registry';

describe("the global teardown's process sweep", () => {
  it('finds and ends processes of the run, orphans included, and leaves others alone', async () => {
    const token = randomUUID();
    const env = { ...process.env, [RUN_TOKEN_VARIABLE]: token };
    // a grandchild whose parent exits at once: it is orphaned to PID 1, as a leaked server would be
    const orphanMaker = spawn('sh', ['-c', 'sleep 60 & echo $!'], {
      env,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const orphan = Number(
      await new Promise<string>((resolve) => orphanMaker.stdout!.once('data', (b) => resolve(String(b)))),
    );
    const stranger = spawn('sleep', ['60'], { env: { ...process.env, [RUN_TOKEN_VARIABLE]: 'another run' } });
    try {
      await new Promise((resolve) => orphanMaker.once('exit', resolve));
      expect(processesOfRun(token)).toEqual([orphan]);
      expect(await endProcessesOfRun(token, 1000)).toEqual([orphan]);
      expect(isAlive(orphan)).toBe(false);
      expect(stranger.exitCode).toBeNull();
      expect(processesOfRun(token)).toEqual([]);
    } finally {
      stranger.kill('SIGKILL');
      try {
        process.kill(orphan, 'SIGKILL');
      } catch {
        // ended by the sweep, as it should be
      }
    }
  });
});

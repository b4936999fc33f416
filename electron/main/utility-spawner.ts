import { exitLatch, type SolverHandle, type SolverSpawner } from '../solver/spawner';
import type { ElectronMain } from './electron-api';

/**
 * Solver processes as Electron utility processes: the same SolverSpawner the CLI and `serve` get from
 * child_process.fork, so the run queue never knows which one runs. Messages travel by structured
 * clone, so Float64Arrays arrive as Float64Arrays.
 */
export function utilitySpawner(electron: Pick<ElectronMain, 'utilityProcess'>, entry: string): SolverSpawner {
  return {
    spawn(): SolverHandle {
      const child = electron.utilityProcess.fork(entry, [], {
        serviceName: 'SphereLab solver',
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      const exit = exitLatch();
      // A utility process reports only a code; a kill shows as a non-zero code, not a signal.
      child.once('exit', (code) => exit.end(code, null));
      return {
        get pid() {
          return child.pid;
        },
        send(message) {
          if (!exit.ended()) child.postMessage(message);
        },
        onMessage: (listener) => child.on('message', listener),
        onExit: exit.onExit,
        kill() {
          if (!exit.ended()) child.kill();
        },
      };
    },
  };
}

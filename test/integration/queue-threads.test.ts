import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRunQueue } from '../../electron/backend/queue/run-queue';
import { openStore } from '../../electron/backend/store/store';
import type { HostMessage } from '../../electron/solver/protocol';
import type { SolverSpawner } from '../../electron/solver/spawner';
import { tempDir } from './store-fixtures';

/** A solver that says ready, records the start it is sent, and then dies: only the request matters. */
function recordingSpawner(starts: HostMessage[]): SolverSpawner {
  return {
    spawn() {
      const events = new EventEmitter();
      setImmediate(() => events.emit('message', { type: 'ready' }));
      return {
        pid: undefined,
        send(message) {
          starts.push(message);
          setImmediate(() => events.emit('exit', 1, null));
        },
        onMessage: (listener) => events.on('message', listener),
        onExit: (listener) => events.once('exit', listener),
        kill: () => events.emit('exit', null, 'SIGKILL'),
      };
    },
  };
}

describe('run queue thread budget', () => {
  it('gives each of K solvers cores / K kernel threads unless the spec names a thread count', async () => {
    const store = openStore(join(tempDir(), 'threads.db'));
    const starts: HostMessage[] = [];
    const queue = createRunQueue({ store, spawner: recordingSpawner(starts), parallel: 2, cores: 5 });
    queue.submitExperiment({ spec: { name: 'budget', energy: 'ce', n: 4, d: 3, seeds: [1, 2] } });
    queue.submitExperiment({ spec: { name: 'named', energy: 'ce', n: 4, d: 3, threads: 3 } });
    await queue.idle();
    const threads = starts.map((m) => (m.type === 'start' ? m.spec.threads : null));
    expect(threads).toEqual([2, 2, 3]);
    await queue.close();
    store.close();
  });

  it('gives a run that starts alone every core', async () => {
    const store = openStore(join(tempDir(), 'alone.db'));
    const starts: HostMessage[] = [];
    const queue = createRunQueue({ store, spawner: recordingSpawner(starts), parallel: 2, cores: 5 });
    queue.submitExperiment({ spec: { name: 'alone', energy: 'ce', n: 4, d: 3 } });
    await queue.idle();
    expect(starts.map((m) => (m.type === 'start' ? m.spec.threads : null))).toEqual([5]);
    await queue.close();
    store.close();
  });
});

import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRunQueue } from '../../electron/backend/queue/run-queue';
import { openStore } from '../../electron/backend/store/store';
import type { HostMessage, StartRequest } from '../../electron/solver/protocol';
import type { SolverSpawner } from '../../electron/solver/spawner';
import { tempDir } from './store-fixtures';

/**
 * A solver that says ready, records the runs it is sent and fails each of them at once (only the
 * request matters), and ends when asked to suspend.
 */
function recordingSpawner(starts: StartRequest[]): SolverSpawner {
  return {
    spawn() {
      const events = new EventEmitter();
      setImmediate(() => events.emit('message', { type: 'ready' }));
      return {
        pid: undefined,
        send(message: HostMessage) {
          if (message.type === 'suspend') return void setImmediate(() => events.emit('exit', 0, null));
          if (message.type !== 'start') return;
          starts.push(...message.runs);
          for (const { runId } of message.runs)
            setImmediate(() => events.emit('message', { type: 'error', runId, message: 'recorded' }));
        },
        onMessage: (listener) => events.on('message', listener),
        onExit: (listener) => events.once('exit', listener),
        kill: () => events.emit('exit', null, 'SIGKILL'),
      };
    },
  };
}

describe('run queue thread budget', () => {
  it('gives each of K solvers cores / K kernel threads for a large run, unless the spec names a count', async () => {
    const store = openStore(join(tempDir(), 'threads.db'));
    const starts: StartRequest[] = [];
    const queue = createRunQueue({ store, spawner: recordingSpawner(starts), parallel: 2, cores: 5 });
    // n = 2000, d = 3: past the size below which a solve runs on one thread
    queue.submitExperiment({ spec: { name: 'budget', energy: 'ce', n: 2000, d: 3, seeds: [1, 2] } });
    queue.submitExperiment({ spec: { name: 'named', energy: 'ce', n: 2000, d: 3, threads: 3 } });
    await queue.idle();
    expect(starts.map((r) => r.spec.threads)).toEqual([2, 2, 3]);
    await queue.close();
    store.close();
  });

  it('gives small runs one thread, so that K solver processes of them fill K cores', async () => {
    const store = openStore(join(tempDir(), 'small.db'));
    const starts: StartRequest[] = [];
    const queue = createRunQueue({ store, spawner: recordingSpawner(starts), parallel: 2, cores: 5 });
    queue.submitExperiment({ spec: { name: 'small', energy: 'ce', n: [4, 300], d: 3 } });
    await queue.idle();
    expect(starts.map((r) => [r.spec.n, r.spec.threads])).toEqual([[4, 1], [300, 1]]);
    await queue.close();
    store.close();
  });

  it('gives a run that starts alone every core', async () => {
    const store = openStore(join(tempDir(), 'alone.db'));
    const starts: StartRequest[] = [];
    const queue = createRunQueue({ store, spawner: recordingSpawner(starts), parallel: 2, cores: 5 });
    queue.submitExperiment({ spec: { name: 'alone', energy: 'ce', n: 2000, d: 3 } });
    await queue.idle();
    expect(starts.map((r) => r.spec.threads)).toEqual([5]);
    await queue.close();
    store.close();
  });
});

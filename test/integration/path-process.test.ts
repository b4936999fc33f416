import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EventName, EventPayload } from '../../core/contract';
import { PathExperimentSpec, type PathExperimentSpecInput } from '../../core/path/schema';
import { createPathRunner } from '../../electron/backend/paths/path-runner';
import { openStore } from '../../electron/backend/store/store';
import { runPathSolver } from '../../electron/solver/path-client';
import { exitOf, until, watchedForkSpawner } from '../helpers/processes';
import { tempDir } from './store-fixtures';

/**
 * Paths in really forked solver processes: the result comes back, a solver killed with SIGKILL
 * mid-path fails the path with the reason while the host carries on, and a closing host leaves no
 * path running and no process behind.
 */
const SMALL: PathExperimentSpecInput = { energy: 'ce', n: 4, d: 3, sFrom: 1, sTo: 2, steps: 2, restarts: 2 };
/** thousands of solves: still running when the test kills it */
const LONG: PathExperimentSpecInput = { energy: 'ce', n: 30, d: 3, sFrom: 0.5, sTo: 8, steps: 1000, restarts: 4 };

function runnerWithEvents() {
  const { spawner, handles } = watchedForkSpawner();
  const store = openStore(join(tempDir(), 'paths.db'));
  const events: { name: EventName; payload: unknown }[] = [];
  const runner = createPathRunner({
    store,
    spawner,
    emit: <E extends EventName>(name: E, payload: EventPayload<E>) => void events.push({ name, payload }),
  });
  const statusOf = (id: string) => store.getPath(id)?.status;
  return { store, runner, handles, events, statusOf };
}

describe('paths in solver processes', () => {
  it('runPathSolver returns the result from a forked solver, which then ends', async () => {
    const { spawner, handles } = watchedForkSpawner();
    const progress: number[] = [];
    const result = await runPathSolver(
      spawner,
      { pathId: 'p1', spec: PathExperimentSpec.parse(SMALL) },
      { onProgress: (p) => progress.push(p.solves) },
    );
    expect(result.steps).toHaveLength(7);
    expect(progress[0]).toBe(1);
    expect(await exitOf(handles[0]!)).toEqual({ code: 0, signal: null });
  });

  it('kill -9 of the solver mid-path: the path fails with the reason and the host runs the next one', async () => {
    const { store, runner, handles, events, statusOf } = runnerWithEvents();
    const long = runner.start(LONG);
    await until(() => events.some((e) => e.name === 'path/progress'));
    expect(statusOf(long.id)).toBe('running');
    process.kill(handles[0]!.pid!, 'SIGKILL');
    await until(() => statusOf(long.id) === 'failed');
    expect(store.getPath(long.id)!.error).toMatch(/solver process was killed by SIGKILL before the path was done/);
    expect(store.getPath(long.id)!.progress!.solves).toBeGreaterThan(0);
    expect(events).toContainEqual({
      name: 'paths/changed',
      payload: { pathId: long.id, status: 'failed', error: expect.stringMatching(/SIGKILL/) },
    });

    const next = runner.start(SMALL);
    await until(() => statusOf(next.id) === 'done');
    expect(store.getPath(next.id)!.result!.steps).toHaveLength(7);
    await runner.close();
    store.close();
  });

  it('closing the host cancels the running and the waiting paths and ends their processes', async () => {
    const { store, runner, handles, events, statusOf } = runnerWithEvents();
    const running = runner.start(LONG);
    const waiting = runner.start(SMALL);
    await until(() => events.some((e) => e.name === 'path/progress'));
    expect(runner.active()).toEqual([running.id, waiting.id]);
    await runner.close();
    expect(store.getPath(running.id)).toMatchObject({ status: 'cancelled', error: 'the host closed while the path ran' });
    expect(statusOf(waiting.id)).toBe('cancelled');
    expect(handles).toHaveLength(1);
    expect((await exitOf(handles[0]!)).signal).toBe('SIGKILL');
    expect(() => runner.start(SMALL)).toThrow(/the host is closing/);
    store.close();
  });
});

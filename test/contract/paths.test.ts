import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REQUEST_NAMES, type RequestName } from '../../core/contract';
import type { PathExperimentSpecInput } from '../../core/path/schema';
import { failure, startTestHost, type TestHost } from './host';

/**
 * Paths in s through the WebSocket transport against a real backend: each path solved in a forked
 * solver process, progress and status as events, the result stored; cancel, delete, and bad input
 * answered with what is allowed. Every reply and event is parsed with the contract (host.ts).
 */
let host: TestHost;
const used = new Set<RequestName>();
const call: TestHost['call'] = (name, payload) => {
  used.add(name);
  return host.call(name, payload);
};

/** n = 4 in d = 3: the simplex ETF at every s, 2 x 3 sweep solves and one fresh start */
const SMALL: PathExperimentSpecInput = { energy: 'ce', n: 4, d: 3, sFrom: 1, sTo: 2, steps: 2, restarts: 2 };
/** thousands of solves: still running when the test cancels it */
const LONG: PathExperimentSpecInput = { energy: 'ce', n: 30, d: 3, sFrom: 0.5, sTo: 8, steps: 1000, restarts: 4 };


beforeAll(async () => {
  host = await startTestHost({ parallel: 1 });
});
afterAll(async () => {
  await host?.close();
});

describe('paths in s', () => {
  it('paths/start solves the path in a solver process, with progress events, and stores the result', async () => {
    const finished = host.waitFor('paths/changed', (p) => p.status === 'done' || p.status === 'failed', 120_000);
    const started = await call('paths/start', { spec: { ...SMALL, name: 'small path' } });
    expect(started).toMatchObject({ name: 'small path', spec: { ...SMALL, seed: 1, freshEvery: 1 }, result: null });
    expect(['queued', 'running']).toContain(started.status);
    expect(await finished).toEqual({ pathId: started.id, status: 'done' });

    const progress = host.received
      .filter((e) => e.name === 'path/progress')
      .map((e) => e.payload as { pathId: string; progress: { solves: number; gridSolves: number; phase: string; s: number } });
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((p) => p.pathId === started.id && p.progress.gridSolves === 7)).toBe(true);
    // the first solve is the up sweep's, at s-from
    expect(progress[0]!.progress).toMatchObject({ solves: 1, phase: 'up', s: 1 });

    const path = await call('paths/get', { id: started.id });
    expect(path.status).toBe('done');
    expect(path.error).toBeNull();
    expect(path.finishedAt).not.toBeNull();
    // the last progress is the whole work: every solve (no bisection here), no transition
    expect(path.progress).toMatchObject({ solves: 7, gridSolves: 7, transitions: 0 });
    const steps = path.result!.steps;
    expect(steps.map((p) => [p.direction, p.s])).toEqual([
      ['up', 1],
      ['up', 1.5],
      ['up', 2],
      ['down', 1],
      ['down', 1.5],
      ['down', 2],
      ['fresh', 1.5],
    ]);
    // d >= n - 1: the simplex ETF everywhere, so nothing to locate
    expect(steps.every((p) => p.configuration.name === 'simplex-etf')).toBe(true);
    expect(path.result!.transitions).toEqual([]);

    const { paths } = await call('paths/list', {});
    expect(paths.map((p) => p.id)).toContain(started.id);
    expect(paths.find((p) => p.id === started.id)).toMatchObject({ status: 'done', transitions: [] });
    expect((await call('paths/list', { statuses: ['running'] })).paths).toEqual([]);
  });

  it('paths/cancel ends a running path (its process is ended); then paths/delete removes it', async () => {
    const running = host.waitFor('path/progress', () => true, 120_000);
    const started = await call('paths/start', { spec: LONG });
    await running;
    const busy = await failure(call('paths/delete', { id: started.id }));
    expect(busy.code).toBe('conflict');
    expect(busy.message).toMatch(/cancel it before deleting/);

    const ended = host.waitFor('paths/changed', (p) => p.pathId === started.id && p.status === 'cancelled');
    expect(await call('paths/cancel', { id: started.id })).toEqual({ id: started.id, cancelled: true });
    await ended;
    expect(await call('paths/get', { id: started.id })).toMatchObject({
      status: 'cancelled',
      error: 'cancelled on request',
      result: null,
    });
    expect(await call('paths/cancel', { id: started.id })).toEqual({ id: started.id, cancelled: false });

    const deleted = host.waitFor('paths/changed', (p) => p.pathId === started.id && p.status === null);
    expect(await call('paths/delete', { id: started.id })).toEqual({ id: started.id });
    await deleted;
    expect((await failure(call('paths/get', { id: started.id }))).code).toBe('not-found');
  });

  it.each([
    ['an energy without s', { energy: 'riesz' }, 'spec.energy', /one of ce, two-set, pair/],
    ['s-to not above s-from', { sFrom: 2, sTo: 2 }, 'spec.sTo', /s to must exceed s from \(got 2 and 2\)/],
    ['a non-positive s', { sFrom: 0 }, 'spec.sFrom', /positive finite/],
    ['an s at which the energy leaves the doubles', { sTo: 1e9 }, 'spec.sTo', /s/],
    ['one point', { n: 1 }, 'spec.n', /2/],
    ['no steps', { steps: 0 }, 'spec.steps', /at least 1/],
    ['too many steps', { steps: 5000 }, 'spec.steps', /at most 1000/],
    ['fractional restarts', { restarts: 1.5 }, 'spec.restarts', /./],
    ['an unknown field', { alpha: 2 }, 'spec', /alpha/],
  ])('paths/start refuses %s and says what is allowed', async (_, change, field, message) => {
    const error = await failure(call('paths/start', { spec: { ...SMALL, ...change } as PathExperimentSpecInput }));
    expect(error.code).toBe('validation');
    const issue = error.issues.find((i) => i.path === field);
    expect(issue, JSON.stringify(error.issues)).toBeDefined();
    expect(issue!.message).toMatch(message);
  });

  it('unknown ids are not found', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    for (const name of ['paths/get', 'paths/cancel', 'paths/delete'] as const)
      expect((await failure(call(name, { id }))).code).toBe('not-found');
    expect((await failure(call('paths/list', { statuses: ['exploded' as never] }))).issueFor('statuses')).toBeDefined();
  });

  it('every paths/* request was called in this file', () => {
    expect(REQUEST_NAMES.filter((name) => name.startsWith('paths/') && !used.has(name))).toEqual([]);
  });
});

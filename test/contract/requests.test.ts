import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REQUEST_NAMES, type RequestName } from '../../core/contract';
import type { ExperimentSpecInput } from '../../core/spec/experiment-spec';
import { failure, startTestHost, type TestHost } from './host';

/**
 * Every request of the contract through the WebSocket transport, against a real backend: a
 * temporary database, forked solver processes, the `serve` host. Every reply and every event is
 * parsed with the contract's schemas (host.ts), so a shape that drifts from the contract fails here.
 */
let host: TestHost;
const used = new Set<RequestName>();
const call: TestHost['call'] = (name, payload) => {
  used.add(name);
  return host.call(name, payload);
};

/** six small cross-entropy solves: n in {3, 4, 5}, d in {2, 3} */
const SMALL: ExperimentSpecInput = {
  name: 'small grid',
  energy: 'ce',
  n: [3, 4, 5],
  d: [2, 3],
  s: 1,
  maxIter: 500,
};
/** one solve that runs until cancelled (the time limit only guards the test) */
const LONG: ExperimentSpecInput = {
  name: 'long',
  energy: 'ce',
  n: 300,
  d: 40,
  tol: 1e-300,
  maxIter: 10_000_000,
  timeLimitSec: 60,
};


beforeAll(async () => {
  host = await startTestHost({ parallel: 2 });
});
afterAll(async () => {
  await host?.close();
});

describe('experiments and their runs', () => {
  let experimentId = '';
  let runIds: string[] = [];

  it('app/info names the host, its folders and its parallelism', async () => {
    const info = await call('app/info', {});
    expect(info.host).toBe('serve');
    expect(info.dbPath.startsWith(host.dir)).toBe(true);
    expect(info.archivesDir).toBe(host.backend.archivesDir);
    expect(info.parallel).toBe(2);
    expect(info.cores).toBeGreaterThanOrEqual(1);
  });

  it('experiments/estimate counts the runs and the work before anything is stored', async () => {
    const estimate = await call('experiments/estimate', { spec: SMALL });
    expect(estimate.runs).toBe(6);
    expect(estimate.axes).toMatchObject({ n: [3, 4, 5], d: [2, 3], seeds: [1] });
    // sum over the grid of n^2 d: (9 + 16 + 25) * (2 + 3)
    expect(estimate.workPerIteration).toBe(250);
    expect(estimate.workAtMaxIter).toBe(250 * 500);
    expect(estimate.largest).toEqual({ n: 5, d: 3 });
    // the host timed one evaluation of this energy: a positive rate, and the machine's size
    expect(estimate.machine.pairTermsPerSecond).toBeGreaterThan(0);
    expect(estimate.machine.calibratedAt.evaluator).toMatch(/1 thread/);
    expect(estimate.machine.memoryBytes).toBeGreaterThan(0);
    expect(estimate.machine.parallel).toBe(2);
    expect((await call('runs/list', {})).total).toBe(0);
  });

  it('experiments/create queues the runs and every one finishes, with events on the way', async () => {
    const finished = new Set<string>();
    const allDone = new Promise<void>((resolve) => {
      host.client.on('run/finished', (e) => {
        finished.add(e.runId);
        if (runIds.length > 0 && runIds.every((id) => finished.has(id))) resolve();
      });
    });
    const created = await call('experiments/create', { spec: SMALL, tags: ['contract'] });
    experimentId = created.experiment.id;
    runIds = created.runIds;
    expect(runIds).toHaveLength(6);
    expect(created.experiment.name).toBe('small grid');
    await allDone;
    const names = new Set(host.received.map((e) => e.name));
    for (const name of ['runs/changed', 'run/status', 'run/finished', 'queue/changed'] as const)
      expect(names).toContain(name);
    const ends = host.received
      .filter((e) => e.name === 'run/finished')
      .map((e) => e.payload as { status: string });
    expect(ends.every((e) => e.status === 'completed')).toBe(true);
  });

  it('experiments/list and experiments/get show the experiment with its counts', async () => {
    const { experiments } = await call('experiments/list', {});
    expect(experiments.map((e) => e.id)).toContain(experimentId);
    expect((await call('experiments/list', { text: 'no such experiment' })).experiments).toEqual([]);
    const experiment = await call('experiments/get', { id: experimentId });
    expect(experiment.counts.completed).toBe(6);
    expect(experiment.tags).toEqual(['contract']);
  });

  it('runs/list filters, sorts and pages', async () => {
    const page = await call('runs/list', {
      filters: { experimentIds: [experimentId], d: { min: 3, max: 3 }, statuses: ['completed'] },
      sort: [{ column: 'n', direction: 'desc' }],
      page: { offset: 0, limit: 2 },
    });
    expect(page.total).toBe(3);
    expect(page.rows.map((r) => [r.n, r.d])).toEqual([
      [5, 3],
      [4, 3],
    ]);
    const next = await call('runs/list', {
      filters: { experimentIds: [experimentId], d: { min: 3, max: 3 } },
      sort: [{ column: 'n', direction: 'desc' }],
      page: { offset: 2, limit: 2 },
    });
    expect(next.rows.map((r) => r.n)).toEqual([3]);
  });

  it('runs/get returns a completed run that meets the ETF bound where d >= n - 1', async () => {
    const { rows } = await call('runs/list', {
      filters: { experimentIds: [experimentId], n: { min: 3, max: 3 }, d: { min: 2, max: 2 } },
    });
    const run = await call('runs/get', { id: rows[0].id });
    expect(run.status).toBe('completed');
    expect(run.metrics).not.toBeNull();
    // n = 3, d = 2: the simplex ETF exists, so the energy reaches bound (*) to solver tolerance
    expect(Math.abs(run.metrics!.etfBoundGap)).toBeLessThan(1e-8);
    const missing = await failure(call('runs/get', { id: '00000000-0000-4000-8000-000000000000' }));
    expect(missing.code).toBe('not-found');
  });

  it('runs/trace and runs/points return the trace and the final configuration', async () => {
    const id = runIds[0];
    const trace = await call('runs/trace', { id, maxPoints: 10 });
    expect(trace.total).toBeGreaterThan(0);
    expect(trace.energy.length).toBe(Math.min(trace.total, trace.iteration.length));
    expect(trace.energy.length).toBeLessThanOrEqual(Math.max(10, 2));
    const points = await call('runs/points', { id });
    expect(points.data).toHaveLength(points.rows * points.d);
    for (let i = 0; i < points.rows; i++) {
      const row = points.data.slice(i * points.d, (i + 1) * points.d);
      expect(Math.hypot(...row)).toBeCloseTo(1, 12);
    }
  });

  it('runs/tag and runs/note annotate runs, and history finds them by tag and text', async () => {
    const [a, b] = runIds;
    const tagged = await call('runs/tag', { ids: [a, b], add: ['keep', ' figure-2 ', 'keep'] });
    expect(tagged.runs.map((r) => r.tags)).toEqual([
      ['figure-2', 'keep'],
      ['figure-2', 'keep'],
    ]);
    const untagged = await call('runs/tag', { ids: [b], remove: ['keep'] });
    expect(untagged.runs[0].tags).not.toContain('keep');
    expect((await call('runs/list', { filters: { tags: ['keep'] } })).rows.map((r) => r.id)).toEqual([a]);
    await call('runs/note', { id: a, note: 'the tetrahedron-like one' });
    expect((await call('runs/get', { id: a })).note).toBe('the tetrahedron-like one');
    expect((await call('runs/list', { filters: { text: 'tetrahedron' } })).rows.map((r) => r.id)).toEqual([
      a,
    ]);
  });

  it('compare/series aggregates a metric against a parameter, grouped by another', async () => {
    const result = await call('compare/series', {
      filters: { experimentIds: [experimentId] },
      x: 'n',
      y: 'finalEnergy',
      groupBy: ['d'],
      aggregate: 'seeds',
    });
    expect(result.series.map((s) => s.group.d)).toEqual([2, 3]);
    for (const series of result.series) expect(series.points.map((p) => p.x)).toEqual([3, 4, 5]);
  });

  it('figures/export draws the ETF phase diagram of the grid as a CSV with one row per (n, d) cell', async () => {
    const file = await call('figures/export', {
      kind: 'etf-phase',
      experimentIds: [experimentId],
      format: 'csv',
    });
    // named after kind, experiment and date; "# held fixed: ..." above the header
    expect(file.fileName).toMatch(/^etf-phase-.+-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = file.content.trim().split('\n');
    expect(lines[0]).toMatch(/^# held fixed: energy = /);
    expect(lines.filter((line) => !line.startsWith('#'))).toHaveLength(1 + 6);
    expect(
      (await failure(call('figures/export', { kind: 'trace', format: 'svg' }))).issueFor('runIds'),
    ).toBeDefined();
  });

  it('runs/delete deletes a finished run', async () => {
    const id = runIds[runIds.length - 1];
    expect(await call('runs/delete', { ids: [id] })).toEqual({ deleted: 1 });
    expect((await failure(call('runs/get', { id }))).code).toBe('not-found');
    runIds = runIds.slice(0, -1);
  });

  it('archive/export writes an archive a fresh host imports, with runs/changed on the way', async () => {
    const exported = await call('archive/export', { experimentIds: [experimentId], fileName: 'small grid' });
    expect(exported.fileName).toBe('small grid.spherelab');
    expect(exported.runs).toBe(5);
    expect((await call('archive/list', {})).files.map((f) => f.fileName)).toContain(exported.fileName);
    const again = await failure(call('archive/export', { fileName: 'small grid' }));
    expect(again.code).toBe('conflict');

    const download = await fetch(`${host.serve.url}archives/${encodeURIComponent(exported.fileName)}`);
    expect(download.status).toBe(200);
    const bytes = new Uint8Array(await download.arrayBuffer());
    expect(bytes.length).toBe(exported.sizeBytes);

    const fresh = await startTestHost({ parallel: 1 });
    try {
      const upload = await fetch(`${fresh.serve.url}archives/${encodeURIComponent(exported.fileName)}`, {
        method: 'PUT',
        body: bytes,
      });
      expect(upload.status).toBe(201);
      const { fileName } = (await upload.json()) as { fileName: string };
      const imported = await fresh.call('archive/import', { fileName });
      expect(imported).toMatchObject({ experimentsAdded: 1, runsAdded: 5, runsSkipped: 0 });
      expect((await fresh.call('runs/list', {})).total).toBe(5);
      expect(fresh.received.some((e) => e.name === 'runs/changed')).toBe(true);
      const twice = await fresh.call('archive/import', { fileName });
      expect(twice).toMatchObject({ runsAdded: 0, runsSkipped: 5 });
      used.add('archive/import');
    } finally {
      await fresh.close();
    }
  });

  it('experiments/rename renames the experiment and its stored spec; history finds it by the new name', async () => {
    const renamed = await call('experiments/rename', { id: experimentId, name: '  grid for figure 2 ' });
    expect(renamed.name).toBe('grid for figure 2');
    expect(renamed.spec.name).toBe('grid for figure 2');
    expect((await call('runs/list', { filters: { text: 'figure 2' } })).total).toBe(5);
    const blank = await failure(call('experiments/rename', { id: experimentId, name: '  ' }));
    expect(blank.issueFor('name')).toBeDefined();
    const missing = await failure(call('experiments/rename', { id: 'no-such-id', name: 'x' }));
    expect(missing.code).toBe('not-found');
  });

  it('experiments/delete deletes the experiment with every run of it and says how many', async () => {
    const changed = host.waitFor('runs/changed', (e) => e.reason === 'deleted');
    expect(await call('experiments/delete', { id: experimentId })).toEqual({ id: experimentId, deletedRuns: 5 });
    await changed;
    expect((await failure(call('experiments/get', { id: experimentId }))).code).toBe('not-found');
    expect((await call('runs/list', { filters: { experimentIds: [experimentId] } })).total).toBe(0);
    expect((await failure(call('experiments/delete', { id: experimentId }))).code).toBe('not-found');
  });
});

describe('the queue: cancel, cancel all, resume', () => {
  it('runs/cancel stops a running run, runs/resume queues it again, runs/cancelAll stops it again', async () => {
    const started = host.waitFor('run/progress', () => true);
    const { runIds, experiment } = await call('experiments/create', { spec: LONG });
    const [id] = runIds;
    await started;
    const deleting = await failure(call('runs/delete', { ids: [id] }));
    expect(deleting.code).toBe('conflict');
    const deletingExperiment = await failure(call('experiments/delete', { id: experiment.id }));
    expect(deletingExperiment.code).toBe('conflict');
    expect(deletingExperiment.message).toMatch(/1 queued or running/);

    const ended = host.waitFor('run/finished', (e) => e.runId === id);
    expect(await call('runs/cancel', { id })).toEqual({ id, cancelled: true });
    expect((await ended).status).toBe('cancelled');
    expect((await call('runs/get', { id })).status).toBe('cancelled');
    expect(await call('runs/cancel', { id })).toEqual({ id, cancelled: false });

    const restarted = host.waitFor('run/status', (e) => e.runId === id && e.status === 'running');
    expect((await call('runs/resume', { ids: [id] })).resumed).toEqual([id]);
    await restarted;
    const endedAgain = host.waitFor('run/finished', (e) => e.runId === id);
    expect((await call('runs/cancelAll', {})).cancelled).toBe(1);
    expect((await endedAgain).status).toBe('cancelled');
    // nothing is interrupted, so resuming "every interrupted run" resumes none
    expect((await call('runs/resume', {})).resumed).toEqual([]);
  });
});

describe('interrupted runs', () => {
  it('a run left running when its host closed is interrupted, and runs/resume on the next host continues it', async () => {
    const first = await startTestHost({ parallel: 1, keepDir: true });
    let id = '';
    try {
      const started = first.waitFor('run/progress', () => true);
      [id] = (await first.call('experiments/create', { spec: LONG })).runIds;
      await started;
    } finally {
      await first.close();
    }
    const second = await startTestHost({ parallel: 1, dir: first.dir });
    try {
      const run = await second.call('runs/get', { id });
      expect(run.status).toBe('interrupted');
      expect(run.error).toBeTruthy();
      const running = second.waitFor('run/status', (e) => e.runId === id && e.status === 'running');
      expect((await second.call('runs/resume', {})).resumed).toEqual([id]);
      await running;
      const ended = second.waitFor('run/finished', (e) => e.runId === id);
      expect(await second.call('runs/cancel', { id })).toEqual({ id, cancelled: true });
      expect((await ended).status).toBe('cancelled');
    } finally {
      await second.close();
    }
  });
});

describe('slurm', () => {
  it('slurm/write writes a job folder under the data folder, with folder-relative scripts', async () => {
    const info = await call('app/info', {});
    const job = await call('slurm/write', {
      spec: { ...SMALL, name: 'cluster grid' },
      options: { shards: 3, time: '0:30:00' },
    });
    expect(job.folder.startsWith(join(info.dataDir, 'slurm-jobs', 'cluster-grid-'))).toBe(true);
    expect(readdirSync(job.folder).sort()).toEqual([
      'job.json',
      'logs',
      'merge.sbatch',
      'results',
      'shards.sbatch',
      'spec.json',
    ]);
    expect(readFileSync(join(job.folder, 'shards.sbatch'), 'utf8')).toBe(job.shardScript);
    expect(job.shardScript).toContain('#SBATCH --array=0-2');
    expect(job.shardScript).toContain('#SBATCH --time=0:30:00');
    expect(job.shardScript).toContain(`'spherelab' sweep spec.json --shard`);
    expect(job.mergeScript).toMatch(/exec 'spherelab' slurm merge \.$/m);
    const second = await call('slurm/write', {
      spec: { ...SMALL, name: 'cluster grid' },
      options: { shards: 3 },
    });
    expect(second.folder).not.toBe(job.folder);
    const bad = await failure(
      call('slurm/write', { spec: SMALL, options: { shards: 2, time: '1h; rm -rf ~' } }),
    );
    expect(bad.issueFor('options.time')).toMatch(/Slurm time limit/);
  });
});

describe('errors', () => {
  it('a bad payload gets a validation error naming the field', async () => {
    const n = await failure(call('experiments/create', { spec: { ...SMALL, n: 1 } }));
    expect(n.code).toBe('validation');
    expect(n.issues.map((i) => i.path)).toContain('spec.n');
    expect(n.message).toContain('spec.n');

    const limit = await failure(call('runs/list', { page: { offset: 0, limit: 5000 } }));
    expect(limit.issueFor('page.limit')).toMatch(/at most 1000/);

    const sort = await failure(
      call('runs/list', { sort: [{ column: 'drop table' as never, direction: 'asc' }] }),
    );
    expect(sort.issues[0].path).toBe('sort.0.column');

    const note = await failure(call('runs/note', { note: 'x' } as never));
    expect(note.issueFor('id')).toBeDefined();

    const path = await failure(call('archive/import', { fileName: '../spherelab.db' }));
    expect(path.issueFor('fileName')).toBeDefined();
  });

  it('an unknown request name is refused by name', async () => {
    const error = await failure(host.client.request('runs/explode' as RequestName, {} as never));
    expect(error.code).toBe('unknown-request');
    expect(error.message).toContain('runs/explode');
  });

  it('every request of the contract was called in this file', () => {
    // paths/* have a file of their own (paths.test.ts)
    expect(REQUEST_NAMES.filter((name) => !used.has(name) && !name.startsWith('paths/'))).toEqual([]);
  });
});

import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunSpec } from '../../core/spec/run-spec';
import { OwnerLease, ownerGone } from '../../electron/backend/store/owner-lease';
import { openStore } from '../../electron/backend/store/store';
import { fakeResult, numbers, tempDir } from './store-fixtures';

const spec = (n: number, d: number, seed = 1) => RunSpec.parse({ energy: 'ce', n, d, seed });
const bytes = (a: Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

describe('store', () => {
  it('round-trips a configuration of n = 1000, d = 7 bit-exact, special values included', () => {
    const store = openStore(join(tempDir(), 's.db'));
    const lease = new OwnerLease(store.db);
    const id = store.insertRun(spec(1000, 7), { owner: lease.id });
    expect(store.claimRun(id, lease.id)).toBe(true);
    const result = fakeResult(1000, 7, 11);
    result.points.set([
      -0,
      Number.MIN_VALUE,
      1 - Number.EPSILON / 2,
      Number.MAX_VALUE,
      -1e-310,
      Math.PI,
      Math.E,
    ]);
    store.finishRun(id, result);
    const back = store.getConfiguration(id, 'final')!;
    expect([back.rows, back.d]).toEqual([1000, 7]);
    expect(bytes(back.points).equals(bytes(result.points))).toBe(true);
    expect(Object.is(back.points[0], -0)).toBe(true);
    lease.release();
    store.close();
  });

  it('stores a two-set configuration as 2n rows (H then W) beside n and d, and nothing else', () => {
    const store = openStore(join(tempDir(), 's.db'));
    const lease = new OwnerLease(store.db);
    const id = store.insertRun(RunSpec.parse({ energy: 'two-set', n: 5, d: 3 }), { owner: lease.id });
    store.claimRun(id, lease.id);
    const points = (rows: number) => ({
      points: new Float64Array(rows * 3),
      rows,
      d: 3,
      restart: 0,
      iteration: 1,
      energy: 1,
    });
    const progress = { restart: 0, iteration: 1, energy: 1, gradNorm: 1, elapsedMs: 1 };
    store.recordProgress(id, { progress, trace: [], checkpoint: points(10) });
    expect(store.getConfiguration(id, 'checkpoint')).toMatchObject({ rows: 10, d: 3 });
    expect(store.db.prepare('SELECT n FROM configurations WHERE run_id = ?').pluck().get(id)).toBe(5);
    expect(() => store.recordProgress(id, { progress, trace: [], checkpoint: points(7) })).toThrow(
      /CHECK constraint/,
    );
    lease.release();
    store.close();
  });

  it('keeps progress, the latest checkpoint and the trace, then the final result in place of the checkpoint', () => {
    const store = openStore(join(tempDir(), 's.db'));
    const lease = new OwnerLease(store.db);
    const id = store.insertRun(spec(4, 3), { owner: lease.id });
    expect(store.getRun(id)!.status).toBe('queued');
    expect(store.claimRun(id, lease.id)).toBe(true);
    expect(store.claimRun(id, lease.id)).toBe(false);
    const sample = (iteration: number) => ({
      restart: 0,
      iteration,
      energy: 10 - iteration,
      gradNorm: 1 / (iteration + 1),
      elapsedMs: iteration,
    });
    const checkpoint = (iteration: number) => ({
      points: new Float64Array(12).fill(iteration),
      rows: 4,
      d: 3,
      restart: 0,
      iteration,
      energy: 10 - iteration,
    });
    store.recordProgress(id, {
      progress: sample(1),
      trace: [sample(0), sample(1)],
      checkpoint: checkpoint(1),
    });
    store.recordProgress(id, {
      progress: sample(3),
      trace: [sample(2), sample(3)],
      checkpoint: checkpoint(3),
    });
    let run = store.getRun(id)!;
    expect(run.status).toBe('running');
    expect(run.progress).toEqual(sample(3));
    expect(run.checkpointIteration).toBe(3);
    expect(store.getConfiguration(id, 'checkpoint')!.points[0]).toBe(3);
    expect(Array.from(store.getTrace(id).iteration)).toEqual([0, 1, 2, 3]);

    const result = fakeResult(4, 3, 5);
    // the solver's own trace starts at iteration 2: stored samples from 2 on are replaced by it
    result.trace = [2, 3, 4].map(sample);
    store.finishRun(id, result);
    run = store.getRun(id)!;
    expect(run.status).toBe('completed');
    expect(run.owner).toBeNull();
    expect(run.metrics).toEqual(result.summary.metrics);
    expect(run.finalEnergy).toBe(result.summary.energy);
    expect([run.iterations, run.evaluations, run.stopReason, run.evaluator]).toEqual([
      40,
      50,
      'converged',
      'direct',
    ]);
    expect(Array.from(store.getTrace(id).iteration)).toEqual([0, 1, 2, 3, 4]);
    expect(store.getConfiguration(id, 'checkpoint')).toBeNull();
    expect(() => store.finishRun(id, result)).toThrow(/not running/);
    lease.release();
    store.close();
  });

  it('creates an experiment with its runs, tags and notes, and deletes it only when nothing is active', () => {
    const store = openStore(join(tempDir(), 's.db'));
    const { experiment, runIds } = store.createExperiment(
      {
        spec: { name: 'grid', energy: 'ce', n: [3, 4], d: { from: 2, to: 4, step: 1 }, seeds: [1, 2] },
        tags: ['paper', ' paper ', 'b'],
      },
      null,
    );
    expect(runIds).toHaveLength(12);
    expect(experiment.tags).toEqual(['b', 'paper']);
    expect(experiment.counts.queued).toBe(12);
    store.setNote({ experimentId: experiment.id }, 'first try');
    store.setTags({ runId: runIds[0]! }, ['odd']);
    store.setNote({ runId: runIds[0]! }, 'look at this one');
    expect(store.getRun(runIds[0]!)).toMatchObject({
      tags: ['odd'],
      note: 'look at this one',
      experimentId: experiment.id,
    });
    expect(store.getExperiment(experiment.id)!.note).toBe('first try');
    expect(() => store.deleteExperiment(experiment.id)).toThrow(/12 queued or running/);
    expect(store.deleteRuns(runIds)).toBe(0);
    for (const id of runIds) store.endRun(id, 'cancelled', 'test');
    expect(store.getExperiment(experiment.id)!.counts).toMatchObject({ cancelled: 12, queued: 0 });
    expect(store.deleteExperiment(experiment.id)).toBe(1);
    expect(store.getRun(runIds[0]!)).toBeNull();
    expect(store.db.prepare('SELECT count(*) FROM tags').pluck().get()).toBe(0);
    store.close();
  });

  it('resolves unique id prefixes and names the candidates otherwise', () => {
    const store = openStore(join(tempDir(), 's.db'));
    const ids = [1, 2, 3].map((seed) => store.insertRun(spec(3, 2, seed)));
    expect(store.resolveRunId(ids[0]!.slice(0, 8))).toBe(ids[0]);
    expect(() => store.resolveRunId('zzzz')).toThrow(/not a run id/);
    expect(() => store.resolveRunId('0000000')).toThrow(/no run/);
    store.close();
  });

  it('marks interrupted only the runs whose owner is gone, never those of a live process', () => {
    const path = join(tempDir(), 's.db');
    const store = openStore(path);
    const live = new OwnerLease(store.db);
    // a process that has exited: its pid is free (or reused, then only an old heartbeat counts)
    const dead = spawnSync(process.execPath, [
      '-e',
      'process.stdout.write(String(process.pid))',
    ]).stdout.toString();
    const deadOwner = `${dead}@${hostname()}#deadbeef`;
    const staleOwner = `${process.pid}@elsewhere#0000`;
    const insertOwner = store.db.prepare(
      'INSERT INTO owners (id, pid, host, started_at, heartbeat_at) VALUES (?, ?, ?, ?, ?)',
    );
    insertOwner.run(deadOwner, Number(dead), hostname(), Date.now(), Date.now());
    insertOwner.run(staleOwner, process.pid, 'elsewhere', 0, Date.now() - 60_000);
    const mine = store.insertRun(spec(3, 2), { owner: live.id });
    const crashed = store.insertRun(spec(3, 2, 2), { owner: deadOwner });
    expect(store.claimRun(crashed, deadOwner)).toBe(true);
    const waiting = store.insertRun(spec(3, 2, 3), { owner: deadOwner });
    const remote = store.insertRun(spec(3, 2, 4), { owner: staleOwner });

    const other = openStore(path); // a second process opening the database runs recovery
    expect(other.getRun(mine)!.status).toBe('queued');
    for (const id of [crashed, waiting, remote])
      expect(other.getRun(id)).toMatchObject({ status: 'interrupted', owner: null });
    expect(other.getRun(crashed)!.error).toMatch(/ended before the run finished/);
    expect(other.recoverInterrupted()).toEqual([]);
    expect(other.requeueRuns([crashed, mine], live.id)).toEqual([crashed]);
    other.close();
    live.release();
    store.close();
  });
});

describe('owner liveness', () => {
  const now = Date.now();
  const here = hostname();
  it('on this host: a live pid is alive through a silent minute (a suspended laptop), a dead pid is gone at once', () => {
    expect(ownerGone({ id: 'a', pid: process.pid, host: here, heartbeat_at: now - 60_000 }, now)).toBe(false);
    const dead = Number(
      spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout,
    );
    expect(ownerGone({ id: 'b', pid: dead, host: here, heartbeat_at: now }, now)).toBe(true);
  });

  it('a live pid silent for hours was reused by another program; another host counts by its lease', () => {
    expect(ownerGone({ id: 'c', pid: process.pid, host: here, heartbeat_at: now - 2 * 3_600_000 }, now)).toBe(
      true,
    );
    expect(ownerGone({ id: 'd', pid: 1, host: 'elsewhere', heartbeat_at: now - 5_000 }, now)).toBe(false);
    expect(ownerGone({ id: 'e', pid: 1, host: 'elsewhere', heartbeat_at: now - 60_000 }, now)).toBe(true);
  });
});

describe('history and compare queries', () => {
  // 3 energies x n in {3..6} x d in {2,3} x seeds {1,2,3}; energy = n + d + seed/10 for easy expectations
  function seeded() {
    const store = openStore(join(tempDir(), 'h.db'));
    const lease = new OwnerLease(store.db);
    const { experiment } = store.createExperiment(
      { spec: { name: 'sweep alpha', energy: 'ce', n: [3, 4, 5, 6], d: [2, 3], seeds: [1, 2, 3] } },
      lease.id,
    );
    const { experiment: other, runIds: otherIds } = store.createExperiment(
      { spec: { name: 'frames', energy: 'frame', n: [8], d: [4], seeds: [1] }, tags: ['tight'] },
      lease.id,
    );
    const runs = store.listRuns({
      filters: { experimentIds: [experiment.id] },
      page: { offset: 0, limit: 1000 },
    }).rows;
    const rnd = numbers(3);
    for (const run of runs) {
      store.claimRun(run.id, lease.id);
      const result = fakeResult(run.n, run.d, run.seed, run.n + run.d + run.seed / 10);
      result.summary.metrics.etfDistance = rnd();
      store.finishRun(run.id, result);
    }
    store.endRun(otherIds[0]!, 'failed', 'solver process was killed by SIGKILL');
    lease.release();
    return { store, experiment, other, runs };
  }

  it('filters by experiment, energy, ranges, status, tag and free text, with totals and pages', () => {
    const { store, experiment, other } = seeded();
    const total = (filters: object) => store.listRuns({ filters, page: { offset: 0, limit: 1 } }).total;
    expect(total({})).toBe(25);
    expect(total({ experimentIds: [experiment.id] })).toBe(24);
    expect(total({ energyKinds: ['frame'] })).toBe(1);
    expect(total({ n: { min: 4, max: 5 }, d: { max: 2 } })).toBe(6);
    expect(total({ s: { min: 1, max: 1 } })).toBe(25);
    expect(total({ statuses: ['failed'] })).toBe(1);
    expect(total({ tags: ['tight'] })).toBe(1);
    expect(total({ text: 'SIGKILL' })).toBe(1);
    expect(total({ text: 'alpha' })).toBe(24);
    expect(total({ text: '100%' })).toBe(0);
    const someRun = store.listRuns({ page: { offset: 3, limit: 1 } }).rows[0]!;
    expect(
      store.listRuns({ filters: { text: someRun.id.slice(0, 8).toUpperCase() } }).rows.map((r) => r.id),
    ).toEqual([someRun.id]);
    expect(store.listRuns({ filters: { experimentIds: [other.id] } }).rows[0]!.status).toBe('failed');

    const sorted = store.listRuns({
      filters: { experimentIds: [experiment.id] },
      sort: [{ column: 'finalEnergy', direction: 'desc' }],
      page: { offset: 2, limit: 3 },
    });
    expect(sorted.total).toBe(24);
    expect(sorted.rows.map((r) => r.finalEnergy)).toEqual([9.1, 8.3, 8.3]); // 9.3, 9.2 skipped; 8.3 twice: (6,2) and (5,3);
    const byMetric = store.listRuns({
      sort: [{ column: 'etfDistance', direction: 'asc' }],
      page: { offset: 0, limit: 30 },
    }).rows;
    expect(byMetric.at(-1)!.status).toBe('failed'); // no metric: last either way
    const values = byMetric.slice(0, -1).map((r) => r.metrics!.etfDistance);
    expect(values).toEqual([...values].sort((a, b) => a - b));
    expect(() =>
      store.listRuns({ sort: [{ column: 'id; DROP TABLE runs' as 'n', direction: 'asc' }] }),
    ).toThrow();
    store.close();
  });

  it('aggregates a metric over seeds in SQL: best, mean, min, max, stddev, count', () => {
    const { store, experiment, runs } = seeded();
    const result = store.compare({
      filters: { experimentIds: [experiment.id] },
      x: 'n',
      y: 'finalEnergy',
      groupBy: ['d'],
      aggregate: 'seeds',
    });
    expect(result.series.map((s) => s.key)).toEqual(['d=2', 'd=3']);
    const point = result.series[1]!.points[1]!; // d = 3, n = 4: energies 7.1, 7.2, 7.3
    expect(point).toMatchObject({ x: 4, y: 7.1, min: 7.1, max: 7.3, count: 3 });
    expect(point.mean).toBeCloseTo(7.2, 12);
    expect(point.stddev).toBeCloseTo(0.1, 12);
    expect(runs.find((r) => r.id === point.runId)).toMatchObject({ n: 4, d: 3, seed: 1 });

    // best = the etfDistance of the lowest-energy run (seed 1), not the lowest etfDistance
    const etf = store.compare({
      filters: { experimentIds: [experiment.id] },
      x: 'n',
      y: 'etfDistance',
      groupBy: ['d'],
      aggregate: 'seeds',
    });
    const lowestEnergy = (n: number, d: number) =>
      store.listRuns({
        filters: { n: { min: n, max: n }, d: { min: d, max: d } },
        sort: [{ column: 'finalEnergy', direction: 'asc' }],
      }).rows[0]!;
    for (const series of etf.series)
      for (const p of series.points)
        expect(p.y).toBe(lowestEnergy(p.x, series.group.d!).metrics!.etfDistance);
    const lowestValue = store.compare({
      filters: { experimentIds: [experiment.id] },
      x: 'n',
      y: 'etfDistance',
      groupBy: ['d'],
      aggregate: 'seeds',
      best: 'lowest-value',
    });
    for (const s of lowestValue.series) for (const p of s.points) expect(p.y).toBe(p.min);

    const scatter = store.compare({ x: 'uniformGap', y: 'framePotentialRatio', aggregate: 'none' });
    // n and d vary in the selection: never joined into one line, one series per (n, d) grid point
    expect(scatter.split).toEqual(['n', 'd']);
    expect(scatter.series).toHaveLength(8);
    expect(scatter.series.flatMap((s) => s.points)).toHaveLength(24); // the failed run has no metrics
    store.close();
  });
});

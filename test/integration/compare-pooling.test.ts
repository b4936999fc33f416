import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OwnerLease } from '../../electron/backend/store/owner-lease';
import { openStore } from '../../electron/backend/store/store';
import { fakeResult, tempDir } from './store-fixtures';

/**
 * A compare point pools only runs that differ by seed: the frame-potential preset's grid (n x d x s,
 * two seeds) plotted as x = s, one series per n, must not average d = 3 with d = 4.
 */
function presetGrid() {
  const store = openStore(join(tempDir(), 'pool.db'));
  const lease = new OwnerLease(store.db);
  const { experiment, runIds } = store.createExperiment(
    { spec: { name: 'frame potential', energy: 'ce', n: [6, 10], d: [3, 4], s: [0.25, 1], seeds: [1, 2] } },
    lease.id,
  );
  for (const id of runIds) {
    const run = store.getRun(id)!;
    store.claimRun(id, lease.id);
    // y depends on n, d and s but not on the seed: any spread would come from pooling across d
    const result = fakeResult(run.n, run.d, run.seed, 100 * run.n + 10 * run.d + run.s + run.seed / 1000);
    result.summary.metrics.uniformEnergy = run.n + run.d / 10 + run.s / 100;
    store.finishRun(id, result);
  }
  lease.release();
  return { store, experimentId: experiment.id, runIds };
}

describe('compare pools seeds only', () => {
  it('splits the series by every other setting that varies, and names the runs behind each point', () => {
    const { store, experimentId, runIds } = presetGrid();
    const result = store.compare({
      filters: { experimentIds: [experimentId] },
      x: 's',
      y: 'uniformEnergy',
      groupBy: ['n'],
      aggregate: 'seeds',
    });
    expect(result.split).toEqual(['d']);
    expect(result.values).toMatchObject({ n: [6, 10], d: [3, 4], s: [0.25, 1], energyKind: ['ce'] });
    expect(result.series.map((s) => s.key)).toEqual(['n=6, d=3', 'n=6, d=4', 'n=10, d=3', 'n=10, d=4']);
    const seen = new Set<string>();
    for (const series of result.series) {
      expect(series.split).toEqual({ d: series.key.endsWith('d=3') ? 3 : 4 });
      for (const p of series.points) {
        // two seeds, the same y: no spread
        expect([p.count, p.min, p.max]).toEqual([2, p.y, p.y]);
        expect(p.runIds).toHaveLength(2);
        const runs = p.runIds!.map((id) => store.getRun(id)!);
        expect(new Set(runs.map((r) => `${r.n},${r.d},${r.s}`)).size).toBe(1);
        expect(runs.map((r) => r.seed).sort()).toEqual([1, 2]);
        expect(p.runIds).toContain(p.runId);
        p.runIds!.forEach((id) => seen.add(id));
      }
    }
    expect(seen.size).toBe(runIds.length);

    // "best" picks within a grid point, never across d or s
    const best = store.compare({
      filters: { experimentIds: [experimentId] },
      x: 'n',
      y: 'finalEnergy',
      aggregate: 'seeds',
    });
    expect(best.split).toEqual(['d', 's']);
    for (const series of best.series)
      for (const p of series.points) {
        const run = store.getRun(p.runId)!;
        expect([run.d, run.s, run.seed]).toEqual([series.split!.d, series.split!.s, 1]);
      }

    // grouping by a setting takes it out of the split; every run is its own point with aggregate none
    const none = store.compare({
      filters: { experimentIds: [experimentId] },
      x: 'n',
      y: 'uniformEnergy',
      groupBy: ['d', 's'],
      aggregate: 'none',
    });
    expect(none.split).toEqual([]);
    expect(none.series.flatMap((s) => s.points)).toHaveLength(runIds.length);
    store.close();
  });
});

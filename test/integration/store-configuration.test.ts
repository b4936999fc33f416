import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Configuration } from '../../core/configuration';
import { RunSpec } from '../../core/spec/run-spec';
import { OwnerLease } from '../../electron/backend/store/owner-lease';
import { openStore } from '../../electron/backend/store/store';
import { fakeResult, tempDir } from './store-fixtures';

const named: Configuration = {
  name: 'simplex-sum',
  parts: [3, 3, 2],
  closedFormEnergy: 9.550905785302483,
  gap: -1.7763568394002505e-15,
  invariants: {
    distinctInnerProducts: 3,
    rank: 5,
    framePotentialRatio: 1.015625,
    antipodal: false,
    tight: false,
    tolerance: 3.1e-4,
  },
};
const unnamed: Configuration = {
  name: 'unrecognised',
  invariants: { ...named.invariants!, distinctInnerProducts: 28 },
};

describe('a run stores what it found (migrations/0005_configuration.sql)', () => {
  it('writes, reads back, filters and sorts by configuration name, and clears it on requeue', () => {
    const store = openStore(join(tempDir(), 'c.db'));
    const lease = new OwnerLease(store.db);
    const finish = (configuration: Configuration | undefined, seed: number) => {
      const id = store.insertRun(RunSpec.parse({ energy: 'ce', n: 8, d: 5, seed }), { owner: lease.id });
      store.claimRun(id, lease.id);
      const result = fakeResult(8, 5, seed);
      result.summary.configuration = configuration;
      store.finishRun(id, result);
      return id;
    };
    const a = finish(named, 1);
    const b = finish(unnamed, 2);
    const old = finish(undefined, 3);
    expect(store.getRun(a)!.configuration).toEqual(named);
    expect(store.getRun(b)!.configuration).toEqual(unnamed);
    expect(store.getRun(old)!.configuration).toBeNull();
    expect(store.getRun(a)!.damaged).toBeUndefined();

    const ids = (names: Configuration['name'][]) =>
      store.listRuns({ filters: { configurationNames: names } }).rows.map((r) => r.id);
    expect(ids(['simplex-sum'])).toEqual([a]);
    expect(ids(['simplex-sum', 'unrecognised']).sort()).toEqual([a, b].sort());
    expect(ids([])).toEqual([]);
    const sorted = store.listRuns({ sort: [{ column: 'configurationName', direction: 'asc' }] }).rows;
    expect(sorted.map((r) => r.id)).toEqual([a, b, old]);

    store.db.prepare("UPDATE runs SET status = 'failed' WHERE id = ?").run(a);
    expect(store.requeueRuns([a], lease.id)).toEqual([a]);
    expect(store.getRun(a)!.configuration).toBeNull();
    lease.release();
    store.close();
  });

  it('a stored name that no longer parses reads as no configuration, never a damaged run', () => {
    const store = openStore(join(tempDir(), 'd.db'));
    const lease = new OwnerLease(store.db);
    const id = store.insertRun(RunSpec.parse({ energy: 'ce', n: 4, d: 3 }), { owner: lease.id });
    store.claimRun(id, lease.id);
    store.finishRun(id, { ...fakeResult(4, 3, 1) });
    store.db.prepare("UPDATE runs SET configuration_name = 'dodecahedron' WHERE id = ?").run(id);
    const run = store.getRun(id)!;
    expect(run.configuration).toBeNull();
    expect(run.damaged).toBeUndefined();
    expect(() =>
      store.db.prepare("UPDATE runs SET configuration_parts = '[3,' WHERE id = ?").run(id),
    ).toThrow(/CHECK/);
    lease.release();
    store.close();
  });

  it('refuses an unknown name in a history filter, naming what is allowed', () => {
    const store = openStore(join(tempDir(), 'e.db'));
    expect(() => store.listRuns({ filters: { configurationNames: ['dodecahedron' as 'polygon'] } })).toThrow(
      /simplex-etf/,
    );
    store.close();
  });
});

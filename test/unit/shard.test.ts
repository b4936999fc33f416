import { describe, expect, it } from 'vitest';
import { expandExperiment } from '../../core/spec/experiment-spec';
import { formatShard, parseShard, takeShard } from '../../core/spec/shard';

describe('shards of an experiment', () => {
  const runs = expandExperiment({
    name: 'grid',
    energy: 'ce',
    n: { from: 4, to: 11, step: 1 },
    d: [3, 4, 5],
    s: [1, 2],
    seeds: [1, 2, 3, 4],
  });

  it('N shards are a partition of the grid, in its order, with sizes differing by at most one', () => {
    expect(runs).toHaveLength(192);
    for (const count of [1, 2, 3, 7, 192, 500]) {
      const shards = Array.from({ length: count }, (_, index) => takeShard(runs, { index, count }));
      const sizes = shards.map((s) => s.length);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      const merged = shards.flat();
      expect(merged).toHaveLength(runs.length);
      expect(new Set(merged)).toEqual(new Set(runs));
      for (const shard of shards) expect(shard).toEqual(runs.filter((r) => shard.includes(r)));
    }
  });

  it('parses I/N and refuses what Slurm would never give', () => {
    expect(parseShard('0/3')).toEqual({ index: 0, count: 3 });
    expect(formatShard(parseShard(' 9999/10000 '))).toBe('9999/10000');
    for (const bad of ['3/3', '-1/3', '1/0', '1', '1/2/3', 'a/b', '0/10001', '1.5/3', ''])
      expect(() => parseShard(bad), bad).toThrow(/0 <= I < N <= 10000/);
  });
});

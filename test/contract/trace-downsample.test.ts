import { describe, expect, it } from 'vitest';
import { downsampleIndices } from '../../electron/backend/api/trace-downsample';

/** runs/trace's min/max buckets: a long trace shrinks to maxPoints and keeps its extremes. */
describe('trace downsampling', () => {
  it('keeps a short trace whole', () => {
    expect(downsampleIndices(new Float64Array([3, 2, 1]), 10)).toEqual([0, 1, 2]);
  });

  it('keeps the ends, every spike and every dip, within maxPoints', () => {
    const energy = new Float64Array(10_000).map((_, i) => 1 / (i + 1));
    energy[4321] = 50; // a spike (a restart)
    energy[7777] = -5; // a dip
    const picked = downsampleIndices(energy, 100);
    expect(picked.length).toBeLessThanOrEqual(100);
    expect(picked.length).toBeGreaterThan(50);
    expect(picked[0]).toBe(0);
    expect(picked.at(-1)).toBe(9999);
    expect(picked).toContain(4321);
    expect(picked).toContain(7777);
    expect([...picked].sort((a, b) => a - b)).toEqual(picked);
  });
});

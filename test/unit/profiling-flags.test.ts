import { describe, expect, it } from 'vitest';
import { profilingFlags } from '../../electron/solver/spawner';

describe("the host's profiling flags handed to its solvers", () => {
  it('keeps --cpu-prof and its options with their values, in both forms, and nothing else', () => {
    expect(profilingFlags(['--cpu-prof', '--cpu-prof-dir', '/tmp/p', '--max-old-space-size=512'])).toEqual([
      '--cpu-prof',
      '--cpu-prof-dir',
      '/tmp/p',
    ]);
    expect(profilingFlags(['--cpu-prof', '--cpu-prof-dir=/tmp/p', '--cpu-prof-interval', '100'])).toEqual([
      '--cpu-prof',
      '--cpu-prof-dir=/tmp/p',
      '--cpu-prof-interval',
      '100',
    ]);
    expect(profilingFlags(['--import', 'tsx'])).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import {
  axisValues,
  ExpansionError,
  expandExperiment,
  ExperimentSpec,
  MAX_EXPERIMENT_RUNS,
} from '../../core/spec/experiment-spec';

describe('experiment spec', () => {
  it('reads numbers, lists, step ranges and counted (log) ranges', () => {
    expect(axisValues(5, true)).toEqual([5]);
    expect(axisValues([4, 2, 4], true)).toEqual([2, 4]);
    expect(axisValues({ from: 0.5, to: 2, step: 0.5 }, false)).toEqual([0.5, 1, 1.5, 2]);
    // 0.1 steps accumulate rounding; the values are the decimal ones and `to` is kept
    expect(axisValues({ from: 0.1, to: 0.5, step: 0.1 }, false)).toEqual([0.1, 0.2, 0.3, 0.4, 0.5]);
    expect(axisValues({ from: 10, to: 1000, count: 3, spacing: 'log' }, true)).toEqual([10, 100, 1000]);
    expect(axisValues({ from: 2, to: 3, count: 5, spacing: 'linear' }, true)).toEqual([2, 3]);
  });

  it('expands into one RunSpec per grid point and seed, with the optimizer settings', () => {
    const runs = expandExperiment({
      name: 'g',
      energy: 'ce',
      n: [3, 4],
      d: { from: 2, to: 3, step: 1 },
      s: [1, 5],
      seeds: [1, 2, 3],
      tol: 1e-10,
      restarts: 2,
    });
    expect(runs).toHaveLength(2 * 2 * 2 * 3);
    expect(runs[0]).toMatchObject({
      energy: 'ce',
      n: 3,
      d: 2,
      s: 1,
      seed: 1,
      tol: 1e-10,
      restarts: 2,
      optimizer: 'lbfgs',
    });
    expect(runs.at(-1)).toMatchObject({ n: 4, d: 3, s: 5, seed: 3 });
  });

  it('multiplies by alpha only for the Riesz energy', () => {
    expect(expandExperiment({ name: 'r', energy: 'riesz', n: 5, d: 3, alpha: [1, 2] })).toHaveLength(2);
    expect(expandExperiment({ name: 'c', energy: 'ce', n: 5, d: 3, alpha: [1, 2] })).toHaveLength(1);
  });

  it('refuses bad specs and grids beyond the cap with messages that say what is allowed', () => {
    expect(ExperimentSpec.safeParse({ name: 'x', energy: 'ce', n: 4, d: 3, bogus: 1 }).success).toBe(false);
    expect(
      ExperimentSpec.safeParse({ name: 'x', energy: 'ce', n: { from: 5, to: 2, step: 1 }, d: 3 }).error
        ?.issues[0]?.message,
    ).toBeDefined();
    expect(() => expandExperiment({ name: 'x', energy: 'ce', n: 1, d: 3 })).toThrow(
      /grid point n=1 d=3 .*n:/,
    );
    const big = {
      name: 'x',
      energy: 'ce' as const,
      n: { from: 2, to: 201, step: 1 },
      d: { from: 2, to: 101, step: 1 },
    };
    expect(() => expandExperiment(big)).toThrow(ExpansionError);
    expect(() => expandExperiment(big)).toThrow(
      `expands into 20000 runs (200 n x 100 d x 1 s x 1 alpha x 1 seeds); at most ${MAX_EXPERIMENT_RUNS}`,
    );
  });
});

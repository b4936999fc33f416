import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ExperimentSpec, expandExperiment } from '../../../core/spec/experiment-spec';
import { estimateCost, longSeconds, runMemoryBytes, type Machine } from '../../../renderer/design/estimate';
import { setPlatform, type Platform } from '../../../renderer/platform/platform';
import { formatAxis, parseAxis } from '../../../renderer/design/axis-text';
import { PRESETS } from '../../../renderer/design/presets';
import { axisPreview, blankForm, checkForm, formFromSpec, useDesignStore, type DesignForm } from '../../../renderer/stores/design';

const form = (over: Partial<DesignForm> = {}): DesignForm => ({ ...blankForm(), name: 'test', ...over });

describe('axis text', () => {
  it('reads values, lists and the three kinds of range', () => {
    expect(parseAxis('5')).toEqual({ ok: true, axis: 5 });
    expect(parseAxis(' 4, 6 8 ')).toEqual({ ok: true, axis: [4, 6, 8] });
    expect(parseAxis('2..10')).toEqual({ ok: true, axis: { from: 2, to: 10, step: 1 } });
    expect(parseAxis('2..10 by 2')).toEqual({ ok: true, axis: { from: 2, to: 10, step: 2 } });
    expect(parseAxis('0.5..8 in 5 log')).toEqual({ ok: true, axis: { from: 0.5, to: 8, count: 5, spacing: 'log' } });
    expect(parseAxis('1e-3..1 in 4')).toEqual({ ok: true, axis: { from: 1e-3, to: 1, count: 4, spacing: 'linear' } });
  });

  it('names what it could not read', () => {
    expect(parseAxis('4, x')).toMatchObject({ ok: false, message: expect.stringContaining('"x" is not a number') });
    expect(parseAxis('')).toMatchObject({ ok: false });
    expect(parseAxis('1..4 in 2.5')).toMatchObject({ ok: false, message: expect.stringContaining('whole number') });
    expect(parseAxis('1..4 by 2 log')).toMatchObject({ ok: false });
  });

  it('formats every axis back to text that parses to the same axis', () => {
    for (const axis of [3, [1, 2, 5], { from: 2, to: 9, step: 1 }, { from: 2, to: 9, step: 3 }, { from: 0.1, to: 10, count: 4, spacing: 'log' as const }]) {
      expect(parseAxis(formatAxis(axis))).toEqual({ ok: true, axis });
    }
  });
});

describe('design form check (the ExperimentSpec schema, as the host applies it)', () => {
  it('counts the runs of a valid grid: 3 n x 1 d x 2 seeds', () => {
    const check = checkForm(form());
    expect(check.fieldErrors).toEqual({});
    expect(check.runs).toHaveLength(6);
  });

  it('puts each problem under its own field', () => {
    const check = checkForm(form({ name: ' ', n: '4, x', restarts: '0', tol: '-1' }));
    expect(check.spec).toBeNull();
    expect(Object.keys(check.fieldErrors).sort()).toEqual(['n', 'name', 'restarts', 'tol']);
    expect(check.fieldErrors.n).toContain('"x"');
  });

  it('refuses a grid point the solver refuses, under the field that fails, naming its coordinates', () => {
    const check = checkForm(form({ n: '1, 4' }));
    expect(check.spec).toBeNull();
    expect(check.runs).toEqual([]);
    expect(check.fieldErrors.n).toBe('must be at least 2 (at n = 1, d = 3, s = 1, seed 1)');
  });

  it('checks the grid points while another field is in error', () => {
    const check = checkForm(form({ n: '1, 4', tol: '-1' }));
    expect(check.fieldErrors.tol).toBe('must be a positive finite number');
    expect(check.fieldErrors.n).toMatch(/n = 1/);
  });

  it('counts the runs before the experiment has a name', () => {
    const check = checkForm(form({ name: '' }));
    expect(check.spec).toBeNull();
    expect(check.fieldErrors.name).toBeDefined();
    expect(check.runs).toHaveLength(6);
  });

  it('refuses a grid larger than the host allows as a whole-grid problem', () => {
    const check = checkForm(form({ n: '2..200', d: '2..200' }));
    expect(check.gridError).toMatch(/at most/);
    expect(check.runs).toEqual([]);
  });

  it('ignores s for energies without a scale and alpha outside Riesz', () => {
    expect(checkForm(form({ energy: 'frame', s: 'nonsense' })).fieldErrors).toEqual({});
    expect(checkForm(form({ energy: 'riesz', alpha: '1, 2' })).runs).toHaveLength(12);
  });
});

describe('design form: whole numbers and messages in the user\'s terms', () => {
  it('refuses a non-integer where a whole number is meant, never rounding it', () => {
    for (const [field, text] of [['d', '3.5'], ['n', '4, 6.5'], ['n', '2.5..6'], ['seeds', '1..3 by 0.5']] as const) {
      const check = checkForm(form({ [field]: text }));
      expect(check.spec, `${field} = ${text}`).toBeNull();
      expect(check.runs).toEqual([]);
      expect(check.fieldErrors[field], `${field} = ${text}`).toMatch(/whole/);
    }
    expect(checkForm(form({ d: '3.5' })).fieldErrors.d).toBe('3.5 is not a whole number');
    expect(checkForm(form({ restarts: '2.5' })).fieldErrors.restarts).toBe('2.5 is not a whole number');
    expect(checkForm(form({ maxIter: '1e3' })).fieldErrors).toEqual({});
  });

  it('says what it got instead of "received NaN"', () => {
    const check = checkForm(form({ restarts: 'abc', tol: 'x', maxIter: '10k', timeLimitSec: '1 min' }));
    expect(check.fieldErrors).toEqual({
      restarts: '"abc" is not a number',
      tol: '"x" is not a number',
      maxIter: '"10k" is not a number',
      timeLimitSec: '"1 min" is not a number',
    });
    const all = Object.values(checkForm(form({ restarts: '0', maxIter: '0' })).fieldErrors).join(' ');
    expect(all).toBe('must be at least 1 must be at least 1');
  });

  it('names a failing grid point by the parameters its energy has', () => {
    // the frame potential has neither s nor alpha
    expect(checkForm(form({ energy: 'frame', n: '1' })).fieldErrors.n).toBe('must be at least 2 (at n = 1, d = 3, seed 1)');
    expect(checkForm(form({ energy: 'riesz', alpha: '1, -3' })).fieldErrors.alpha).toBe(
      'must be a positive finite number (at n = 4, d = 3, α = -3, seed 1)',
    );
    for (const message of Object.values(checkForm(form({ energy: 'log', n: '1', d: '0' })).fieldErrors)) {
      expect(message).not.toMatch(/alpha|α|s = |NaN|Invalid input/);
    }
  });

  it('previews what a range expands to, rounding count ranges of whole numbers', () => {
    const runs = checkForm(form({ n: '10..1000 in 3 log', s: '0.5..2 in 4', seeds: '1..5 by 2' })).runs;
    expect(axisPreview(runs, 'n')).toEqual([10, 100, 1000]);
    expect(axisPreview(runs, 's')).toEqual([0.5, 1, 1.5, 2]);
    expect(axisPreview(runs, 'seed')).toEqual([1, 3, 5]);
    expect(axisPreview(checkForm(form({ n: '2..3 in 5' })).runs, 'n')).toEqual([2, 3]);
  });

  it('clones a stored experiment into form text that expands to the same runs, settings the form lacks included', () => {
    const spec = ExperimentSpec.parse({
      name: 'sweep',
      description: 'why',
      energy: 'riesz',
      n: { from: 4, to: 12, step: 4 },
      d: [3, 5],
      alpha: { from: 0.5, to: 2, count: 3, spacing: 'log' },
      seeds: [1, 7],
      restarts: 3,
      memory: 12,
      logEnergy: 'off',
      maxIter: 900,
      timeLimitSec: 30,
    });
    const { form: cloned, carried } = formFromSpec(spec, ['a', 'b']);
    expect(cloned.name).toBe('sweep (copy)');
    expect(cloned.tags).toBe('a, b');
    const check = checkForm(cloned, carried);
    expect(check.fieldErrors).toEqual({});
    expect(check.runs).toEqual(expandExperiment(spec));
  });
});

describe('time and memory estimate', () => {
  const machine = (over: Partial<Machine> = {}): Machine => ({
    pairTermsPerSecond: 1e9,
    calibratedAt: { n: 256, d: 8, evaluator: 'direct, 1 thread' },
    memoryBytes: 24 * 1024 ** 3,
    cores: 2,
    parallel: 2,
    ...over,
  });

  it('scales pair terms by the measured rate and the iteration limit', () => {
    const runs = checkForm(form({ n: '100, 200', d: '3', seeds: '1', restarts: '2', maxIter: '1000' })).runs;
    const cost = estimateCost(runs, machine())!;
    // the largest run: 2 restarts x 200^2 x 3 pair terms per iteration at 1e9 per second
    expect(cost.largest.secondsPerIteration).toBeCloseTo((2 * 200 ** 2 * 3) / 1e9, 15);
    expect(cost.largest.secondsAtMaxIter).toBeCloseTo((1000 * 2 * 200 ** 2 * 3) / 1e9, 12);
    expect(cost.totalCoreSeconds).toBeCloseTo((1000 * 2 * (100 ** 2 + 200 ** 2) * 3) / 1e9, 12);
    expect(cost.totalWallSeconds).toBeCloseTo(cost.totalCoreSeconds / 2, 12);
    // L-BFGS keeps 2m + 8 copies of the variable, and the kernels a workspace beside it
    expect(cost.largest.memoryBytes).toBeGreaterThan(68 * 200 * 3 * 8);
    expect(cost.largest.memoryBytes).toBe(runMemoryBytes(runs.at(-1)!, 2));
    expect(cost.peakMemoryBytes).toBe(2 * cost.largest.memoryBytes);
    expect(cost.blocking).toEqual([]);
    expect(cost.warnings).toEqual([]);
  });

  it('blocks n = 1 000 000 on this kind of machine and says why in time, not in pair terms', () => {
    const runs = checkForm(form({ n: '1000000', d: '3', seeds: '1, 2' })).runs;
    const cost = estimateCost(runs, machine())!;
    expect(cost.blocking).toHaveLength(1);
    expect(cost.blocking[0]).toMatch(/^one iteration at n = 1000000, d = 3 takes about [\d.]+ h on all 2 cores$/);
    // the memory limit is its own reason
    const small = estimateCost(runs, machine({ memoryBytes: 2 * 1024 ** 3 }))!;
    expect(small.blocking.some((b) => /needs about .* GiB; this machine has 2\.00 GiB/.test(b))).toBe(true);
  });

  it('warns, without blocking, when the iteration limit would take days', () => {
    const runs = checkForm(form({ n: '2000', d: '50', seeds: '1..20', maxIter: '1000000' })).runs;
    const cost = estimateCost(runs, machine())!;
    expect(cost.blocking).toEqual([]);
    expect(cost.warnings.join(' ')).toMatch(/days/);
  });

  it('says long durations in days and years, not in thousands of hours', () => {
    expect(longSeconds(90)).toBe('1 min 30 s');
    expect(longSeconds(2.5 * 86400)).toBe('2.5 days');
    expect(longSeconds(1e10)).toBe('317 years');
  });

  it('has no estimate without a grid or a measured rate', () => {
    expect(estimateCost([], machine())).toBeNull();
    expect(estimateCost(checkForm(form()).runs, machine({ pairTermsPerSecond: 0 }))).toBeNull();
  });
});

describe('design store', () => {
  let estimates = 0;
  beforeEach(() => {
    estimates = 0;
    const api = {
      'experiments/estimate': async () => {
        estimates++;
        return { runs: 0, solves: 0, axes: {}, workPerIteration: 0, workAtMaxIter: 0, largest: { n: 0, d: 0 }, machine: {
          pairTermsPerSecond: 1e9, calibratedAt: { n: 256, d: 8, evaluator: 'direct, 1 thread' }, memoryBytes: 24 * 1024 ** 3, cores: 2, parallel: 2 } };
      },
      'experiments/create': async ({ spec }: { spec: { name: string } }) => ({ experiment: { id: 'e1', name: spec.name }, runIds: ['r1'] }),
    };
    setPlatform({ api } as unknown as Platform);
    setActivePinia(createPinia());
  });
  afterEach(() => setPlatform(null));

  const settled = async (design: ReturnType<typeof useDesignStore>) => {
    await vi.waitFor(() => expect(design.estimating).toBe(false), { timeout: 3000 });
  };

  it('keeps Start disabled for n = 1 000 000 and enabled for a small grid', async () => {
    const design = useDesignStore();
    design.form.name = 'big';
    design.form.n = '1000000';
    await settled(design);
    expect(design.check.spec).not.toBeNull();
    expect(design.canStart).toBe(false);
    expect(await design.submit()).toBeNull();
    design.form.n = '4, 6';
    await settled(design);
    expect(design.canStart).toBe(true);
    expect(estimates).toBeGreaterThanOrEqual(2);
  });

  it('forgets the name, description and tags of an experiment once it is started', async () => {
    const design = useDesignStore();
    Object.assign(design.form, { name: 'first', description: 'd', tags: 'x' });
    await settled(design);
    expect((await design.submit())?.experiment.name).toBe('first');
    expect([design.form.name, design.form.description, design.form.tags]).toEqual(['', '', '']);
    expect(design.form.n).toBe('4, 6, 8');
  });
});

describe('presets from the paper', () => {
  it('expand into valid small experiments', () => {
    for (const preset of PRESETS) {
      const runs = expandExperiment(preset.spec);
      expect(runs.length, preset.title).toBeGreaterThanOrEqual(6);
      expect(runs.length, preset.title).toBeLessThanOrEqual(60);
    }
  });

  it('stay inside the regime their claim is about', () => {
    const byId = Object.fromEntries(PRESETS.map((p) => [p.id, expandExperiment(p.spec)]));
    expect(byId['simplex-etf'].every((r) => r.d >= r.n - 1)).toBe(true);
    expect(byId['orthoplex'].every((r) => r.d + 2 <= r.n && r.n <= 2 * r.d)).toBe(true);
    expect(new Set(byId['uniform-limit'].map((r) => r.d)).size).toBe(1);
    expect(new Set(byId['frame-potential'].map((r) => r.s)).size).toBeGreaterThan(2);
  });
});

import { describe, expect, it } from 'vitest';
import { expandExperiment } from '../../../core/spec/experiment-spec';
import { formatAxis, parseAxis } from '../../../renderer/design/axis-text';
import { PRESETS } from '../../../renderer/design/presets';
import { blankForm, checkForm, type DesignForm } from '../../../renderer/stores/design';

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
    expect(check.fieldErrors.n).toMatch(/n=1/);
  });

  it('checks the grid points while another field is in error', () => {
    const check = checkForm(form({ n: '1, 4', tol: '-1' }));
    expect(check.fieldErrors.tol).toMatch(/positive/);
    expect(check.fieldErrors.n).toMatch(/n=1/);
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

import { describe, expect, it } from 'vitest';
import { closedFormEnergy, simplexSumClasses } from '../../core/configuration';
import { runCli } from '../helpers/cli-process';

/** `spherelab path` as a real child process. */
describe('spherelab path', () => {
  it('--json at n = 6, d = 4 from s = 0.5 to 4: 3+3 -> 4+2 where the closed forms cross', async () => {
    const out = await runCli([
      'path',
      '--n',
      '6',
      '--d',
      '4',
      '--s-from',
      '0.5',
      '--s-to',
      '4',
      '--steps',
      '7',
      '--json',
    ]);
    expect(out.code, out.stderr).toBe(0);
    const result = JSON.parse(out.stdout);
    const ce = (parts: number[], s: number) =>
      closedFormEnergy('ce', simplexSumClasses(parts), { s, alpha: 1 });
    // the root of ce(3+3) - ce(4+2), by bisection on the closed forms
    let [a, b] = [0.5, 4];
    while (b - a > 1e-13) {
      const m = (a + b) / 2;
      if (ce([3, 3], m) - ce([4, 2], m) < 0) a = m;
      else b = m;
    }
    expect(result.transitions).toHaveLength(1);
    expect(result.transitions[0]).toMatchObject({
      from: { name: 'simplex-sum', parts: [3, 3] },
      to: { name: 'simplex-sum', parts: [4, 2] },
    });
    expect(Math.abs(result.transitions[0].s - a)).toBeLessThanOrEqual(1e-6);
    for (const step of result.steps) {
      expect(Object.keys(step).sort()).toEqual([
        'configuration',
        'dEds',
        'direction',
        'energy',
        'lambdaMin',
        's',
      ]);
      expect(step.configuration.name).toBe('simplex-sum');
      // the certificate of every step: both simplex sums are strict minima over the whole range
      expect(typeof step.lambdaMin, `lambdaMin at s = ${step.s}`).toBe('number');
      expect(step.lambdaMin, `s = ${step.s}`).toBeGreaterThan(0);
    }
    expect(result.steps.filter((p: { direction: string }) => p.direction === 'up')).toHaveLength(8);
  });

  it('bad input names the flag, exit code 2', async () => {
    const missing = await runCli(['path', '--n', '6', '--d', '4', '--s-from', '1']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--s-to is required/);
    const backwards = await runCli(['path', '--n', '6', '--d', '4', '--s-from', '2', '--s-to', '1']);
    expect(backwards.code).toBe(2);
    expect(backwards.stderr).toMatch(/--s-to must exceed --s-from/);
    const steps = await runCli([
      'path',
      '--n',
      '6',
      '--d',
      '4',
      '--s-from',
      '1',
      '--s-to',
      '2',
      '--steps',
      '0',
    ]);
    expect(steps.code).toBe(2);
    expect(steps.stderr).toMatch(/--steps/);
    const frame = await runCli([
      'path',
      '--n',
      '6',
      '--d',
      '4',
      '--s-from',
      '1',
      '--s-to',
      '2',
      '--energy',
      'frame',
    ]);
    expect(frame.code).toBe(2);
    expect(frame.stderr).toMatch(/--energy frame: must be one of ce, two-set, pair/);
  });
});

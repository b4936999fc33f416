import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli-process';

/**
 * Issue 10's cases at large and small s, through the real command (`node bin/spherelab.mjs run
 * --json`, a real forked solver): each exits 0 with a converged run whose energy is not below the
 * ETF bound printed in the same output, or is refused at validation (exit 2) with the range of s.
 */
async function runJson(args: string[]) {
  const out = await runCli(['run', ...args, '--json']);
  expect(out.code, out.stderr).toBe(0);
  return JSON.parse(out.stdout.trim());
}

describe('spherelab run at large and small s', () => {
  for (const [n, d, s] of [
    [4, 3, 20],
    [4, 3, 30],
    [4, 3, 200],
    [4, 3, 500],
    [30, 29, 100],
    [10, 9, 20],
  ]) {
    it(`--energy ce --n ${n} --d ${d} --s ${s}: converged, at the ETF bound and never below it`, async () => {
      const result = await runJson(['--energy', 'ce', '--n', `${n}`, '--d', `${d}`, '--s', `${s}`]);
      expect(result.stopReason).toBe('converged');
      expect(result.energy).toBeGreaterThanOrEqual(result.metrics.etfBound);
      expect(result.metrics.etfBoundGap).toBeGreaterThanOrEqual(0);
      expect((result.energy - result.metrics.etfBound) / result.metrics.etfBound).toBeLessThan(1e-11);
      expect(result.metrics.etfDistance).toBeLessThan(1e-6);
    });
  }

  it('--n 6 --d 3 --s 0.001: the octahedron, design strength 3', async () => {
    const result = await runJson(['--energy', 'ce', '--n', '6', '--d', '3', '--s', '0.001']);
    expect(result.stopReason).toBe('converged');
    expect(result.metrics.designStrength).toBe(3);
    expect(result.metrics.framePotentialRatio).toBeGreaterThanOrEqual(1);
    expect(result.metrics.framePotentialRatio - 1).toBeLessThan(1e-12);
  });

  it('--energy pair --s 2000: refused at validation, naming --s and its range (exit 2)', async () => {
    const out = await runCli(['run', '--energy', 'pair', '--n', '4', '--d', '3', '--s', '2000', '--json']);
    expect(out.code).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toMatch(
      /--s: s must be at most 701\.43 for the pair energy with n = 4, d = 3 \(got 2000\)/,
    );
  });

  it('--energy ce --n 4 --d 3 --s 1000: refused at validation, naming --s and its range (exit 2)', async () => {
    const out = await runCli(['run', '--energy', 'ce', '--n', '4', '--d', '3', '--s', '1000']);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/--s: s must be at most 531\.29 for the ce energy/);
  });
});

import { describe, expect, it } from 'vitest';
import { crossEntropyEnergy } from '../../core/energies';
import { evaluateKernels } from '../../core/kernels/driver';
import { chooseMomentOrder, MOMENT_TOLERANCE, momentErrorBound } from '../../core/kernels/moments';
import { createKernelPool, momentOrderFor } from '../../electron/solver/kernel-pool';
import { referenceStartPoints } from '../../core/points';

/** Energy error and worst gradient-row error of the moment expansion of order K against the direct sum. */
async function momentErrors(n: number, d: number, s: number, order: number, threads = 1) {
  const x = referenceStartPoints(n, d, 77 + d);
  const direct = new Float64Array(n * d);
  const expanded = new Float64Array(n * d);
  const exact = crossEntropyEnergy(s).evaluate(x, n, d, direct);
  const pool = await createKernelPool({ kind: 'ce', n, d, s, alpha: 1, order }, threads);
  const approx = await evaluateKernels(pool.workspace, x, expanded, pool.run);
  const valueOnly = await evaluateKernels(pool.workspace, x, null, pool.run);
  await pool.dispose();
  expect(valueOnly).toBe(approx);
  let row = 0;
  for (let i = 0; i < n; i++) {
    // the direct gradient leaves out the radial j = i terms: compare tangential parts
    let ipDirect = 0;
    let ipExpanded = 0;
    for (let k = 0; k < d; k++) {
      ipDirect += direct[i * d + k] * x[i * d + k];
      ipExpanded += expanded[i * d + k] * x[i * d + k];
    }
    let sq = 0;
    for (let k = 0; k < d; k++) {
      const diff = expanded[i * d + k] - ipExpanded * x[i * d + k] - (direct[i * d + k] - ipDirect * x[i * d + k]);
      sq += diff * diff;
    }
    row = Math.max(row, Math.sqrt(sq));
  }
  return { energy: Math.abs(approx - exact), row };
}

describe('moment expansion of the cross-entropy energy', () => {
  for (const [s, d] of [
    [0.5, 3],
    [1, 3],
    [1, 2],
    [2, 4],
  ]) {
    it(`its chosen K meets ${MOMENT_TOLERANCE} per row against the direct sum (s = ${s}, d = ${d})`, async () => {
      const order = chooseMomentOrder(s);
      expect(order).not.toBeNull();
      const n = 240;
      const e = await momentErrors(n, d, s, order as number);
      // each log S_i within the tolerance, so the total within n times it; rows relative to their scale 2s
      expect(e.energy).toBeLessThanOrEqual(n * MOMENT_TOLERANCE);
      expect(e.row).toBeLessThanOrEqual(2 * s * MOMENT_TOLERANCE);
    });
  }

  it('the truncation bound holds at every order, and low orders really are inaccurate', async () => {
    const n = 150;
    const s = 1;
    for (const order of [2, 5, 8, 11, 14]) {
      const bound = momentErrorBound(s, order);
      const e = await momentErrors(n, 3, s, order);
      expect(e.energy).toBeLessThanOrEqual(n * bound + 1e-12);
      expect(e.row).toBeLessThanOrEqual(2 * s * bound + 1e-13);
    }
    expect((await momentErrors(n, 3, s, 8)).row).toBeGreaterThan(MOMENT_TOLERANCE);
  });

  it('is used only where it is cheaper and safe', () => {
    const problem = { energy: 'ce' as const, n: 20000, d: 3, s: 1, alpha: 1 };
    expect(momentOrderFor(problem)).toBe(chooseMomentOrder(1));
    expect(momentOrderFor({ ...problem, n: 1000 })).toBeNull();
    expect(momentOrderFor({ ...problem, s: 5 })).toBeNull();
    expect(momentOrderFor({ ...problem, d: 32 })).toBeNull();
    expect(momentOrderFor({ ...problem, energy: 'pair' })).toBeNull();
    // d = 8: cheaper than direct summation at n = 10^7, but its tables would need about 300 MB
    expect(momentOrderFor({ ...problem, n: 10_000_000, d: 8 })).toBeNull();
    expect(momentOrderFor({ ...problem, n: 10_000_000, d: 4 })).toBe(chooseMomentOrder(1));
  });
});

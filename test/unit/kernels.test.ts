import { describe, expect, it } from 'vitest';
import { ENERGY_KINDS, makeEnergy, type EnergyKind } from '../../core/energies';
import { evaluateKernels } from '../../core/kernels/driver';
import { fastExp } from '../../core/kernels/fast-exp';
import { createKernelPool } from '../../electron/solver/kernel-pool/pool';
import { kernelModules } from '../../electron/solver/kernel-pool/wasm-module';
import { referenceStartPoints } from '../../core/points';
import { mulberry32 } from '../../core/random';
import { norm, projectToTangent } from '../../core/sphere';

/** Distance in units in the last place between two doubles of the same sign. */
function ulps(a: number, b: number): number {
  const view = new Float64Array([a, b]);
  const bits = new BigInt64Array(view.buffer);
  return Math.abs(Number(bits[0] - bits[1]));
}

describe('fastExp (table plus polynomial)', () => {
  it('stays within 2 ulp of Math.exp over [-745, 709], the range the kernels use', () => {
    const rng = mulberry32(99);
    let worst = 0;
    for (let k = 0; k < 200_000; k++) {
      const x = k < 100_000 ? -745 + 1454 * rng() : -3 * rng();
      worst = Math.max(worst, ulps(fastExp(x), Math.exp(x)));
    }
    expect(worst).toBeLessThanOrEqual(2);
    expect(fastExp(0)).toBe(1);
    expect(fastExp(-800)).toBe(0);
    expect(fastExp(710)).toBe(Infinity);
  });
});

/** Relative difference of values and of the tangential (Riemannian) gradients. */
async function compareWithReference(kind: EnergyKind, n: number, d: number, s: number, alpha: number, wasm = false) {
  const reference = makeEnergy(kind, { s, alpha });
  const rows = reference.rows(n);
  const x = referenceStartPoints(rows, d, 1000 + n + d);
  const expected = new Float64Array(rows * d);
  const value = reference.evaluate(x, rows, d, expected);
  const pool = await createKernelPool({ kind, n, d, s, alpha }, 1, wasm ? await kernelModules() : null);
  try {
    const grad = new Float64Array(rows * d);
    const fast = await evaluateKernels(pool.workspace, x, grad, pool.run);
    const valueOnly = await evaluateKernels(pool.workspace, x, null, pool.run);
    projectToTangent(x, expected, d);
    projectToTangent(x, grad, d);
    const diff = grad.map((g, i) => g - expected[i]);
    return {
      value: Math.abs(fast - value) / Math.abs(value),
      valueOnly: Math.abs(valueOnly - fast) / Math.abs(value),
      grad: norm(diff) / norm(expected),
    };
  } finally {
    await pool.dispose();
  }
}

describe('fast kernels agree with the reference energies (1e-12 relative)', () => {
  const cases: [number, number, number][] = [
    [50, 3, 1],
    [300, 3, 2.5],
    [120, 2, 0.5],
    [150, 7, 1],
    [90, 20, 4],
  ];
  for (const kind of ENERGY_KINDS) {
    for (const [n, d, s] of cases) {
      it(`${kind} at n = ${n}, d = ${d}, s = ${s}`, async () => {
        const r = await compareWithReference(kind, n, d, s, 1.5);
        expect(r.value).toBeLessThan(1e-12);
        expect(r.valueOnly).toBeLessThan(1e-12);
        expect(r.grad).toBeLessThan(1e-12);
      });
    }
  }
  it('two-set at a large scale (s = 400, exponents far past the exp range) stays finite and agrees', async () => {
    const r = await compareWithReference('two-set', 60, 3, 400, 1);
    expect(r.value).toBeLessThan(1e-12);
    expect(r.grad).toBeLessThan(1e-12);
  });
});

describe('WebAssembly SIMD stages agree with the reference energies (1e-12 relative)', () => {
  it('assembles from the WAT source in this runtime', async () => {
    const modules = await kernelModules();
    expect(modules?.rows).toBeInstanceOf(WebAssembly.Module);
    expect(modules?.crossEntropy).toBeInstanceOf(WebAssembly.Module);
  });
  for (const kind of ENERGY_KINDS) {
    for (const [n, d] of [
      [130, 16],
      [70, 33],
      [60, 5],
      [61, 3],
    ]) {
      it(`${kind} at n = ${n}, d = ${d}`, async () => {
        const r = await compareWithReference(kind, n, d, 1.2, 1.5, true);
        expect(r.value).toBeLessThan(1e-12);
        expect(r.valueOnly).toBeLessThan(1e-12);
        expect(r.grad).toBeLessThan(1e-12);
      });
    }
  }
});

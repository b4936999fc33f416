import { describe, expect, it } from 'vitest';
import { ENERGY_KINDS, makeEnergy, type EnergyKind } from '../../../core/energies';
import { makeHessVec, riemannianHessVec } from '../../../core/energies/hessian';
import { hessVecKernels } from '../../../core/kernels/hessian-driver';
import { hessCacheRows, variableRows } from '../../../core/kernels/layout';
import { createKernelEvaluator, createKernelPool, momentOrderFor } from '../../../electron/solver/kernel-pool';
import { kernelModules } from '../../../electron/solver/kernel-pool/wasm-module';
import { randomPoints, randomTangent } from '../fixtures/configurations';
import { finiteDifferenceHessVec, relativeError } from './fd';

/**
 * The fast kernels' Hessian-vector products (core/kernels/hessian-rows.ts): against the reference
 * products of core/energies/hessian (1e-12 relative: the same formulas, summed in another order, with
 * the kernels' exp within an ulp), against finite differences of the Riemannian gradient, and bit for
 * bit the same for 1, 2 and 3 threads (with and without the WebAssembly workspace).
 */
async function kernelProduct(kind: EnergyKind, n: number, d: number, s: number, alpha: number, threads: number, seed: number, wasm = false) {
  const rows = variableRows(kind, n);
  const x = randomPoints(rows, d, seed).data;
  const v = randomTangent(x, d, seed + 1);
  const pool = await createKernelPool({ kind, n, d, s, alpha }, threads, wasm ? await kernelModules() : null);
  try {
    const out = new Float64Array(rows * d);
    const radial = new Float64Array(rows);
    await hessVecKernels(pool.workspace, x, v, out, radial, pool.run);
    return { x, v, out, radial, rows };
  } finally {
    await pool.dispose();
  }
}

const bits = (a: Float64Array) => Array.from(new BigUint64Array(a.buffer, a.byteOffset, a.length));
const params = { s: 2.5, alpha: 1.5 };

describe('kernel Hessian-vector products', () => {
  for (const kind of ENERGY_KINDS) {
    it(`${kind}: equal to the reference product, and to finite differences when made Riemannian`, async () => {
      const n = 9;
      const d = 4;
      const k = await kernelProduct(kind, n, d, params.s, params.alpha, 1, 5);
      const out = new Float64Array(k.out.length);
      const radial = new Float64Array(k.rows);
      makeHessVec(kind, params)(k.x, k.rows, d, k.v, out, radial);
      expect(relativeError(k.out, out)).toBeLessThan(1e-12);
      expect(relativeError(k.radial, radial)).toBeLessThan(1e-12);
      const riemannian = new Float64Array(out.length);
      await riemannianHessVec((_x, _v, o, r) => {
        o.set(k.out);
        r.set(k.radial);
      }, k.rows, d)(k.x, k.v, riemannian);
      const fd = finiteDifferenceHessVec(makeEnergy(kind, params), k.x, k.rows, d, k.v, 1e-3);
      expect(relativeError(riemannian, fd)).toBeLessThan(1e-6);
    });

    it(`${kind}: 1, 2 and 3 threads give identical bits (n = 700, several row blocks)`, async () => {
      const one = await kernelProduct(kind, 700, 3, params.s, params.alpha, 1, 8);
      for (const threads of [2, 3]) {
        const many = await kernelProduct(kind, 700, 3, params.s, params.alpha, threads, 8);
        expect(bits(many.out)).toEqual(bits(one.out));
        expect(bits(many.radial)).toEqual(bits(one.radial));
      }
    });
  }

  it('ce on the WebAssembly workspace (d = 18): identical bits for 1 and 2 threads', async () => {
    const one = await kernelProduct('ce', 600, 18, 1, 1, 1, 3, true);
    const two = await kernelProduct('ce', 600, 18, 1, 1, 2, 3, true);
    expect(bits(two.out)).toEqual(bits(one.out));
  });
});

describe('kernel Hessian-vector products on every evaluator', () => {
  it('the moment-expansion evaluator (ce, n = 3000, d = 3, s = 1) gives the direct kernels\' product bit for bit', async () => {
    const problem = { energy: 'ce' as const, n: 3000, d: 3, s: 1, alpha: 1, threads: 2 };
    const order = momentOrderFor(problem);
    expect(order).not.toBeNull();
    const moments = await createKernelEvaluator(problem, 2, { order });
    const direct = await createKernelEvaluator(problem, 1);
    try {
      expect(moments.name).toMatch(/^moments-K/);
      const x = randomPoints(3000, 3, 12).data;
      const v = randomTangent(x, 3, 13);
      const [a, b] = [new Float64Array(x.length), new Float64Array(x.length)];
      const [ra, rb] = [new Float64Array(3000), new Float64Array(3000)];
      await moments.hessVec!(x, v, a, ra);
      await direct.hessVec!(x, v, b, rb);
      expect(bits(a)).toEqual(bits(b));
      expect(bits(ra)).toEqual(bits(rb));
    } finally {
      await moments.dispose();
      await direct.dispose();
    }
  });
});

describe('the cross-entropy point cache of the kernel products', () => {
  const n = 300;
  const product = async (pool: Awaited<ReturnType<typeof createKernelPool>>, x: Float64Array, v: Float64Array) => {
    const out = new Float64Array(x.length);
    const radial = new Float64Array(n);
    await hessVecKernels(pool.workspace, x, v, out, radial, pool.run);
    return [...bits(out), ...bits(radial)];
  };
  const withPool = async <T>(d: number, cacheBytes: number | undefined, threads: number, body: (pool: Awaited<ReturnType<typeof createKernelPool>>) => Promise<T>) => {
    const pool = await createKernelPool({ kind: 'ce', n, d, s: 3, alpha: 1, hessCacheBytes: cacheBytes }, threads);
    try {
      return await body(pool);
    } finally {
      await pool.dispose();
    }
  };

  it('holds rows^2 pair weights where they fit the budget, none for the other energies or past it', () => {
    expect(hessCacheRows('ce', 2896)).toBe(2896);
    expect(hessCacheRows('ce', 2897)).toBe(0);
    expect(hessCacheRows('ce', 10, 0)).toBe(0);
    expect(hessCacheRows('two-set', 20)).toBe(0);
  });

  for (const d of [3, 5]) {
    it(`d = ${d}: cached (2 threads) and uncached (1 thread) products are the same bits, at a first point and after the point changed`, async () => {
      const x = randomPoints(n, d, 21).data;
      const v = randomTangent(x, d, 22);
      const w = randomTangent(x, d, 23);
      // the next point differs from x in one bit of one coordinate: the cache must not be reused
      const y = x.slice();
      y[7] = y[7] + Math.abs(y[7]) * Number.EPSILON;
      expect(y[7]).not.toBe(x[7]);
      const uncached = await withPool(d, 0, 1, async (pool) => {
        expect(pool.workspace.hessPairs.length).toBe(0);
        return [await product(pool, x, v), await product(pool, y, w)];
      });
      const cached = await withPool(d, undefined, 2, async (pool) => {
        expect(pool.workspace.hessPairs.length).toBe(n * n);
        const first = await product(pool, x, v);
        // a product along another v at the same point reuses the cache
        await product(pool, x, w);
        expect(bits(pool.workspace.hessAt)).toEqual(bits(x));
        return [first, await product(pool, y, w)];
      });
      expect(cached[0]).toEqual(uncached[0]);
      expect(cached[1]).toEqual(uncached[1]);
      const fresh = await withPool(d, undefined, 2, (pool) => product(pool, y, w));
      expect(cached[1]).toEqual(fresh);
    });
  }

  it('an evaluation between two products at one point leaves the cached product unchanged', async () => {
    const problem = { energy: 'ce' as const, n, d: 3, s: 3, alpha: 1, threads: 2 };
    const evaluator = await createKernelEvaluator(problem, 2, { wasm: true });
    try {
      const x = randomPoints(n, 3, 31).data;
      const other = randomPoints(n, 3, 32).data;
      const v = randomTangent(x, 3, 33);
      const [a, b] = [new Float64Array(x.length), new Float64Array(x.length)];
      const [ra, rb] = [new Float64Array(n), new Float64Array(n)];
      await evaluator.hessVec!(x, v, a, ra);
      await evaluator.evaluate(other, new Float64Array(x.length));
      await evaluator.hessVec!(x, v, b, rb);
      expect(bits(b)).toEqual(bits(a));
      expect(bits(rb)).toEqual(bits(ra));
    } finally {
      await evaluator.dispose();
    }
  });
});

import { describe, expect, it } from 'vitest';
import { ENERGY_KINDS, type EnergyKind } from '../../core/energies';
import { evaluateKernels } from '../../core/kernels/driver';
import { variableRows } from '../../core/kernels/layout';
import { createFastEvaluator, createKernelPool } from '../../electron/solver/kernel-pool';
import { kernelModules } from '../../electron/solver/kernel-pool/wasm-module';
import { referenceStartPoints } from '../../core/points';

/** Value and gradient with a pool of `threads` threads, as raw bits. */
async function bitsWith(kind: EnergyKind, n: number, d: number, threads: number, wasm = false, order: number | null = null) {
  const rows = variableRows(kind, n);
  const x = referenceStartPoints(rows, d, 4242);
  const pool = await createKernelPool({ kind, n, d, s: 1.5, alpha: 1, order }, threads, wasm ? await kernelModules() : null);
  try {
    const grad = new Float64Array(rows * d);
    const value = await evaluateKernels(pool.workspace, x, grad, pool.run);
    return { value, grad: Array.from(new BigUint64Array(grad.buffer)) };
  } finally {
    await pool.dispose();
  }
}

describe('the result does not depend on the thread count', () => {
  for (const kind of ENERGY_KINDS) {
    it(`${kind}: 1, 2 and 3 threads give identical bits`, async () => {
      const one = await bitsWith(kind, 301, 3, 1);
      for (const threads of [2, 3]) {
        const many = await bitsWith(kind, 301, 3, threads);
        expect(Object.is(many.value, one.value)).toBe(true);
        expect(many.grad).toEqual(one.grad);
      }
    });
  }

  it('ce at n = 2000 (enough work that the workers take chunks): identical bits', async () => {
    const one = await bitsWith('ce', 2000, 3, 1);
    const two = await bitsWith('ce', 2000, 3, 2);
    expect(Object.is(two.value, one.value)).toBe(true);
    expect(two.grad).toEqual(one.grad);
  });
});

describe('the WebAssembly stages do not depend on the thread count either', () => {
  for (const kind of ['ce', 'two-set', 'pair'] as const) {
    it(`${kind} at d = 18: 1, 2 and 3 threads give identical bits`, async () => {
      const one = await bitsWith(kind, 400, 18, 1, true);
      for (const threads of [2, 3]) {
        const many = await bitsWith(kind, 400, 18, threads, true);
        expect(Object.is(many.value, one.value)).toBe(true);
        expect(many.grad).toEqual(one.grad);
      }
    });
  }

  it('ce at d = 3 (the fused SIMD rows): 1, 2 and 3 threads give identical bits', async () => {
    const one = await bitsWith('ce', 1501, 3, 1, true);
    for (const threads of [2, 3]) {
      const many = await bitsWith('ce', 1501, 3, threads, true);
      expect(Object.is(many.value, one.value)).toBe(true);
      expect(many.grad).toEqual(one.grad);
    }
  });
});

describe('the moment expansion does not depend on the thread count either', () => {
  it('ce at n = 3000, d = 3, K = 19: 1, 2 and 3 threads give identical bits', async () => {
    const one = await bitsWith('ce', 3000, 3, 1, false, 19);
    for (const threads of [2, 3]) {
      const many = await bitsWith('ce', 3000, 3, threads, false, 19);
      expect(Object.is(many.value, one.value)).toBe(true);
      expect(many.grad).toEqual(one.grad);
    }
  });
});

describe('createFastEvaluator: the threads setting changes the speed, never the bits', () => {
  it('ce at n = 2000, d = 3 and n = 6000, d = 3 (moments) with 1, 2 and 3 threads', async () => {
    for (const n of [2000, 6000]) {
      const x = referenceStartPoints(n, 3, 99);
      const results: { name: string; value: number; grad: bigint[] }[] = [];
      for (const threads of [1, 2, 3]) {
        const evaluator = await createFastEvaluator({ energy: 'ce', n, d: 3, s: 1, alpha: 1, threads });
        const grad = new Float64Array(n * 3);
        const value = await evaluator.evaluate(x, grad);
        results.push({ name: evaluator.name, value, grad: Array.from(new BigUint64Array(grad.buffer)) });
        await evaluator.dispose();
      }
      expect(results[1].value).toBe(results[0].value);
      expect(results[2].value).toBe(results[0].value);
      expect(results[1].grad).toEqual(results[0].grad);
      expect(results[2].grad).toEqual(results[0].grad);
      expect(results.map((r) => r.name)).toEqual(n === 2000 ? ['wasm-simd-1t', 'wasm-simd-2t', 'wasm-simd-3t'] : Array(3).fill('moments-K16'));
    }
  });
});

describe('kernel pool lifecycle', () => {
  it('starts threads - 1 workers and dispose ends them', async () => {
    const pool = await createKernelPool({ kind: 'ce', n: 40, d: 3, s: 1, alpha: 1 }, 3);
    expect(pool.liveWorkers()).toBe(2);
    await pool.dispose();
    expect(pool.liveWorkers()).toBe(0);
  });

  it('runs tiny problems on the calling thread, larger ones on the pool', async () => {
    const tiny = await createFastEvaluator({ energy: 'pair', n: 50, d: 3, s: 1, alpha: 1, threads: 2 });
    const plain = await createFastEvaluator({ energy: 'pair', n: 2000, d: 3, s: 1, alpha: 1, threads: 2 });
    const large = await createFastEvaluator({ energy: 'ce', n: 2000, d: 3, s: 1, alpha: 1, threads: 2 });
    const wide = await createFastEvaluator({ energy: 'ce', n: 1000, d: 32, s: 1, alpha: 1, threads: 2 });
    const many = await createFastEvaluator({ energy: 'ce', n: 20000, d: 3, s: 1, alpha: 1, threads: 2 });
    expect(tiny.name).toBe('direct-js');
    expect(plain.name).toBe('pool-2t');
    expect(large.name).toBe('wasm-simd-2t');
    expect(wide.name).toBe('wasm-simd-2t');
    expect(many.name).toMatch(/^moments-K\d+$/);
    for (const evaluator of [tiny, plain, large, wide, many]) await evaluator.dispose();
  });
});

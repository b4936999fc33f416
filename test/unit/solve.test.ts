import { describe, expect, it } from 'vitest';
import { crossEntropyEnergy } from '../../core/energies/cross-entropy';
import type { EvaluatorFactory } from '../../core/energies/evaluator';
import { computeMetrics } from '../../core/metrics';
import { uniformRandomPoints } from '../../core/points';
import { mulberry32 } from '../../core/random';
import { directEvaluator, solve, type SolveCheckpoint, type SolveResult } from '../../core/solve';
import { projectToTangent, norm } from '../../core/sphere';
import type { RunSpecInput } from '../../core/spec/run-spec';

/** the ETF bound (*) of docs/math.md#etf-bound */
const etfBound = (n: number, s: number) => n * Math.log1p((n - 1) * Math.exp((-s * n) / (n - 1)));
const bits = (a: Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
/** a clock that advances 1 ms at every reading, so runs see time pass without real waiting */
const tickingClock = (step = 1) => {
  let t = 0;
  return () => (t += step);
};
const sameResult = (a: SolveResult, b: SolveResult) => {
  expect(bits(a.points.data).equals(bits(b.points.data))).toBe(true);
  expect({ ...a.summary, wallMs: 0 }).toEqual({ ...b.summary, wallMs: 0 });
};

describe('solve reaches the simplex ETF bound (*) when d >= n - 1 (docs/math.md#etf-bound)', () => {
  const cases = [
    [3, 2],
    [4, 3],
    [5, 4],
    [8, 7],
    [10, 9],
    [10, 20],
  ];
  for (const [n, d] of cases) {
    for (const s of [0.5, 1, 5]) {
      // tol 1e-9 on |grad E| / E puts E within about 1e-18 relative of the minimum: 1e-10 is rounding-safe
      it(`n = ${n}, d = ${d}, s = ${s}: bound to 1e-10 relative, ETF distance < 1e-6`, async () => {
        const { summary } = await solve({ energy: 'ce', n, d, s });
        expect(summary.stopReason).toBe('converged');
        expect(Math.abs(summary.energy - etfBound(n, s)) / etfBound(n, s)).toBeLessThan(1e-10);
        expect(summary.metrics.etfDistance).toBeLessThan(1e-6);
      });
    }
  }
});

describe('solve approaches the uniform-distribution energy for n >> d (docs/math.md#uniform-limit)', () => {
  // U_3(1, n) = log n + (log c_3(1) - 1), the constant from docs/math.md#uniform-limit
  const uniform = Math.log(200) - 0.8385606384;

  it('n = 200, d = 3, s = 1: optimized E/n within 1e-6 above U, i.i.d. uniform points at least 1e-4 above', async () => {
    // the reference energies never leave the JavaScript stack; a macrotask now and then keeps the
    // test runner's messages flowing through a solve of this length
    const yielding: EvaluatorFactory = (problem) => {
      const inner = directEvaluator(problem) as Awaited<ReturnType<EvaluatorFactory>>;
      let calls = 0;
      return {
        ...inner,
        async evaluate(x, grad) {
          if (++calls % 50 === 0) await new Promise<void>((resolve) => setImmediate(resolve));
          return inner.evaluate(x, grad);
        },
      };
    };
    const { summary } = await solve({ energy: 'ce', n: 200, d: 3, s: 1 }, { createEvaluator: yielding });
    // The rule measures |grad E| against E - floor, here E / 27 (core/optim/stopping.ts); in this flat
    // landscape L-BFGS may end at the rounding of E first, but always past |grad E| / E < 1e-9.
    expect(['converged', 'stagnated']).toContain(summary.stopReason);
    expect(summary.gradNorm / summary.energy).toBeLessThan(1e-9);
    expect(summary.energyPerPoint - uniform).toBeGreaterThan(-1e-9);
    expect(summary.energyPerPoint - uniform).toBeLessThan(1e-6);
    const random = uniformRandomPoints(200, 3, mulberry32(99));
    expect(crossEntropyEnergy(1).evaluate(random, 200, 3, null) / 200 - uniform).toBeGreaterThan(1e-4);
    // about 3000 iterations of the reference energy: resolving E - floor costs 5x the old rule's 570
  }, 180_000);
});

describe('solve: reproducibility, cancellation, budgets and resume', () => {
  const spec: RunSpecInput = { energy: 'ce', n: 12, d: 3, s: 1, seed: 7, restarts: 3 };

  it('gives the same bits for the same seed, and counts the restarts that reached the best', async () => {
    const [a, b] = [await solve(spec), await solve(spec)];
    sameResult(a, b);
    expect(a.summary.restarts.total).toBe(3);
    expect(a.summary.restarts.completed).toBe(3);
    expect(a.summary.restarts.reachedBest).toBeGreaterThanOrEqual(1);
    expect(a.summary.evaluator).toBe('direct');
    const other = await solve({ ...spec, seed: 8 });
    expect(bits(other.points.data).equals(bits(a.points.data))).toBe(false);
  });

  it('stops on the abort signal between iterations and returns the best so far', async () => {
    const controller = new AbortController();
    const result = await solve(spec, {
      signal: controller.signal,
      onProgress(point) {
        if (point.restart === 1 && point.iteration === 4) controller.abort();
      },
    });
    expect(result.summary.stopReason).toBe('cancelled');
    expect(result.summary.restarts.completed).toBe(1);
    const last = result.trace[result.trace.length - 1];
    expect(last).toMatchObject({ restart: 1, iteration: 4 });
    const restart0 = result.trace.filter((p) => p.restart === 0);
    expect(result.summary.energy).toBe(Math.min(restart0[restart0.length - 1].energy, last.energy));
    expect(crossEntropyEnergy(1).evaluate(result.points.data, 12, 3, null)).toBe(result.summary.energy);
  });

  it('stops at the time budget of an injected clock', async () => {
    const result = await solve({ ...spec, timeLimitSec: 0.5 }, { now: tickingClock(10) });
    expect(result.summary.stopReason).toBe('time-limit');
    expect(result.summary.wallMs).toBeGreaterThanOrEqual(500);
    expect(result.summary.iterations).toBeLessThan(60);
  });

  it('stops at the iteration budget', async () => {
    const result = await solve({ ...spec, restarts: 1, maxIter: 7 });
    expect(result.summary.stopReason).toBe('max-iter');
    expect(result.summary.iterations).toBe(7);
  });

  it('resumes from a checkpoint to the same bits as the uninterrupted run', async () => {
    const checkpoints: SolveCheckpoint[] = [];
    const whole = await solve(spec, {
      now: tickingClock(),
      checkpointEveryMs: 25,
      onCheckpoint: (c) => checkpoints.push(c),
    });
    const chosen = [
      checkpoints.find((c) => c.restart === 0),
      checkpoints.find((c) => c.restart === 2 && c.iteration > 3),
    ];
    // without a checkpoint the resume would start afresh and pass without testing anything
    expect(chosen.map((c) => c?.restart)).toEqual([0, 2]);
    for (const checkpoint of chosen as SolveCheckpoint[]) {
      expect(checkpoint.state, 'the optimizer state travels with the checkpoint').toBeDefined();
      // structuredClone: what crosses a process boundary
      const resumed = await solve(spec, { resume: structuredClone(checkpoint), now: tickingClock() });
      sameResult(resumed, whole);
    }
  });

  it('resumes from points alone (a host that stored only them) to the same minimum', async () => {
    const etf: RunSpecInput = { energy: 'ce', n: 6, d: 5, s: 1, restarts: 2 };
    const checkpoints: SolveCheckpoint[] = [];
    const whole = await solve(etf, {
      now: tickingClock(),
      checkpointEveryMs: 5,
      onCheckpoint: (c) => checkpoints.push(c),
    });
    const { restart, iteration, energy, elapsedMs, points } = checkpoints.find(
      (c) => c.restart === 1 && c.iteration > 2,
    )!;
    const seen: number[] = [];
    const resumed = await solve(etf, {
      resume: { restart, iteration, energy, elapsedMs, points },
      onProgress: (p) => seen.push(p.iteration),
    });
    expect(seen[0]).toBe(iteration + 1);
    expect(Math.abs(resumed.summary.energy - whole.summary.energy) / whole.summary.energy).toBeLessThan(
      1e-12,
    );
    expect(resumed.summary.restarts.total).toBe(2);
  });

  it('refuses a checkpoint of another problem, naming the mismatch', async () => {
    const checkpoints: SolveCheckpoint[] = [];
    await solve(
      { ...spec, restarts: 1 },
      { now: tickingClock(), checkpointEveryMs: 5, onCheckpoint: (c) => checkpoints.push(c) },
    );
    await expect(solve({ ...spec, n: 13 }, { resume: checkpoints[0] })).rejects.toThrow(
      /cannot resume.*n = 12.*n = 13/,
    );
  });
});

describe('solve: modes and inputs', () => {
  it('minimizes log E at s = 20 yet reports E and |grad E| of the energy itself', async () => {
    const { summary, points } = await solve({ energy: 'ce', n: 8, d: 7, s: 20 });
    expect(summary.stopReason).toBe('converged');
    expect(Math.abs(summary.energy - etfBound(8, 20)) / etfBound(8, 20)).toBeLessThan(1e-10);
    const grad = new Float64Array(points.data.length);
    expect(crossEntropyEnergy(20).evaluate(points.data, 8, 7, grad)).toBe(summary.energy);
    const gradNorm = norm(projectToTangent(points.data, grad, 7));
    expect(Math.abs(summary.gradNorm - gradNorm)).toBeLessThan(1e-6 * gradNorm + 1e-300);
    expect(summary.gradNorm / summary.energy).toBeLessThan(1e-9);
  });

  it('runs the two-set energy on H and W to the same bound (*)', async () => {
    const { summary, points } = await solve({ energy: 'two-set', n: 4, d: 3, s: 1 });
    expect(points.data.length).toBe(2 * 4 * 3);
    expect(Math.abs(summary.energy - etfBound(4, 1)) / etfBound(4, 1)).toBeLessThan(1e-10);
  });

  it('uses an injected asynchronous evaluator, records its name and disposes of it', async () => {
    let disposed = 0;
    const threaded: EvaluatorFactory = async (problem) => {
      const direct = await directEvaluator(problem);
      return {
        name: 'async-test',
        evaluate: async (x, g) => direct.evaluate(x, g),
        dispose: () => void disposed++,
      };
    };
    const spec: RunSpecInput = { energy: 'ce', n: 9, d: 3, s: 2, restarts: 2 };
    const [viaAsync, direct] = [await solve(spec, { createEvaluator: threaded }), await solve(spec)];
    expect(viaAsync.summary.evaluator).toBe('async-test');
    expect(disposed).toBe(1);
    sameResult({ ...viaAsync, summary: { ...viaAsync.summary, evaluator: 'direct' } }, direct);
  });

  it('starts restart 0 from given points', async () => {
    const start = uniformRandomPoints(10, 4, mulberry32(3));
    const progress: number[] = [];
    await solve(
      { energy: 'ce', n: 10, d: 4, maxIter: 1 },
      { startPoints: start, onProgress: (p) => progress.push(p.energy) },
    );
    expect(progress[0]).toBe(crossEntropyEnergy(1).evaluate(start, 10, 4, null));
  });

  it('validates the spec and the log-energy choice', async () => {
    await expect(solve({ energy: 'ce', n: 1, d: 3 })).rejects.toThrow(/n/);
    await expect(solve({ energy: 'log', n: 5, d: 3, logEnergy: 'on' })).rejects.toThrow(
      /log energy can be negative/,
    );
  });

  it('computes the metrics of the best configuration', async () => {
    const { summary, points } = await solve({ energy: 'ce', n: 5, d: 3, s: 1 });
    expect(summary.metrics).toEqual(computeMetrics(points, { energy: 'ce', s: 1 }));
  });
});

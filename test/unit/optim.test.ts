import { describe, expect, it } from 'vitest';
import { crossEntropyEnergy } from '../../core/energies/cross-entropy';
import type { Objective } from '../../core/energies/evaluator';
import { startIterate } from '../../core/optim/iterate';
import { hagerZhang, HAGER_ZHANG, type LinePoint } from '../../core/optim/line-search';
import { multiStart } from '../../core/optim/multistart';
import { iterate, makeStepper } from '../../core/optim/stepper';
import {
  freshStagnation,
  noteIteration,
  STAGNATION_WINDOW,
  stopReason,
  type StopRules,
} from '../../core/optim/stopping';
import { makeTarget } from '../../core/optim/target';
import { traceRecorder } from '../../core/optim/trace';
import { uniformRandomPoints } from '../../core/points';
import { mulberry32 } from '../../core/random';
import type { OptimizerKind } from '../../core/spec/run-spec';

const { delta, sigma } = HAGER_ZHANG;
const line = (f: (a: number) => number, df: (a: number) => number) => async (alpha: number) => ({
  alpha,
  value: f(alpha),
  slope: df(alpha),
});
const wolfe = (origin: LinePoint, pt: LinePoint) =>
  pt.value - origin.value <= delta * pt.alpha * origin.slope && pt.slope >= sigma * origin.slope;

describe('Hager-Zhang line search', () => {
  const f = (a: number) => (a - 2) ** 2 - 4;
  const df = (a: number) => 2 * (a - 2);
  const origin = { alpha: 0, value: 0, slope: -4 };

  it('accepts a good first step with one evaluation', async () => {
    const { point, evaluations } = await hagerZhang(line(f, df), origin, 1, 1e-10);
    expect(point?.alpha).toBe(1);
    expect(evaluations).toBe(1);
  });

  it('expands a step that is far too short and returns a Wolfe point', async () => {
    const { point, evaluations } = await hagerZhang(line(f, df), origin, 1e-3, 1e-10);
    expect(point).not.toBeNull();
    expect(wolfe(origin, point!)).toBe(true);
    expect(evaluations).toBeLessThan(10);
  });

  it('backs off from non-finite values far along the line', async () => {
    const blowUp = (a: number) => (a > 0.5 ? Infinity : f(a));
    const { point } = await hagerZhang(line(blowUp, df), origin, 1, 1e-10);
    expect(point!.alpha).toBeGreaterThan(0);
    expect(point!.alpha).toBeLessThanOrEqual(0.5);
    expect(wolfe(origin, point!)).toBe(true);
  });

  it('decides from the slope alone when values sink below rounding (approximate Wolfe)', async () => {
    // phi = 1 + 1e-18 ((a - 1)^2 - 1): every value rounds to 1, so no decrease test can pass,
    // while the slope 2e-18 (a - 1) still points to the minimum at a = 1.
    const flat = (a: number) => 1 + 1e-18 * ((a - 1) ** 2 - 1);
    const slope = (a: number) => 2e-18 * (a - 1);
    const start = { alpha: 0, value: 1, slope: -2e-18 };
    expect(flat(0.7)).toBe(1);
    const { point } = await hagerZhang(line(flat, slope), start, 0.01, 1e-10);
    expect(point).not.toBeNull();
    expect(point!.slope).toBeGreaterThanOrEqual(sigma * start.slope);
    expect(point!.slope).toBeLessThanOrEqual((2 * delta - 1) * start.slope);
  });
});

describe('stopping rules', () => {
  const rules = (over: Partial<StopRules>): StopRules => ({
    tol: 1e-9,
    maxIter: 100,
    deadline: Infinity,
    now: () => 0,
    ...over,
  });
  const idle = freshStagnation(1, 1);

  it('tests cancellation, time, convergence, iterations and stagnation in that order', () => {
    const aborted = AbortSignal.abort();
    expect(stopReason(rules({ signal: aborted, deadline: -1 }), 0, 0, idle)).toBe('cancelled');
    expect(stopReason(rules({ deadline: 0 }), 0, 0, idle)).toBe('time-limit');
    expect(stopReason(rules({}), 100, 1e-10, idle)).toBe('converged');
    expect(stopReason(rules({}), 100, 1e-8, idle)).toBe('max-iter');
    expect(stopReason(rules({}), 99, 1e-8, idle)).toBeNull();
  });

  it('calls an energy and gradient that stopped improving stagnated, not a falling gradient', () => {
    const st = freshStagnation(10, 1e-6);
    for (let k = 0; k < STAGNATION_WINDOW; k++) noteIteration(st, 10, 1e-6 * (1 + (k % 2) * 0.05));
    expect(stopReason(rules({}), 1, 1e-6, st)).toBe('stagnated');
    // energy flat to rounding while |g| keeps falling (the end of a tight solve): not stagnated
    const falling = freshStagnation(10, 1e-6);
    for (let k = 1; k <= 2 * STAGNATION_WINDOW; k++) noteIteration(falling, 10, 1e-6 * 0.8 ** k);
    expect(falling.idle).toBe(0);
  });
});

describe('trace recorder', () => {
  it('keeps at most the limit, spread over the run, with the last point of every restart', () => {
    const trace = traceRecorder(100);
    for (let r = 0; r < 2; r++) {
      for (let i = 0; i <= 5000; i++)
        trace.add({ restart: r, iteration: i, energy: 1, gradNorm: 1, elapsedMs: 0 });
    }
    const points = trace.points();
    expect(points.length).toBeLessThanOrEqual(102);
    expect(points.length).toBeGreaterThan(40);
    expect(points[0]).toMatchObject({ restart: 0, iteration: 0 });
    expect(points.some((p) => p.restart === 0 && p.iteration === 5000)).toBe(true);
    expect(points[points.length - 1]).toMatchObject({ restart: 1, iteration: 5000 });
    const order = points.map((p) => p.restart * 1e6 + p.iteration);
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });
});

/** the reference cross-entropy energy as an optimizer objective, optionally behind a Promise */
function ceObjective(s: number, rows: number, d: number, async = false): Objective {
  const energy = crossEntropyEnergy(s);
  return async
    ? (x, g) => Promise.resolve(energy.evaluate(x, rows, d, g))
    : (x, g) => energy.evaluate(x, rows, d, g);
}

async function optimize(
  kind: OptimizerKind,
  n: number,
  d: number,
  s: number,
  tol: number,
  logEnergy = false,
) {
  const target = makeTarget(ceObjective(s, n, d, true), n, d, logEnergy);
  const state = await startIterate(target, uniformRandomPoints(n, d, mulberry32(5)));
  const rules = { tol, maxIter: 5000, deadline: Infinity, now: () => 0 };
  const reason = await iterate(state, target, makeStepper(kind, target, 10, rules), rules, () => {});
  return { reason, state, relGrad: target.relativeGradNorm(state.gradNorm, state.energy) };
}

describe('optimizers on the product of spheres', () => {
  // A search that tests only energy decrease stalls near |g| = sqrt(eps |E|), here |g| / |E| = 4e-9.
  it('L-BFGS reaches a relative gradient norm of 1e-12 at n = 10, d = 9, s = 1, far below sqrt(eps / |E|)', async () => {
    const { reason, relGrad, state } = await optimize('lbfgs', 10, 9, 1, 1e-12);
    expect(reason).toBe('converged');
    expect(relGrad).toBeLessThan(1e-12);
    for (let i = 0; i < 10; i++) expect(Math.hypot(...state.x.subarray(9 * i, 9 * i + 9))).toBeCloseTo(1, 14);
  });

  it('L-BFGS reaches the default tolerance 1e-9 in a flat landscape (n = 150, d = 3, s = 1)', async () => {
    const { reason, relGrad } = await optimize('lbfgs', 150, 3, 1, 1e-9);
    expect(reason).toBe('converged');
    expect(relGrad).toBeLessThan(1e-9);
  });

  it('gradient descent converges to the simplex ETF bound at n = 6, d = 5', async () => {
    const { reason, state } = await optimize('rgd', 6, 5, 1, 1e-9);
    const bound = 6 * Math.log(1 + 5 * Math.exp(-6 / 5));
    expect(reason).toBe('converged');
    expect(Math.abs(state.energy - bound) / bound).toBeLessThan(1e-12);
  });

  it('log-energy mode reports E and reaches the same minimum at s = 40', async () => {
    const plain = await optimize('lbfgs', 5, 4, 40, 1e-9, false);
    const logged = await optimize('lbfgs', 5, 4, 40, 1e-9, true);
    const bound = 5 * Math.log1p(4 * Math.exp((-40 * 5) / 4));
    expect(logged.reason).toBe('converged');
    expect(Math.abs(logged.state.energy - bound) / bound).toBeLessThan(1e-10);
    expect(Math.abs(plain.state.energy - bound) / bound).toBeLessThan(1e-10);
    expect(logged.state.value).toBeCloseTo(Math.log(logged.state.energy), 12);
  });

  it('stops as stagnated when neither energy nor gradient improves', async () => {
    // a constant value with a rotational "gradient" g_i = e_3 x x_i: no potential has it
    const lying: Objective = (x, g) => {
      for (let o = 0; g && o < x.length; o += 3) g.set([-x[o + 1], x[o], 0], o);
      return 1;
    };
    const target = makeTarget(lying, 4, 3, false);
    const state = await startIterate(target, uniformRandomPoints(4, 3, mulberry32(1)));
    const rules = { tol: 1e-9, maxIter: 100, deadline: Infinity, now: () => 0 };
    const reason = await iterate(state, target, makeStepper('lbfgs', target, 5, rules), rules, () => {});
    expect(reason).toBe('stagnated');
  });

  it('cuts a line search short when cancelled during it', async () => {
    // values fall forever along every line, so without the cancel the search would use all its evaluations
    const controller = new AbortController();
    let calls = 0;
    const bottomless: Objective = (x, g) => {
      if (++calls === 3) controller.abort();
      g?.set(x.map((_, i) => (i % 3 === 0 ? 1 : 0)));
      return -1e9 * calls;
    };
    const target = makeTarget(bottomless, 4, 3, false);
    const state = await startIterate(target, uniformRandomPoints(4, 3, mulberry32(1)));
    const rules = { tol: 1e-9, maxIter: 100, deadline: Infinity, now: () => 0, signal: controller.signal };
    const reason = await iterate(state, target, makeStepper('rgd', target, 5, rules), rules, () => {});
    expect(reason).toBe('cancelled');
    expect(calls).toBeLessThanOrEqual(4);
  });
});

describe('multi-start', () => {
  const target = makeTarget(ceObjective(1, 6, 5), 6, 5, false);
  const run = (seed: number) =>
    multiStart({
      target,
      optimizer: 'lbfgs',
      memory: 10,
      seed,
      restarts: 3,
      rules: { tol: 1e-9, maxIter: 1000, deadline: Infinity, now: () => 0 },
    });

  it('counts the restarts that reach the best (every start reaches the ETF when d >= n - 1)', async () => {
    const result = await run(3);
    expect(result.outcomes.map((o) => o.restart)).toEqual([0, 1, 2]);
    expect(result.reachedBest).toBe(3);
    expect(result.completed).toBe(3);
    expect(result.best.energy).toBe(Math.min(...result.outcomes.map((o) => o.energy)));
  });

  it('draws different starts for different seeds and the same bits for the same seed', async () => {
    const [a, b, c] = [await run(3), await run(3), await run(4)];
    expect(Buffer.from(a.best.points.buffer).equals(Buffer.from(b.best.points.buffer))).toBe(true);
    expect(a.outcomes).toEqual(b.outcomes);
    expect(
      a.outcomes[0].iterations === c.outcomes[0].iterations && a.best.points[0] === c.best.points[0],
    ).toBe(false);
  });
});

import { mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { ENERGY_KINDS, makeEnergy, type EnergyKind } from '../../core/energies';
import type { Evaluator, EvaluatorProblem } from '../../core/energies/evaluator';
import { monomialCount } from '../../core/kernels/moment-plan';
import { chooseMomentOrder } from '../../core/kernels/moments';
import { createKernelEvaluator } from '../../electron/solver/kernel-pool/fast-evaluator';
import { kernelModules } from '../../electron/solver/kernel-pool/wasm-module';
import { solve } from '../../core/solve';
import { RunSpec } from '../../core/spec/run-spec';
import { etfBound, largestInnerProductBound, largestScale, MIN_NORMAL } from '../../core/theory';
import {
  crossPolytope,
  icosahedron,
  orthonormalSet,
  randomPoints,
  simplexEtf,
} from './fixtures/configurations';

/**
 * Issue 10, "numbers at large and small s": every energy in every evaluator against closed forms for
 * s from 1e-3 to 1000, wherever the true value is a normal double; s refused at validation where it
 * is not; no reported energy below the bound the run reports.
 *
 * Closed forms: in each configuration below every row sees the same inner products, G = g with
 * multiplicity m, so E is n times one row's sum (and the formulas need no summation at all):
 *   ce / two-set (H = W):  n log1p(sum m e^(s (g - 1)))      pair:  n sum m e^(s g)
 *   frame:  n + n sum m g^2      riesz:  n sum m (2 - 2g)^(-alpha/2)      log:  -n sum m log(2 - 2g) / 2
 * orthonormal sets (g = 0), cross-polytopes (g = -1 once, 0 for the others) and antipodal pairs
 * have exact coordinates; the simplex ETF (g = -1/(n-1)) and the icosahedron (g = +-1/sqrt 5 five
 * times each, -1 once; the best 12 points of S^2, representable up to s = 1000 and beyond) are exact
 * to an ulp.
 */

const S_GRID = [1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1, 3, 10, 20, 30, 100, 200, 300, 500, 700, 1000];
const ALPHA = 1.5;
const TOLERANCE = 1e-12;

interface Shape {
  name: string;
  n: number;
  d: number;
  data: Float64Array;
  /** one row's off-diagonal inner products and their multiplicities */
  row: [g: number, m: number][];
}

function shape(
  name: string,
  points: { n: number; d: number; data: Float64Array },
  row: [number, number][],
): Shape {
  return { name, n: points.n, d: points.d, data: points.data, row };
}

const SHAPES: Shape[] = [
  shape('antipodal pair (n=2, d=3)', { n: 2, d: 3, data: new Float64Array([1, 0, 0, -1, 0, 0]) }, [[-1, 1]]),
  shape('simplex ETF (n=4, d=3)', simplexEtf(4, 3), [[-1 / 3, 3]]),
  shape('orthonormal set (n=5, d=5)', orthonormalSet(5, 5), [[0, 4]]),
  shape('cross-polytope (n=6, d=3)', crossPolytope(3), [
    [-1, 1],
    [0, 4],
  ]),
  shape('simplex ETF (n=40, d=39)', simplexEtf(40, 39), [[-1 / 39, 39]]),
  shape('cross-polytope (n=40, d=20)', crossPolytope(20), [
    [-1, 1],
    [0, 38],
  ]),
  shape('icosahedron (n=12, d=3)', icosahedron(), [
    [1 / Math.sqrt(5), 5],
    [-1 / Math.sqrt(5), 5],
    [-1, 1],
  ]),
];

function closedForm(kind: EnergyKind, sh: Shape, s: number): number {
  const { n, row } = sh;
  const sum = (f: (g: number) => number) => row.reduce((acc, [g, m]) => acc + m * f(g), 0);
  switch (kind) {
    case 'ce':
    case 'two-set':
      return n * Math.log1p(sum((g) => Math.exp(s * (g - 1))));
    case 'pair':
      return n * sum((g) => Math.exp(s * g));
    case 'frame':
      return n + n * sum((g) => g * g);
    case 'riesz':
      return n * sum((g) => Math.pow(2 - 2 * g, -ALPHA / 2));
    case 'log':
      return -0.5 * n * sum((g) => Math.log(2 - 2 * g));
  }
}

/** H = W = X for the two-set energy. */
function variable(kind: EnergyKind, sh: Shape): Float64Array {
  if (kind !== 'two-set') return sh.data;
  const both = new Float64Array(2 * sh.data.length);
  both.set(sh.data);
  both.set(sh.data, sh.data.length);
  return both;
}

const usesS = (kind: EnergyKind) => kind === 'ce' || kind === 'two-set' || kind === 'pair';
const isNormal = (v: number) => Number.isFinite(v) && Math.abs(v) >= MIN_NORMAL;
const relative = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

function problemOf(kind: EnergyKind, sh: Shape, s: number, threads = 1): EvaluatorProblem {
  return { energy: kind, n: sh.n, d: sh.d, s, alpha: ALPHA, threads };
}

/** The evaluators of a problem at one thread: reference, fast JS, WebAssembly, moments (ce). */
async function evaluatorsFor(problem: EvaluatorProblem): Promise<Evaluator[]> {
  const energy = makeEnergy(problem.energy, problem);
  const rows = energy.rows(problem.n);
  const list: Evaluator[] = [
    { name: 'reference', evaluate: (x, g) => energy.evaluate(x, rows, problem.d, g), dispose() {} },
    await createKernelEvaluator(problem, 1, { wasm: false }),
    await createKernelEvaluator(problem, 1, { wasm: true }),
  ];
  // the moment expansion wherever it is defined (s <= 2) and its tables are small (here: d <= 5)
  const order = problem.energy === 'ce' ? chooseMomentOrder(problem.s) : null;
  if (order !== null && monomialCount(problem.d, order + 1) <= 100_000) {
    list.push(await createKernelEvaluator(problem, 1, { order }));
  }
  return list;
}

const family = (name: string) =>
  name === 'reference'
    ? 'reference'
    : name
        .replace(/-\d+t$/, '')
        .replace(/^direct-js$/, 'fast JS')
        .replace(/^wasm-simd$/, 'WebAssembly')
        .replace(/^moments-K\d+$/, 'moments');

/** worst relative error per energy, evaluator and s, for the report */
const worst = new Map<string, number>();
function note(kind: EnergyKind, evaluator: string, s: number | null, error: number) {
  const key = `${kind}\t${family(evaluator)}\t${s ?? 'any'}`;
  worst.set(key, Math.max(worst.get(key) ?? 0, error));
}

afterAll(() => {
  const lines = [
    'energy\tevaluator\ts\tworst relative error',
    ...[...worst].map(([k, v]) => `${k}\t${v.toExponential(1)}`),
  ];
  mkdirSync('test-artifacts', { recursive: true });
  writeFileSync('test-artifacts/numbers-accuracy.tsv', lines.join('\n') + '\n');
});

describe('every energy in every evaluator against closed forms, s from 1e-3 to 1000', () => {
  it('WebAssembly is available here (else its rows below would test the JS stages twice)', async () => {
    expect(await kernelModules()).not.toBeNull();
  });

  for (const kind of ENERGY_KINDS) {
    const grid = usesS(kind) ? S_GRID : [1];
    it(`${kind}: within ${TOLERANCE} relative wherever the value is a normal double`, async () => {
      let checked = 0;
      for (const sh of SHAPES) {
        for (const s of grid) {
          const exact = closedForm(kind, sh, s);
          if (!isNormal(exact)) continue;
          const spec = RunSpec.safeParse({ energy: kind, n: sh.n, d: sh.d, s, alpha: ALPHA });
          if (!spec.success) continue;
          for (const evaluator of await evaluatorsFor(problemOf(kind, sh, s))) {
            try {
              const value = await evaluator.evaluate(variable(kind, sh), null);
              const error = relative(value, exact);
              note(kind, evaluator.name, usesS(kind) ? s : null, error);
              expect(
                error,
                `${evaluator.name} at ${sh.name}, s = ${s}: ${value} against ${exact}`,
              ).toBeLessThan(TOLERANCE);
              checked++;
            } finally {
              await evaluator.dispose();
            }
          }
        }
      }
      expect(checked).toBeGreaterThan(usesS(kind) ? 150 : 15);
    });
  }
});

describe('thread counts 1, 2 and 3 give identical bits at every scale', () => {
  const shapes = SHAPES.filter((sh) => sh.n === 40);
  for (const kind of ENERGY_KINDS) {
    it(`${kind}: JS and WebAssembly stages, value and gradient`, async () => {
      for (const sh of shapes) {
        for (const s of usesS(kind) ? [1e-3, 1, 30, 500] : [1]) {
          const problem = problemOf(kind, sh, s);
          if (!RunSpec.safeParse({ energy: kind, n: sh.n, d: sh.d, s, alpha: ALPHA }).success) continue;
          for (const wasm of [false, true]) {
            const bits: string[] = [];
            for (const threads of [1, 2, 3]) {
              const evaluator = await createKernelEvaluator(problem, threads, { wasm });
              try {
                const x = variable(kind, randomLike(sh));
                const grad = new Float64Array(x.length);
                const value = await evaluator.evaluate(x, grad);
                bits.push(`${value}|${Array.from(new BigUint64Array(grad.buffer)).join(',')}`);
              } finally {
                await evaluator.dispose();
              }
            }
            expect(bits[1], `${kind} ${sh.name} s = ${s} wasm ${wasm}: 2 threads`).toBe(bits[0]);
            expect(bits[2], `${kind} ${sh.name} s = ${s} wasm ${wasm}: 3 threads`).toBe(bits[0]);
          }
        }
      }
    });
  }
});

/** Random points of a shape's size: every pair differs, so the chunks all carry real work. */
function randomLike(sh: Shape): Shape {
  return { ...sh, data: randomPoints(sh.n, sh.d, 7 * sh.n + sh.d).data };
}

describe('fast evaluators agree with the reference at random points at every scale', () => {
  for (const kind of ['ce', 'two-set', 'pair'] as const) {
    it(`${kind}: value within ${TOLERANCE}, tangential gradient within 1e-10 of its norm`, async () => {
      for (const [n, d] of [
        [12, 3],
        [9, 17],
      ]) {
        const sh = randomLike({ name: `random ${n}x${d}`, n, d, data: new Float64Array(0), row: [] });
        for (const s of S_GRID) {
          if (!RunSpec.safeParse({ energy: kind, n, d, s }).success) continue;
          const [reference, ...fast] = await evaluatorsFor(problemOf(kind, sh, s));
          const x = variable(kind, sh);
          const expected = new Float64Array(x.length);
          const value = await reference.evaluate(x, expected);
          if (!isNormal(value)) continue;
          const tangent = (g: Float64Array) => {
            const out = Float64Array.from(g);
            for (let o = 0; o < x.length; o += d) {
              let r = 0;
              for (let k = 0; k < d; k++) r += out[o + k] * x[o + k];
              for (let k = 0; k < d; k++) out[o + k] -= r * x[o + k];
            }
            return out;
          };
          const want = tangent(expected);
          const wantNorm = Math.hypot(...want);
          for (const evaluator of fast) {
            try {
              const grad = new Float64Array(x.length);
              const got = await evaluator.evaluate(x, grad);
              expect(relative(got, value), `${evaluator.name} ${n}x${d} s = ${s}`).toBeLessThan(TOLERANCE);
              const have = tangent(grad);
              let diff = 0;
              for (let k = 0; k < have.length; k++) diff = Math.hypot(diff, have[k] - want[k]);
              if (wantNorm > 0)
                expect(diff / wantNorm, `${evaluator.name} gradient ${n}x${d} s = ${s}`).toBeLessThan(1e-10);
            } finally {
              await evaluator.dispose();
            }
          }
        }
      }
    });
  }
});

describe('where values leave the doubles, validation refuses s and names the range', () => {
  const cases: [EnergyKind, number, number][] = [
    ['ce', 2, 3],
    ['ce', 4, 3],
    ['ce', 30, 29],
    ['ce', 6, 3],
    ['two-set', 4, 3],
    ['ce', 12, 3],
    ['ce', 1000, 3],
    ['two-set', 1000, 3],
    ['pair', 4, 3],
    ['pair', 1000, 3],
  ];
  for (const [kind, n, d] of cases) {
    it(`${kind}, n = ${n}, d = ${d}: accepted up to the limit, refused past it with a message`, () => {
      const limit = largestScale(kind, n, d);
      expect(limit).toBeGreaterThan(300);
      expect(RunSpec.safeParse({ energy: kind, n, d, s: limit }).success).toBe(true);
      const refused = RunSpec.safeParse({ energy: kind, n, d, s: limit * (1 + 1e-9) });
      expect(refused.success).toBe(false);
      const issue = refused.error!.issues[0];
      expect(issue.path).toEqual(['s']);
      expect(issue.message).toMatch(
        new RegExp(`^s must be at most ${Math.floor(limit * 100) / 100} for the ${kind} energy`),
      );
    });
  }

  it('at the ce limit the minimum is still a normal double: ETF bound at d = n-1, e^-s pairs at n >= d+2', () => {
    for (const n of [3, 4, 10, 30])
      expect(etfBound(n, largestScale('ce', n, n - 1))).toBeGreaterThanOrEqual(MIN_NORMAL);
    expect(2 * Math.log1p(Math.exp(-largestScale('ce', 6, 3)))).toBeGreaterThanOrEqual(MIN_NORMAL);
  });

  it('the cap bound on the largest inner product holds for the best packings known exactly', () => {
    // octahedron (6 points of S^2: 0), icosahedron (12: 1/sqrt 5), cross-polytope of R^8 (16: 0)
    expect(largestInnerProductBound(6, 3)).toBeLessThanOrEqual(0);
    expect(largestInnerProductBound(12, 3)).toBeLessThanOrEqual(1 / Math.sqrt(5));
    expect(largestInnerProductBound(12, 3)).toBeGreaterThan(0.3);
    expect(largestInnerProductBound(16, 8)).toBeLessThanOrEqual(0);
    // n points of S^1: the regular polygon, cos(2 pi / n)
    for (const n of [5, 12, 100]) {
      expect(largestInnerProductBound(n, 2)).toBeLessThanOrEqual(Math.cos((2 * Math.PI) / n));
    }
  });

  it('energies without s (frame, riesz, log) accept every s', () => {
    for (const energy of ['frame', 'riesz', 'log'] as const)
      expect(RunSpec.safeParse({ energy, n: 4, d: 3, s: 1e6 }).success).toBe(true);
  });
});

describe('solves of the issue cases: converged, never below the bound they report, same bits on 1-3 threads', () => {
  const cases: [number, number, number][] = [
    [4, 3, 20],
    [4, 3, 30],
    [4, 3, 200],
    [4, 3, 500],
    [30, 29, 100],
    [10, 9, 20],
  ];
  for (const [n, d, s] of cases) {
    it(`ce, n = ${n}, d = ${d}, s = ${s}`, async () => {
      const energies: number[] = [];
      for (const threads of [1, 2, 3]) {
        for (const wasm of [false, true]) {
          const { summary } = await solve(
            { energy: 'ce', n, d, s, threads },
            { createEvaluator: (p) => createKernelEvaluator(p, threads, { wasm }) },
          );
          expect(summary.stopReason, `${threads} threads, wasm ${wasm}`).toBe('converged');
          expect(summary.energy).toBeGreaterThanOrEqual(summary.metrics.etfBound);
          expect(summary.metrics.ceEnergy).toBeGreaterThanOrEqual(summary.metrics.etfBound);
          expect(relative(summary.energy, etfBound(n, s))).toBeLessThan(1e-11);
          if (!wasm) energies.push(summary.energy);
        }
      }
      expect(energies[1]).toBe(energies[0]);
      expect(energies[2]).toBe(energies[0]);
    });
  }

  it('ce, n = 6, d = 3, s = 0.001: the octahedron (design strength 3, FP ratio 1), not a tight frame of strength 1', async () => {
    const { summary } = await solve({ energy: 'ce', n: 6, d: 3, s: 0.001 });
    expect(summary.stopReason).toBe('converged');
    expect(summary.metrics.designStrength).toBe(3);
    expect(summary.metrics.framePotentialRatio).toBeGreaterThanOrEqual(1);
    expect(summary.metrics.framePotentialRatio - 1).toBeLessThan(1e-12);
    expect(summary.metrics.etfBoundGap).toBeGreaterThanOrEqual(0);
  });

  it('pair, n = 4, d = 3, s = 2000: refused before any solve starts', async () => {
    await expect(solve({ energy: 'pair', n: 4, d: 3, s: 2000 })).rejects.toThrow(
      /s must be at most 701\.43 for the pair energy/,
    );
  });

  it('the other energies at s = 1e-3 and at their largest s stay at or above their bounds', async () => {
    for (const [energy, s] of [
      ['two-set', 1e-3],
      ['two-set', 500],
      ['pair', 1e-3],
      ['pair', 700],
      ['frame', 1],
    ] as const) {
      const { summary } = await solve({ energy, n: 4, d: 3, s });
      expect(Number.isFinite(summary.energy), energy).toBe(true);
      expect(summary.metrics.ceEnergy).toBeGreaterThanOrEqual(summary.metrics.etfBound);
      expect(summary.metrics.framePotentialRatio).toBeGreaterThanOrEqual(1);
      if (energy === 'two-set') expect(summary.energy).toBeGreaterThanOrEqual(summary.metrics.etfBound);
    }
  });
});

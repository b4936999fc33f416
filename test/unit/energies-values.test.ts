import { describe, expect, it } from 'vitest';
import { ENERGY_KINDS, makeEnergy } from '../../core/energies';
import type { PointSet } from '../../core/points';
import {
  permuted,
  randomPermutation,
  randomPoints,
  randomRotation,
  rotated,
  simplexEtf,
} from './fixtures/configurations';

/** Gram entry and squared distance of rows i, j, computed plainly as the independent reference. */
function gram(x: Float64Array, d: number, i: number, j: number): number {
  let acc = 0;
  for (let k = 0; k < d; k++) acc += x[i * d + k] * x[j * d + k];
  return acc;
}
function distance(x: Float64Array, d: number, i: number, j: number): number {
  let acc = 0;
  for (let k = 0; k < d; k++) acc += (x[i * d + k] - x[j * d + k]) ** 2;
  return Math.sqrt(acc);
}
/** log sum_j exp(e_j), shifted by the maximum. */
function logSumExp(e: number[]): number {
  const m = Math.max(...e);
  return m + Math.log(e.reduce((acc, v) => acc + Math.exp(v - m), 0));
}
/** sum over ordered pairs i != j of f(i, j) */
function offDiagonal(n: number, f: (i: number, j: number) => number): number {
  let acc = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) acc += f(i, j);
  return acc;
}
const relative = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('energy values against their defining formulas (docs/math.md#energies), 1e-13 relative', () => {
  const { n, d, data: x } = randomPoints(9, 5, 21);
  const s = 1.7;
  const alpha = 1.3;

  it('E_s equals the log-sum-exp form sum_i log sum_j exp(s G_ij) - n s', () => {
    let lse = -n * s;
    for (let i = 0; i < n; i++) lse += logSumExp(Array.from({ length: n }, (_, j) => s * gram(x, d, i, j)));
    expect(relative(makeEnergy('ce', { s, alpha }).evaluate(x, n, d, null), lse)).toBeLessThan(1e-13);
  });

  it('L_s(H, W) equals its definition for H != W, and L_s(X, X) = E_s(X)', () => {
    const hw = randomPoints(2 * n, d, 22).data;
    const w = (i: number) => n + i;
    let expected = 0;
    for (let i = 0; i < n; i++) {
      const e = Array.from({ length: n }, (_, j) => s * (gram(hw, d, i, w(j)) - gram(hw, d, i, w(i))));
      expected += logSumExp(e);
    }
    const twoSet = makeEnergy('two-set', { s, alpha });
    expect(relative(twoSet.evaluate(hw, 2 * n, d, null), expected)).toBeLessThan(1e-13);
    const xx = new Float64Array(2 * n * d);
    xx.set(x);
    xx.set(x, n * d);
    const ce = makeEnergy('ce', { s, alpha }).evaluate(x, n, d, null);
    expect(relative(twoSet.evaluate(xx, 2 * n, d, null), ce)).toBeLessThan(1e-14);
  });

  it('L_s stays finite and exact where exponents reach +2s (h_i = -w_i, s = 400)', () => {
    const hw = randomPoints(2 * n, d, 23).data;
    for (let k = 0; k < n * d; k++) hw[k] = -hw[n * d + k];
    const big = 400;
    let expected = 0;
    for (let i = 0; i < n; i++) {
      expected += logSumExp(
        Array.from({ length: n }, (_, j) => big * (gram(hw, d, i, n + j) - gram(hw, d, i, n + i))),
      );
    }
    const value = makeEnergy('two-set', { s: big, alpha }).evaluate(hw, 2 * n, d, null);
    expect(relative(value, expected)).toBeLessThan(1e-13);
  });

  it('pair, frame, Riesz and log energies equal their double sums', () => {
    const expected = {
      pair: offDiagonal(n, (i, j) => Math.exp(s * gram(x, d, i, j))),
      frame: n + offDiagonal(n, (i, j) => gram(x, d, i, j) ** 2),
      riesz: offDiagonal(n, (i, j) => distance(x, d, i, j) ** -alpha),
      log: offDiagonal(n, (i, j) => -Math.log(distance(x, d, i, j))),
    };
    for (const [kind, value] of Object.entries(expected)) {
      const energy = makeEnergy(kind as keyof typeof expected, { s, alpha });
      expect(relative(energy.evaluate(x, n, d, null), value), kind).toBeLessThan(1e-13);
    }
    // alpha = 1 and 2 take their own (faster) branches
    for (const a of [1, 2]) {
      const riesz = offDiagonal(n, (i, j) => distance(x, d, i, j) ** -a);
      expect(relative(makeEnergy('riesz', { s, alpha: a }).evaluate(x, n, d, null), riesz)).toBeLessThan(
        1e-13,
      );
    }
  });
});

describe('every energy is invariant under rotations X -> X Q and permutations of the points', () => {
  for (const kind of ENERGY_KINDS) {
    it(kind, () => {
      const energy = makeEnergy(kind, { s: 2.5, alpha: 1.5 });
      const n = 8;
      const d = 4;
      const rows = energy.rows(n);
      const x = randomPoints(rows, d, 31).data;
      const value = energy.evaluate(x, rows, d, null);
      const movedRotation = energy.evaluate(rotated(x, d, randomRotation(d, 32)), rows, d, null);
      const movedPermutation = energy.evaluate(permuted(x, d, randomPermutation(n, 33)), rows, d, null);
      expect(relative(movedRotation, value)).toBeLessThan(1e-13);
      expect(relative(movedPermutation, value)).toBeLessThan(1e-13);
    });
  }
});

describe('the simplex ETF attains the bound (*) of docs/math.md#etf-bound (table values, 1e-12 relative)', () => {
  const table: [number, number, number][] = [
    [2, 0.5, 0.626523375036],
    [2, 1, 0.253856022086],
    [2, 5, 9.079779843373e-5],
    [4, 0.5, 3.729052142486],
    [4, 1, 2.330630612247],
    [4, 5, 1.524252686352e-2],
    [10, 0.5, 18.186903533337],
    [10, 1, 13.769349204502],
    [10, 5, 3.42016785132e-1],
    [100, 0.5, 410.66688801249],
    [100, 1, 361.237730590699],
    [100, 5, 49.11556064334],
  ];
  const etfs = new Map<number, PointSet>();
  for (const [n, s, bound] of table) {
    it(`n = ${n}, s = ${s}: E_s(ETF) = L_s(ETF, ETF) = ${bound}`, () => {
      if (!etfs.has(n)) etfs.set(n, simplexEtf(n, n - 1));
      const etf = etfs.get(n) as PointSet;
      const ce = makeEnergy('ce', { s, alpha: 1 }).evaluate(etf.data, n, n - 1, null);
      // the table has 12 significant digits, so its own rounding is up to 5e-13 relative
      expect(relative(ce, bound)).toBeLessThan(1e-12);
      const doubled = new Float64Array(2 * etf.data.length);
      doubled.set(etf.data);
      doubled.set(etf.data, etf.data.length);
      const twoSet = makeEnergy('two-set', { s, alpha: 1 }).evaluate(doubled, 2 * n, n - 1, null);
      expect(relative(twoSet, bound)).toBeLessThan(1e-12);
    });
  }
});

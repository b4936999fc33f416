import { describe, expect, it } from 'vitest';
import { makeEnergy } from '../../core/energies';
import { computeMetrics } from '../../core/metrics';
import { Metrics } from '../../core/spec/run-result';
import { etfBound, uniformEnergy } from '../../core/theory';
import { crossPolytope, orthonormalSet, randomPoints, simplexEtf } from './fixtures/configurations';

const close = (actual: number, expected: number, relative = 1e-13) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(relative * Math.max(1, Math.abs(expected)));

describe('frame potential and tightness (docs/math.md#frame-potential)', () => {
  it('orthonormal sets have FP = n, ratio 1, and |X^T X - (n/d) I| = sqrt(n - n^2/d)', () => {
    for (const [n, d] of [
      [3, 5],
      [4, 4],
      [2, 9],
    ]) {
      const m = computeMetrics(orthonormalSet(n, d), { energy: 'ce', s: 1 });
      close(m.framePotential, n);
      close(m.framePotentialRatio, 1);
      close(m.tightnessError, Math.sqrt(n - (n * n) / d));
      close(m.coherence, 0);
      close(m.minAngle, Math.PI / 2);
    }
  });

  it('the cross-polytope (n = 2d) is a balanced tight frame: FP = n^2/d', () => {
    for (const d of [2, 3, 7]) {
      const m = computeMetrics(crossPolytope(d), { energy: 'ce', s: 2 });
      close(m.framePotential, (4 * d * d) / d);
      close(m.framePotentialRatio, 1);
      expect(m.tightnessError).toBeLessThan(1e-14);
      expect(m.balance).toBeLessThan(1e-15);
      close(m.coherence, 1);
      close(m.maxInnerProduct, 0);
      close(m.minDistance, Math.SQRT2);
    }
  });

  it('tightness error equals sqrt(FP - n^2/d) on random points, both for n >= d and n < d', () => {
    for (const [n, d] of [
      [20, 3],
      [6, 11],
    ]) {
      const m = computeMetrics(randomPoints(n, d, n + d), { energy: 'ce', s: 1 });
      close(m.tightnessError, Math.sqrt(m.framePotential - (n * n) / d), 1e-12);
    }
  });
});

describe('the simplex ETF (docs/math.md#etf-bound)', () => {
  for (const [n, d] of [
    [4, 3],
    [5, 4],
    [10, 9],
    [6, 12],
  ]) {
    it(`n = ${n}, d = ${d}: ETF distance 0, on the bound (*), balanced, coherence 1/(n-1), FP = n^2/(n-1)`, () => {
      const s = 1.5;
      const m = computeMetrics(simplexEtf(n, d), { energy: 'ce', s });
      expect(m.etfDistance).toBeLessThan(1e-15);
      expect(m.etfDistanceFrobenius).toBeLessThan(1e-14);
      expect(Math.abs(m.etfBoundGap)).toBeLessThan(1e-13 * m.etfBound);
      close(m.etfBound, etfBound(n, s));
      expect(m.balance).toBeLessThan(1e-15);
      close(m.coherence, 1 / (n - 1));
      close(m.maxInnerProduct, -1 / (n - 1));
      close(m.minAngle, Math.acos(-1 / (n - 1)));
      close(m.framePotential, (n * n) / (n - 1));
      // the Welch bound is attained exactly when the ETF spans R^d (d = n - 1)
      if (d === n - 1) close(m.coherence, m.welchBound);
      else expect(m.welchBound).toBe(0);
    });
  }
});

describe('computeMetrics against direct definitions on random points', () => {
  it('fills the Metrics schema with the values of a plain n x n Gram computation', () => {
    const n = 13;
    const d = 4;
    const s = 2.5;
    const points = randomPoints(n, d, 77);
    const x = points.data;
    const m = Metrics.parse(computeMetrics(points, { energy: 'pair', s }));
    const gram = (i: number, j: number) => {
      let acc = 0;
      for (let k = 0; k < d; k++) acc += x[i * d + k] * x[j * d + k];
      return acc;
    };
    const off: number[] = [];
    const distances: number[] = [];
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        if (i === j) continue;
        off.push(gram(i, j));
        distances.push(Math.sqrt(2 - 2 * gram(i, j)));
      }
    }
    const ce = makeEnergy('ce', { s, alpha: 1 }).evaluate(x, n, d, null);
    close(m.ceEnergy, ce);
    close(m.uniformEnergy, uniformEnergy(d, s, n));
    close(m.uniformGap, ce / n - uniformEnergy(d, s, n), 1e-12);
    close(m.framePotential, n + off.reduce((a, g) => a + g * g, 0), 1e-12);
    close(m.coherence, Math.max(...off.map(Math.abs)));
    close(m.maxInnerProduct, Math.max(...off));
    close(m.minAngle, Math.acos(Math.max(...off)), 1e-7);
    close(m.minDistance, Math.min(...distances), 1e-7);
    close(m.etfDistance, Math.max(...off.map((g) => Math.abs(g + 1 / (n - 1)))));
    close(m.etfDistanceFrobenius, Math.sqrt(off.reduce((a, g) => a + (g + 1 / (n - 1)) ** 2, 0)), 1e-12);
    expect(m.selfDuality).toBeNull();
  });

  it('for the two-set energy describes H and reports the self-duality max_i |h_i - w_i|', () => {
    const n = 6;
    const d = 5;
    const hw = randomPoints(2 * n, d, 5).data;
    const h = { n, d, data: hw.slice(0, n * d) };
    const metricsOfH = computeMetrics(h, { energy: 'ce', s: 1 });
    const m = computeMetrics({ n, d, data: hw }, { energy: 'two-set', s: 1 });
    expect({ ...m, selfDuality: null }).toEqual(metricsOfH);
    let worst = 0;
    for (let i = 0; i < n; i++) {
      let r2 = 0;
      for (let k = 0; k < d; k++) r2 += (hw[i * d + k] - hw[(n + i) * d + k]) ** 2;
      worst = Math.max(worst, Math.sqrt(r2));
    }
    expect(m.selfDuality).toBe(worst);
    const etf = simplexEtf(n, d);
    const doubled = new Float64Array(2 * n * d);
    doubled.set(etf.data);
    doubled.set(etf.data, n * d);
    expect(computeMetrics({ n, d, data: doubled }, { energy: 'two-set', s: 1 }).selfDuality).toBe(0);
  });

  it('rejects a point array of the wrong size', () => {
    const points = randomPoints(4, 3, 1);
    expect(() => computeMetrics(points, { energy: 'two-set', s: 1 })).toThrow(/expected 8 rows of 3 numbers/);
  });
});

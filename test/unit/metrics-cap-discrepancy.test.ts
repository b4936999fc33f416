import { describe, expect, it } from 'vitest';
import { capDiscrepancy, computeMetrics, meanChordLength, stolarskyConstant } from '../../core/metrics';
import { innerProductDensity } from '../../core/theory';
import { randomPoints } from './fixtures/configurations';

/**
 * The L2 cap discrepancy D^2 = int_{-1}^{1} int_S (#{x_i in C(y, t)}/n - sigma(t))^2 dsigma(y) dt,
 * C(y, t) = {x : <x, y> >= t}, computed from its definition for configurations where the inner
 * integral is a finite sum: a single point and an antipodal pair. With u = <y, p> distributed by the
 * inner-product density, the cap area is sigma(t) = P(u >= t), and the count is a step function of u.
 */
const capArea: Record<number, (t: number) => number> = {
  2: (t) => Math.acos(t) / Math.PI,
  3: (t) => (1 - t) / 2,
  4: (t) => (Math.acos(t) - t * Math.sqrt(1 - t * t)) / Math.PI,
  5: (t) => (2 - 3 * t + t ** 3) / 4,
};

/** int_{-1}^{1} g(t) dt = int_0^pi g(cos a) sin a da by composite Simpson on [0, pi/2] and [pi/2, pi] (smooth pieces). */
function integrateOverHeights(g: (t: number) => number): number {
  const m = 4000;
  let total = 0;
  for (const [a0, a1] of [
    [0, Math.PI / 2],
    [Math.PI / 2, Math.PI],
  ]) {
    const h = (a1 - a0) / m;
    for (let k = 0; k <= m; k++) {
      const a = a0 + k * h;
      const weight = k === 0 || k === m ? 1 : k % 2 === 1 ? 4 : 2;
      total += ((weight * h) / 3) * g(Math.cos(a)) * Math.sin(a);
    }
  }
  return total;
}

describe("L2 cap discrepancy by Stolarsky's identity (docs/math.md#cap-discrepancy)", () => {
  it('has the constants C = 1/pi, 1/4 and E|x - y| = 4/pi, 4/3 on S^1 and S^2', () => {
    expect(stolarskyConstant(2)).toBeCloseTo(1 / Math.PI, 15);
    expect(stolarskyConstant(3)).toBeCloseTo(1 / 4, 15);
    expect(meanChordLength(2)).toBeCloseTo(4 / Math.PI, 15);
    expect(meanChordLength(3)).toBeCloseTo(4 / 3, 15);
  });

  it('E|x - y| equals the mean of sqrt(2 - 2t) under the inner-product density, up to d = 1000', () => {
    for (const d of [4, 7, 30, 1000]) {
      const mean = integrateOverHeights((t) => Math.sqrt(2 - 2 * t) * innerProductDensity(d, t));
      expect(Math.abs(mean - meanChordLength(d)), `d=${d}`).toBeLessThan(1e-12);
    }
  });

  it('equals the defining integral for one point and an antipodal pair on S^1..S^4', () => {
    for (const d of [2, 3, 4, 5]) {
      const sigma = capArea[d];
      // one point: the count is 1 with probability sigma(t)
      const single = integrateOverHeights((t) => sigma(t) * (1 - sigma(t)));
      expect(Math.abs(capDiscrepancy(d, 0) ** 2 - single), `single d=${d}`).toBeLessThan(1e-11);
      // antipodal pair p, -p: counts [u >= t] + [u <= -t] over the regions of u
      const pair = integrateOverHeights((t) => {
        const a = sigma(t);
        return t > 0
          ? 2 * a * (0.5 - a) ** 2 + (1 - 2 * a) * a * a
          : (2 * a - 1) * (1 - a) ** 2 + 2 * (1 - a) * (0.5 - a) ** 2;
      });
      // (1/n^2) sum_ij |x_i - x_j| = 2 * 2 / 4 = 1
      expect(Math.abs(capDiscrepancy(d, 1) ** 2 - pair), `pair d=${d}`).toBeLessThan(1e-11);
    }
    // by hand on S^2: D^2 = (1/4)(4/3 - 1) = 1/12 for the antipodal pair
    expect(capDiscrepancy(3, 1) ** 2).toBeCloseTo(1 / 12, 15);
  });

  it('D^2 >= 0: random sets have mean distance below E|x - y|, and D shrinks as points are added', () => {
    for (const d of [2, 3, 7]) {
      const discrepancies = [10, 40, 160].map((n) => {
        const points = randomPoints(n, d, 1000 + n + d);
        let sum = 0;
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < n; j++) {
            let r2 = 0;
            for (let k = 0; k < d; k++) r2 += (points.data[i * d + k] - points.data[j * d + k]) ** 2;
            sum += Math.sqrt(r2);
          }
        }
        expect(sum / (n * n)).toBeLessThan(meanChordLength(d));
        return computeMetrics(points, { energy: 'ce', s: 1 }).capDiscrepancy;
      });
      expect(discrepancies[1]).toBeLessThan(discrepancies[0]);
      expect(discrepancies[2]).toBeLessThan(discrepancies[1]);
    }
  });
});

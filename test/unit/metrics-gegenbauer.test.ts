import { describe, expect, it } from 'vitest';
import { computeMetrics, designStrength, gegenbauer } from '../../core/metrics';
import type { PointSet } from '../../core/points';
import {
  crossPolytope,
  cube,
  icosahedron,
  orthonormalSet,
  randomPoints,
  regularPolygon,
  simplexEtf,
} from './fixtures/configurations';

const moments = (points: PointSet) => computeMetrics(points, { energy: 'ce', s: 1 }).gegenbauer;

describe('Gegenbauer polynomials P_k of S^{d-1}, P_k(1) = 1 (docs/math.md#gegenbauer)', () => {
  const angles = [0.1, 0.7, 1.3, 2.2, 3.0];

  it('d = 2 gives Chebyshev T_k(cos a) = cos(k a), where the recurrence degenerates at k = 1', () => {
    for (const a of angles)
      for (let k = 0; k <= 8; k++) expect(gegenbauer(2, k, Math.cos(a))).toBeCloseTo(Math.cos(k * a), 14);
  });

  it('d = 3 gives Legendre polynomials', () => {
    for (const a of angles) {
      const t = Math.cos(a);
      expect(gegenbauer(3, 2, t)).toBeCloseTo((3 * t * t - 1) / 2, 14);
      expect(gegenbauer(3, 3, t)).toBeCloseTo((5 * t ** 3 - 3 * t) / 2, 14);
      expect(gegenbauer(3, 4, t)).toBeCloseTo((35 * t ** 4 - 30 * t * t + 3) / 8, 14);
    }
  });

  it('d = 4 gives U_k(cos a)/(k + 1) = sin((k+1) a) / ((k+1) sin a)', () => {
    for (const a of angles) {
      for (let k = 1; k <= 8; k++)
        expect(gegenbauer(4, k, Math.cos(a))).toBeCloseTo(
          Math.sin((k + 1) * a) / ((k + 1) * Math.sin(a)),
          14,
        );
    }
  });

  it('P_k(1) = 1 and |P_k| <= 1 on [-1, 1] for every d', () => {
    for (const d of [2, 3, 5, 10, 100]) {
      for (let k = 1; k <= 8; k++) {
        expect(gegenbauer(d, k, 1)).toBeCloseTo(1, 13);
        for (const t of [-1, -0.6, 0.2, 0.95])
          expect(Math.abs(gegenbauer(d, k, t))).toBeLessThanOrEqual(1 + 1e-14);
      }
    }
  });
});

describe('Gegenbauer moments M_k = (1/n^2) sum_ij P_k(G_ij)', () => {
  it('M_1 = |xbar|^2, M_2 = (d FP/n^2 - 1)/(d - 1) and M_k >= 0 on random points', () => {
    for (const [n, d, seed] of [
      [30, 4, 1],
      [17, 2, 2],
      [12, 20, 3],
      [25, 3, 4],
    ]) {
      const m = computeMetrics(randomPoints(n, d, seed), { energy: 'ce', s: 1 });
      expect(m.gegenbauer[0]).toBeCloseTo(m.balance ** 2, 14);
      expect(m.gegenbauer[1]).toBeCloseTo(((d * m.framePotential) / (n * n) - 1) / (d - 1), 14);
      for (const mk of m.gegenbauer) expect(mk).toBeGreaterThan(0);
    }
  });

  it('designs have vanishing low moments: their design strength is known (tolerance 1e-10)', () => {
    const cases: [string, PointSet, number][] = [
      ['regular 7-gon (6-design of S^1)', regularPolygon(7), 6],
      ['icosahedron (5-design)', icosahedron(), 5],
      ['cube (3-design)', cube(), 3],
      ['octahedron (3-design)', crossPolytope(3), 3],
      ['cross-polytope in R^6 (3-design)', crossPolytope(6), 3],
      ['simplex ETF, n = 5 in R^4 (2-design)', simplexEtf(5, 4), 2],
      ['orthonormal set (unbalanced)', orthonormalSet(3, 3), 0],
    ];
    for (const [name, points, strength] of cases) {
      const m = moments(points);
      expect(designStrength(m), name).toBe(strength);
      for (let k = 0; k < strength; k++) expect(Math.abs(m[k]), `${name} M_${k + 1}`).toBeLessThan(1e-14);
      if (strength < 8) expect(m[strength], name).toBeGreaterThan(1e-3);
    }
    // the regular n-gon has M_n = 1: sum_ij cos(n (a_i - a_j)) = n^2
    expect(moments(regularPolygon(7))[6]).toBeCloseTo(1, 14);
  });

  it('design strength counts leading moments below the tolerance', () => {
    expect(designStrength([1e-12, 1e-11, 0.2, 0])).toBe(2);
    expect(designStrength([0.1, 0, 0])).toBe(0);
    expect(designStrength([0, 0, 0], 1e-10)).toBe(3);
  });
});

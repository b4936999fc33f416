import { describe, expect, it } from 'vitest';
import { certify, rotationOrbit } from '../../../core/certificate';
import { makeEnergy, type EnergyKind } from '../../../core/energies';
import { innerProduct } from '../../../core/sphere';
import { crossPolytope, randomPoints, regularPolygon, simplexEtf } from '../fixtures/configurations';
import { denseComplementSpectrum } from './dense';

const params = (kind: EnergyKind, s = 1, alpha = 1) => ({ energy: kind, s, alpha });

/** a regular n-gon on the great circle x3 = 0 of S^2 */
function equatorialPolygon(n: number): Float64Array {
  const p = regularPolygon(n).data;
  const x = new Float64Array(3 * n);
  for (let i = 0; i < n; i++) {
    x[3 * i] = p[2 * i];
    x[3 * i + 1] = p[2 * i + 1];
  }
  return x;
}

describe('rotation orbit', () => {
  it('has d(d-1)/2 modes for points spanning R^d, fewer for points in a subspace', () => {
    expect(rotationOrbit(randomPoints(10, 4, 1).data, 10, 4).dimension).toBe(6);
    // a planar polygon in R^3 spans 2 dimensions: 3 - 0 = 3 modes
    expect(rotationOrbit(equatorialPolygon(5), 5, 3).dimension).toBe(3);
    // an antipodal pair in R^3 spans 1 dimension: 3 - 1 = 2 modes
    expect(rotationOrbit(new Float64Array([0, 0, 1, 0, 0, -1]), 2, 3).dimension).toBe(2);
  });

  it('projects X A onto zero and leaves vectors orthogonal to the orbit alone', () => {
    const x = randomPoints(9, 4, 2).data;
    const orbit = rotationOrbit(x, 9, 4);
    const v = new Float64Array(x.length);
    // X A for A = E_01 - E_10 + 0.3 (E_23 - E_32)
    for (let i = 0; i < 9; i++) {
      v[4 * i + 1] = x[4 * i];
      v[4 * i] = -x[4 * i + 1];
      v[4 * i + 3] = 0.3 * x[4 * i + 2];
      v[4 * i + 2] = -0.3 * x[4 * i + 3];
    }
    const w = Float64Array.from(v);
    orbit.remove(w);
    expect(Math.sqrt(innerProduct(w, w))).toBeLessThan(1e-13);
    const u = randomPoints(9, 4, 3).data;
    orbit.remove(u);
    const again = Float64Array.from(u);
    orbit.remove(again);
    expect(Math.max(...again.map((a, k) => Math.abs(a - u[k])))).toBeLessThan(1e-13);
    expect(Math.abs(innerProduct(u, v))).toBeLessThan(1e-12);
  });
});

describe('certificates on known configurations', () => {
  it('simplex ETF at d = n - 1 is a strict minimum of the cross-entropy energy', async () => {
    for (const n of [4, 6]) {
      const x = simplexEtf(n, n - 1).data;
      const c = await certify({ ...params('ce', 2), n, d: n - 1 }, x);
      expect(c.verdict).toBe('strict-minimum');
      expect(c.zeroModes).toBe(((n - 1) * (n - 2)) / 2);
      const dense = denseComplementSpectrum(makeEnergy('ce', { s: 2, alpha: 1 }), x, n, n - 1, 1e-3);
      expect(Math.abs(c.lambdaMin - dense[0])).toBeLessThan(1e-6 * Math.abs(dense[dense.length - 1]));
    }
  });

  it('octahedron (n = 6, d = 3) is a strict minimum of the Riesz and log energies', async () => {
    const x = crossPolytope(3).data;
    for (const kind of ['riesz', 'log'] as const) {
      const c = await certify({ ...params(kind), n: 6, d: 3 }, x);
      expect(c.verdict).toBe('strict-minimum');
      expect(c.negativeDirections).toBe(0);
      expect(c.zeroModes).toBe(3);
      const dense = denseComplementSpectrum(makeEnergy(kind, { s: 1, alpha: 1 }), x, 6, 3, 1e-3);
      expect(Math.abs(c.lambdaMin - dense[0])).toBeLessThan(1e-6 * dense[dense.length - 1]);
      expect(Math.abs(c.gap - (dense[1] - dense[0]))).toBeLessThan(1e-6 * dense[dense.length - 1]);
    }
  });

  it('cross-polytope (n = 8, d = 4) is a strict minimum of the Riesz energy', async () => {
    const x = crossPolytope(4).data;
    const c = await certify({ ...params('riesz'), n: 8, d: 4 }, x);
    expect(c.verdict).toBe('strict-minimum');
    expect(c.zeroModes).toBe(6);
  });

  it('a square on a great circle of S^2 is a saddle of the Riesz energy, and its direction goes down', async () => {
    const x = equatorialPolygon(4);
    const c = await certify({ ...params('riesz'), n: 4, d: 3 }, x);
    const dense = denseComplementSpectrum(makeEnergy('riesz', { s: 1, alpha: 1 }), x, 4, 3, 1e-3);
    const negatives = dense.filter((v) => v < -1e-6 * dense[dense.length - 1]).length;
    expect(c.verdict).toBe('saddle');
    expect(c.negativeDirections).toBe(negatives);
    expect(negatives).toBeGreaterThan(0);
    expect(Math.abs(c.lambdaMin - dense[0])).toBeLessThan(1e-6 * dense[dense.length - 1]);
    // along the direction the energy falls at second order
    const energy = makeEnergy('riesz', { s: 1, alpha: 1 });
    const base = energy.evaluate(x, 4, 3, null);
    const moved = new Float64Array(x.length);
    for (let k = 0; k < x.length; k++) moved[k] = x[k] + 1e-2 * c.direction![k];
    for (let i = 0; i < 4; i++) {
      const norm = Math.hypot(moved[3 * i], moved[3 * i + 1], moved[3 * i + 2]);
      for (let t = 0; t < 3; t++) moved[3 * i + t] /= norm;
    }
    expect(energy.evaluate(moved, 4, 3, null)).toBeLessThan(base);
  });

  it('the frame potential at a tight frame is degenerate (tight frames form a manifold)', async () => {
    const x = crossPolytope(3).data;
    const c = await certify({ ...params('frame'), n: 6, d: 3 }, x);
    expect(c.verdict).toBe('degenerate');
    expect(c.zeroModes).toBeGreaterThan(3);
  });
});

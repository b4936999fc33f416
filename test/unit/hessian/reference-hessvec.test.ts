import { describe, expect, it } from 'vitest';
import { makeEnergy, type EnergyKind } from '../../../core/energies';
import { makeHessVec, riemannianHessVec } from '../../../core/energies/hessian';
import { randomPoints, randomTangent } from '../fixtures/configurations';
import { finiteDifferenceHessVec, relativeError } from './fd';

/**
 * The reference Riemannian Hessian-vector products (core/energies/hessian) against central finite
 * differences of the Riemannian gradient along the retraction, for every energy at several s and
 * alpha, on random points (the Weingarten term matters off critical points, so these test it).
 */
export const HESSIAN_CASES: { kind: EnergyKind; s: number; alpha: number }[] = [
  { kind: 'ce', s: 0.5, alpha: 1 },
  { kind: 'ce', s: 5, alpha: 1 },
  { kind: 'ce', s: 40, alpha: 1 },
  { kind: 'two-set', s: 1, alpha: 1 },
  { kind: 'two-set', s: 5, alpha: 1 },
  { kind: 'pair', s: 0.5, alpha: 1 },
  { kind: 'pair', s: 3, alpha: 1 },
  { kind: 'frame', s: 1, alpha: 1 },
  { kind: 'riesz', s: 1, alpha: 1 },
  { kind: 'riesz', s: 1, alpha: 2.5 },
  { kind: 'log', s: 1, alpha: 1 },
];

describe('reference Hessian-vector products against finite differences (relative error < 1e-6)', () => {
  for (const { kind, s, alpha } of HESSIAN_CASES) {
    it(`${kind} (s = ${s}, alpha = ${alpha})`, async () => {
      const energy = makeEnergy(kind, { s, alpha });
      const n = 7;
      const d = 4;
      const rows = energy.rows(n);
      const hess = makeHessVec(kind, { s, alpha });
      const product = riemannianHessVec((x, v, out, radial) => hess(x, rows, d, v, out, radial), rows, d);
      for (const seed of [1, 2, 3]) {
        const x = randomPoints(rows, d, seed).data;
        const v = randomTangent(x, d, seed + 10);
        const out = new Float64Array(x.length);
        await product(x, v, out);
        const fd = finiteDifferenceHessVec(energy, x, rows, d, v, Math.min(1e-3, 5e-3 / s));
        expect(relativeError(out, fd)).toBeLessThan(1e-6);
      }
    });
  }
});

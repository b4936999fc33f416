import { describe, expect, it } from 'vitest';
import { crossEntropyEnergy } from '../../../core/energies';
import { solve } from '../../../core/solve';
import type { TracePoint } from '../../../core/spec/run-result';
import { regularPolygon } from '../fixtures/configurations';

/**
 * The trust-region method (optimizer 'rtr') and 'auto' reach known minima with a strict-minimum
 * certificate, converge quadratically near a nondegenerate minimum, and a run that ends at a saddle
 * steps off it (escapeSaddles) unless told not to.
 */
const etfBound = (n: number, s: number) => n * Math.log1p((n - 1) * Math.exp((-s * n) / (n - 1)));
/** Thomson problem, sum over pairs i < j of 1/|x_i - x_j| (Wales' tables); our energies sum over i != j */
const THOMSON_4 = 3.674234614174767;
const THOMSON_6 = 9.98528137423999;

describe('trust-region Newton reaches the minima', () => {
  for (const optimizer of ['rtr', 'auto'] as const) {
    it(`${optimizer}: simplex ETF of the cross-entropy energy (n = 5, d = 4, s = 2) to the bound (*)`, async () => {
      const { summary } = await solve({ energy: 'ce', n: 5, d: 4, s: 2, optimizer, tol: 1e-12, seed: 3 });
      expect(summary.stopReason).toBe('converged');
      expect(Math.abs(summary.energy - etfBound(5, 2))).toBeLessThan(1e-12 * etfBound(5, 2));
      expect(summary.certificate?.verdict).toBe('strict-minimum');
    });

    it(`${optimizer}: octahedron for the Thomson problem (n = 6, d = 3)`, async () => {
      const { summary } = await solve({
        energy: 'riesz',
        n: 6,
        d: 3,
        alpha: 1,
        optimizer,
        tol: 1e-12,
        seed: 5,
      });
      expect(summary.energy / 2).toBeCloseTo(THOMSON_6, 10);
      expect(summary.certificate).toMatchObject({
        verdict: 'strict-minimum',
        negativeDirections: 0,
        zeroModes: 3,
      });
    });
  }

  it('rtr converges quadratically: from relative gradient 1e-3 to 1e-13 in at most 6 iterations (n = 12, d = 3, log energy)', async () => {
    const trace: TracePoint[] = [];
    const { summary } = await solve(
      { energy: 'log', n: 12, d: 3, optimizer: 'rtr', tol: 1e-13, seed: 2 },
      { onProgress: (p) => trace.push(p) },
    );
    expect(summary.stopReason).toBe('converged');
    const first = trace.findIndex((p) => p.gradNorm / Math.abs(p.energy) < 1e-3);
    expect(trace.length - 1 - first).toBeLessThanOrEqual(6);
    expect(summary.certificate?.verdict).toBe('strict-minimum');
  });
});

describe('auto hands over to Newton where L-BFGS stalls, and only there', () => {
  it('flat landscape (ce, n = 40, d = 3, s = 1): L-BFGS stagnates above the tolerance, auto reaches it lower', async () => {
    const spec = { energy: 'ce', n: 40, d: 3, s: 1, tol: 2e-9, seed: 1, restarts: 1 } as const;
    const lbfgs = (await solve({ ...spec, optimizer: 'lbfgs' })).summary;
    const auto = (await solve({ ...spec, optimizer: 'auto' })).summary;
    expect(lbfgs.stopReason).toBe('stagnated');
    expect(auto.stopReason).toBe('converged');
    expect(auto.energy).toBeLessThanOrEqual(lbfgs.energy);
  }, 60_000);

  it('where L-BFGS converges (ce, n = 12, d = 3, s = 1), auto is L-BFGS step for step', async () => {
    const spec = { energy: 'ce', n: 12, d: 3, s: 1, tol: 1e-9, seed: 4, restarts: 1 } as const;
    const lbfgs = (await solve({ ...spec, optimizer: 'lbfgs' })).summary;
    const auto = (await solve({ ...spec, optimizer: 'auto' })).summary;
    expect(lbfgs.stopReason).toBe('converged');
    expect([auto.stopReason, auto.iterations, auto.energy]).toEqual([
      lbfgs.stopReason,
      lbfgs.iterations,
      lbfgs.energy,
    ]);
  });
});

describe('no run ends at a saddle unless asked to', () => {
  // a square on a great circle of S^2: critical by symmetry, a saddle of the Thomson energy
  const square = new Float64Array(12);
  const p = regularPolygon(4).data;
  for (let i = 0; i < 4; i++) square.set([p[2 * i], p[2 * i + 1], 0], 3 * i);

  it('L-BFGS from the saddle stops there; the certificate says saddle and the solve goes on to the tetrahedron', async () => {
    const kept = await solve({ energy: 'riesz', n: 4, d: 3, escapeSaddles: false }, { startPoints: square });
    expect(kept.summary.certificate?.verdict).toBe('saddle');
    expect(kept.summary.certificate!.negativeDirections).toBeGreaterThan(0);
    expect(kept.summary.energy / 2).toBeGreaterThan(THOMSON_4 + 0.1);

    const escaped = await solve({ energy: 'riesz', n: 4, d: 3 }, { startPoints: square });
    expect(escaped.summary.certificate?.verdict).toBe('strict-minimum');
    expect(escaped.summary.energy / 2).toBeCloseTo(THOMSON_4, 9);
    expect(escaped.summary.iterations).toBeGreaterThan(kept.summary.iterations);
  });

  it('the certificate of a cancelled run is null (none computed)', async () => {
    const controller = new AbortController();
    controller.abort();
    const { summary } = await solve({ energy: 'ce', n: 6, d: 3 }, { signal: controller.signal });
    expect(summary.stopReason).toBe('cancelled');
    expect(summary.certificate).toBeNull();
    expect(crossEntropyEnergy(1).rows(6)).toBe(6);
  });
});

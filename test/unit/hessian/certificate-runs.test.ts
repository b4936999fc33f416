import { describe, expect, it } from 'vitest';
import { certify } from '../../../core/certificate';
import { makeEnergy } from '../../../core/energies';
import { solve } from '../../../core/solve';
import type { RunSpecInput } from '../../../core/spec/run-spec';
import { regularPolygon } from '../fixtures/configurations';
import { denseComplementSpectrum } from './dense';

/**
 * Certificates of 20 solver runs of different kinds (every energy, n <= 8, d from 2 to 4, the three
 * optimizers, a run left at a saddle), each checked against the spectrum of a dense Hessian built
 * from finite differences of the Riemannian gradient (dense.ts), which shares no code with the
 * analytic products: lambda_min to 1e-6 of |H|, the same number of eigenvalues below -threshold and
 * the same verdict by the certificate's own threshold. The table is printed for the record.
 */
const square = new Float64Array(12);
const polygon = regularPolygon(4).data;
for (let i = 0; i < 4; i++) square.set([polygon[2 * i], polygon[2 * i + 1], 0], 3 * i);

const RUNS: { spec: RunSpecInput; start?: Float64Array }[] = [
  { spec: { energy: 'ce', n: 4, d: 3, s: 1 } },
  { spec: { energy: 'ce', n: 6, d: 3, s: 2, optimizer: 'rtr' } },
  { spec: { energy: 'ce', n: 6, d: 3, s: 8, optimizer: 'auto' } },
  { spec: { energy: 'ce', n: 8, d: 3, s: 1 } },
  { spec: { energy: 'ce', n: 5, d: 2, s: 3, optimizer: 'rtr' } },
  { spec: { energy: 'ce', n: 7, d: 4, s: 4, optimizer: 'auto' } },
  { spec: { energy: 'two-set', n: 3, d: 2, s: 2 } },
  { spec: { energy: 'two-set', n: 4, d: 3, s: 1, optimizer: 'rtr' } },
  { spec: { energy: 'pair', n: 6, d: 3, s: 1 } },
  { spec: { energy: 'pair', n: 5, d: 3, s: 0.5, optimizer: 'auto' } },
  { spec: { energy: 'frame', n: 6, d: 3 } },
  { spec: { energy: 'frame', n: 4, d: 4, optimizer: 'rtr' } },
  { spec: { energy: 'riesz', n: 6, d: 3, alpha: 1, optimizer: 'rtr' } },
  { spec: { energy: 'riesz', n: 5, d: 3, alpha: 1 } },
  { spec: { energy: 'riesz', n: 8, d: 3, alpha: 2, optimizer: 'auto' } },
  { spec: { energy: 'riesz', n: 7, d: 4, alpha: 0.5 } },
  { spec: { energy: 'log', n: 6, d: 3, optimizer: 'rtr' } },
  { spec: { energy: 'log', n: 8, d: 3 } },
  { spec: { energy: 'log', n: 5, d: 2, optimizer: 'auto' } },
  { spec: { energy: 'riesz', n: 4, d: 3, alpha: 1, escapeSaddles: false }, start: square },
];

describe('certificates of 20 runs against dense finite-difference Hessians', () => {
  it('agree in lambda_min, negative directions and verdict', async () => {
    const table: string[] = [];
    for (const { spec, start } of RUNS) {
      const { summary, points } = await solve({ seed: 4, tol: 1e-12, ...spec }, { startPoints: start });
      const problem = { energy: spec.energy, n: spec.n, d: spec.d, s: spec.s ?? 1, alpha: spec.alpha ?? 1 };
      const full = await certify(problem, points.data, { seed: 4, gradNorm: summary.gradNorm });
      const energy = makeEnergy(spec.energy, problem);
      const rows = energy.rows(spec.n);
      const dense = denseComplementSpectrum(energy, points.data, rows, spec.d, 1e-3 / (spec.s ?? 1));
      const scale = Math.max(...dense.map(Math.abs));
      const tau = full.threshold;
      const negatives = dense.filter((v) => v < -tau).length;
      const verdict = negatives > 0 ? 'saddle' : dense[0] <= tau ? 'degenerate' : 'strict-minimum';
      const c = summary.certificate!;
      table.push(
        [spec.energy, `n=${spec.n}`, `d=${spec.d}`, `s=${spec.s ?? 1}`, `alpha=${spec.alpha ?? 1}`, spec.optimizer ?? 'lbfgs',
          c.verdict, `lmin=${c.lambdaMin.toExponential(4)}`, `dense=${dense[0].toExponential(4)}`, `neg=${c.negativeDirections}/${negatives}`,
          `zero=${c.zeroModes}`, `gap=${c.gap.toExponential(2)}`, `tau=${tau.toExponential(1)}`].join(' '),
      );
      expect(c).toEqual({ lambdaMin: full.lambdaMin, negativeDirections: full.negativeDirections, zeroModes: full.zeroModes, gap: full.gap, verdict: full.verdict });
      expect(Math.abs(c.lambdaMin - dense[0])).toBeLessThan(1e-6 * scale);
      expect(c.negativeDirections).toBe(negatives);
      expect(c.verdict).toBe(verdict);
    }
    console.log(table.join('\n'));
    expect(table.filter((t) => t.includes(' saddle ')).length).toBe(1);
  });
});

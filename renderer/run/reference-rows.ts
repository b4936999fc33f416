import type { RunRecord } from '../../core/contract';

/**
 * Every metric of a completed run beside the theory it answers to (math.md sections 2 and 4). A bound
 * is "met" when the value reaches it within REL_TOL relative: solvers reach (*) to about 1e-12 when
 * d >= n-1, and 1e-8 leaves room for tolerances looser than the default.
 */
export const REL_TOL = 1e-8;

export type Verdict = 'met' | 'above' | 'unattainable' | 'none';

export interface ReferenceRow {
  key: string;
  label: string;
  value: number | null;
  reference: number | null;
  referenceLabel: string;
  /** value - reference, when both exist */
  gap: number | null;
  verdict: Verdict;
  note?: string;
}

function meets(value: number, bound: number): boolean {
  return value - bound <= REL_TOL * Math.max(1, Math.abs(bound));
}

export function referenceRows(run: RunRecord): ReferenceRow[] {
  const m = run.metrics;
  if (!m) return [];
  const { n, d } = run;
  const etfExists = d >= n - 1;
  const fpBound = Math.max(n, (n * n) / d);
  const row = (key: string, label: string, value: number | null, reference: number | null, referenceLabel: string, verdict: Verdict, note?: string): ReferenceRow => ({
    key,
    label,
    value,
    reference,
    referenceLabel,
    gap: value !== null && reference !== null ? value - reference : null,
    verdict,
    ...(note ? { note } : {}),
  });
  const boundVerdict = (value: number, bound: number, attainable: boolean): Verdict =>
    meets(value, bound) ? 'met' : attainable ? 'above' : 'unattainable';
  return [
    row('ceEnergy', 'Cross-entropy energy E_s', m.ceEnergy, m.etfBound, 'ETF bound n log(1 + (n−1) e^(−sn/(n−1)))', boundVerdict(m.ceEnergy, m.etfBound, etfExists),
      etfExists ? 'equality exactly at the simplex ETF (d ≥ n−1)' : 'd < n−1: no simplex ETF, the bound holds strictly'),
    row('etfDistance', 'ETF distance max |G_ij + 1/(n−1)|', m.etfDistance, 0, '0 at the simplex ETF', etfExists ? (m.etfDistance <= 1e-6 ? 'met' : 'above') : 'none'),
    row('uniformGap', 'Energy per point E/n', m.ceEnergy / n, m.uniformEnergy, 'uniform energy U_d(s, n)', 'none', 'gap → 0 as n grows with d fixed'),
    row('framePotential', 'Frame potential FP', m.framePotential, fpBound, 'max(n, n²/d) (Benedetto–Fickus)', boundVerdict(m.framePotential, fpBound, true),
      n >= d ? 'equality exactly for unit-norm tight frames' : 'equality exactly for orthonormal sets'),
    row('coherence', 'Coherence μ = max |G_ij|', m.coherence, m.welchBound, 'Welch bound √((n−d)/(d(n−1)))', boundVerdict(m.coherence, m.welchBound, true)),
    row('maxInnerProduct', 'Largest inner product', m.maxInnerProduct, n > d + 1 ? 0 : -1 / (n - 1), n > d + 1 ? 'orthoplex bound 0 (n > d+1)' : 'simplex −1/(n−1)',
      boundVerdict(m.maxInnerProduct, n > d + 1 ? 0 : -1 / (n - 1), true)),
    row('tightnessError', 'Tightness |XᵀX − (n/d) I|_F', m.tightnessError, 0, '0 for a tight frame', n >= d ? (m.tightnessError <= 1e-6 ? 'met' : 'above') : 'none'),
    row('balance', 'Balance |x̄|', m.balance, 0, '0 when balanced (Σ x_i = 0)', 'none'),
  ];
}

/** Metrics without a closed-form reference, shown as plain values. */
export function otherMetrics(run: RunRecord): { label: string; value: number | null }[] {
  const m = run.metrics;
  if (!m) return [];
  return [
    { label: 'ETF distance (Frobenius)', value: m.etfDistanceFrobenius },
    { label: 'Minimal angle (rad)', value: m.minAngle },
    { label: 'Minimal distance', value: m.minDistance },
    { label: 'Design strength', value: m.designStrength },
    { label: 'Cap discrepancy D', value: m.capDiscrepancy },
    { label: 'Self-duality max |h_i − w_i|', value: m.selfDuality },
    ...m.gegenbauer.map((value, i) => ({ label: `Gegenbauer moment M_${i + 1}`, value })),
  ];
}

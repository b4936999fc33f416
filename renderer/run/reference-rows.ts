import type { RunRecord } from '../../core/contract';

/**
 * Every metric of a completed run beside the theory it answers to (docs/math.md#theory, #metrics).
 *
 * A reference is a lower bound; whether a run should reach it depends on what was minimized:
 * the cross-entropy minimizer is the simplex ETF when d >= n-1 (so it meets the ETF bound), the
 * frame-potential minimizer is a tight frame (so it meets max(n, n^2/d)). A run that should reach a
 * bound and does not has "missed" it; elsewhere a value above its bound is just "above" (the ETF,
 * for instance, has FP = n^2/(n-1) > n when n <= d). "Met" means within REL_TOL relative: solvers
 * reach (*) to about 1e-12, and 1e-8 leaves room for tolerances looser than the default.
 */
export const REL_TOL = 1e-8;
/** distances that are 0 exactly at the optimum, reached to about sqrt(machine epsilon) */
export const ZERO_TOL = 1e-6;

export type Verdict = 'met' | 'missed' | 'above' | 'strict' | 'none';

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

/** met, or missed where the minimizer must reach it, or just above elsewhere */
function verdict(reached: boolean, expected: boolean): Verdict {
  return reached ? 'met' : expected ? 'missed' : 'above';
}

export function referenceRows(run: RunRecord): ReferenceRow[] {
  const m = run.metrics;
  if (!m) return [];
  const { n, d } = run;
  const etfExists = d >= n - 1;
  const crossEntropy = run.energyKind === 'ce' || run.energyKind === 'two-set';
  const expectEtf = crossEntropy && etfExists;
  const expectTight = run.energyKind === 'frame';
  const fpBound = Math.max(n, (n * n) / d);
  const orthoplex = n > d + 1;
  const maxIpBound = orthoplex ? 0 : -1 / (n - 1);
  const row = (r: Omit<ReferenceRow, 'gap'>): ReferenceRow => ({
    ...r,
    gap: r.value !== null && r.reference !== null ? r.value - r.reference : null,
  });
  return [
    row({
      key: 'ceEnergy',
      label: 'Cross-entropy energy E_s',
      value: m.ceEnergy,
      reference: m.etfBound,
      referenceLabel: 'ETF bound n log(1 + (n−1) e^(−sn/(n−1)))',
      verdict: etfExists ? verdict(meets(m.ceEnergy, m.etfBound), expectEtf) : 'strict',
      note: etfExists ? 'equality exactly at the simplex ETF (d ≥ n−1)' : 'd < n−1: no simplex ETF, the bound holds strictly',
    }),
    row({
      key: 'etfDistance',
      label: 'ETF distance max |G_ij + 1/(n−1)|',
      value: m.etfDistance,
      reference: 0,
      referenceLabel: '0 at the simplex ETF',
      verdict: etfExists ? verdict(m.etfDistance <= ZERO_TOL, expectEtf) : 'none',
    }),
    row({
      key: 'uniformGap',
      label: 'Energy per point E/n',
      value: m.ceEnergy / n,
      reference: m.uniformEnergy,
      referenceLabel: 'uniform energy U_d(s, n)',
      verdict: 'none',
      note: 'the gap tends to 0 as n grows with d fixed',
    }),
    row({
      key: 'framePotential',
      label: 'Frame potential FP',
      value: m.framePotential,
      reference: fpBound,
      referenceLabel: 'max(n, n²/d) (Benedetto–Fickus)',
      verdict: verdict(meets(m.framePotential, fpBound), expectTight),
      note: n >= d ? 'equality exactly for unit-norm tight frames' : 'equality exactly for orthonormal sets',
    }),
    row({
      key: 'coherence',
      label: 'Coherence μ = max |G_ij|',
      value: m.coherence,
      reference: m.welchBound,
      referenceLabel: 'Welch bound √((n−d)/(d(n−1)))',
      verdict: verdict(meets(m.coherence, m.welchBound), false),
    }),
    row({
      key: 'maxInnerProduct',
      label: 'Largest inner product',
      value: m.maxInnerProduct,
      reference: maxIpBound,
      referenceLabel: orthoplex ? 'orthoplex bound 0 (n > d+1)' : 'simplex bound −1/(n−1)',
      verdict: verdict(meets(m.maxInnerProduct, maxIpBound), expectEtf),
    }),
    row({
      key: 'tightnessError',
      label: 'Tightness |XᵀX − (n/d) I|_F',
      value: m.tightnessError,
      reference: 0,
      referenceLabel: '0 for a tight frame',
      verdict: n >= d ? verdict(m.tightnessError <= ZERO_TOL, expectTight) : 'none',
    }),
    row({ key: 'balance', label: 'Balance |x̄|', value: m.balance, reference: 0, referenceLabel: '0 when balanced (Σ x_i = 0)', verdict: 'none' }),
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

/**
 * "2 of 3": restarts that reached the best energy, of those that finished. A run stopped before any
 * restart finished has no such count ("1 of 0" would read as nonsense), so it says what happened.
 */
export function restartsAtBest(
  run: Pick<RunRecord, 'restarts' | 'restartsCompleted' | 'restartsReachedBest'>,
): string {
  const { restarts, restartsCompleted: completed, restartsReachedBest: best } = run;
  if (completed === null) return '\u2014';
  if (completed === 0) return `none finished (${restarts} planned)`;
  const planned = completed < restarts ? ` (${completed} of ${restarts} planned finished)` : '';
  return `${Math.min(best ?? 0, completed)} of ${completed}${planned}`;
}

import type { RunValue, SettingKey } from '../contract/queries';
import type { CompareSeries } from './aggregate';
import { seriesSetting, settingText } from './selection';

/** Axis names of everything a run can be plotted by (docs/math.md#notation, plain Unicode). */
export const VALUE_LABELS: Record<RunValue, string> = {
  n: 'n (points)',
  d: 'd (dimension)',
  s: 's (scale)',
  alpha: '\u03b1 (Riesz exponent)',
  seed: 'seed',
  restarts: 'restarts',
  finalEnergy: 'energy E',
  energyPerPoint: 'energy per point E/n',
  gradNorm: 'Riemannian gradient norm',
  iterations: 'iterations',
  evaluations: 'evaluations',
  wallMs: 'wall time (ms)',
  ceEnergy: 'cross-entropy energy E_s',
  etfDistance: 'ETF distance max |G_ij + 1/(n\u22121)|',
  etfDistanceFrobenius: 'ETF distance (Frobenius)',
  etfBound: 'ETF bound (*)',
  etfBoundGap: 'E \u2212 ETF bound (*)',
  uniformEnergy: 'U_d(s, n)',
  uniformGap: 'E/n \u2212 U_d(s, n)',
  framePotential: 'frame potential FP',
  framePotentialRatio: 'FP / max(n, n\u00b2/d)',
  tightnessError: 'tightness error |X^T X \u2212 (n/d)I|',
  coherence: 'coherence \u03bc',
  welchBound: 'Welch bound',
  maxInnerProduct: 'max inner product',
  minAngle: 'minimal angle (rad)',
  balance: 'balance |mean x|',
  designStrength: 'design strength',
  capDiscrepancy: 'cap discrepancy D',
  minDistance: 'minimal distance',
  selfDuality: 'self-duality max |h_i \u2212 w_i|',
};

/**
 * The legend text of a series: only the settings (grouped or split) whose values differ between the
 * series ("d = 3", "s = 0.7937"), since a constant one says nothing; "all runs" when nothing differs.
 */
export function seriesLabel(
  series: Pick<CompareSeries, 'group' | 'split'>,
  all: Pick<CompareSeries, 'group' | 'split'>[],
): string {
  const keys = [...Object.keys(series.group), ...Object.keys(series.split ?? {})] as SettingKey[];
  const varying = keys.filter((k) => new Set(all.map((s) => seriesSetting(s, k))).size > 1);
  const shown = varying.length > 0 ? varying : all.length > 1 ? keys : [];
  return shown.length === 0
    ? 'all runs'
    : shown.map((k) => settingText(k, seriesSetting(series, k))).join(', ');
}

import type { EnergyKind } from '../../core/energies/energy';

/** How the UI names each energy (docs/math.md#energies) and which parameters it takes. */
export const ENERGY_LABELS: Record<EnergyKind, string> = {
  ce: 'Cross-entropy E_s',
  'two-set': 'Two-set cross-entropy L_s(H, W)',
  pair: 'Pair energy (exponential kernel) P_s',
  frame: 'Frame potential FP',
  riesz: 'Riesz α-energy',
  log: 'Logarithmic energy',
};

/** Energies with the scale s (exponential kernels). The others ignore it. */
export function usesScale(kind: EnergyKind): boolean {
  return kind === 'ce' || kind === 'two-set' || kind === 'pair';
}

export function usesAlpha(kind: EnergyKind): boolean {
  return kind === 'riesz';
}

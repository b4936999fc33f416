import { crossEntropyEnergy } from './cross-entropy';
import type { Energy, EnergyKind, EnergyParams } from './energy';
import { framePotentialEnergy } from './frame-potential';
import { logEnergy } from './log-energy';
import { pairEnergy } from './pair';
import { rieszEnergy } from './riesz';
import { twoSetEnergy } from './two-set';

export { ENERGY_KINDS, type Energy, type EnergyKind, type EnergyParams } from './energy';
export { crossEntropyEnergy, partitionSums } from './cross-entropy';
export { twoSetEnergy } from './two-set';
export { pairEnergy } from './pair';
export { framePotentialEnergy } from './frame-potential';
export { rieszEnergy } from './riesz';
export { logEnergy } from './log-energy';

/** The reference energy of a kind (docs/math.md#energies); `s` feeds the exponential kernels, `alpha` Riesz. */
export function makeEnergy(kind: EnergyKind, params: EnergyParams): Energy {
  switch (kind) {
    case 'ce':
      return crossEntropyEnergy(params.s);
    case 'two-set':
      return twoSetEnergy(params.s);
    case 'pair':
      return pairEnergy(params.s);
    case 'frame':
      return framePotentialEnergy();
    case 'riesz':
      return rieszEnergy(params.alpha);
    case 'log':
      return logEnergy();
  }
}

import { totalmem } from 'node:os';
import type { EnergyKind } from '../../../core/energies/energy';
import { referenceStartPoints } from '../../../core/points';
import { directEvaluator } from '../../../core/solve';

/**
 * How fast this machine evaluates an energy, for the design form's time estimate: one
 * energy-and-gradient evaluation of a small configuration, timed once per energy per host process
 * (about 50 ms) and expressed as pair terms (rows² · d) per second. The reference kernel on one
 * thread is timed, so the figure is a ceiling: a solver's threaded or WebAssembly kernels go faster.
 */
export const CALIBRATION_ROWS = 256;
export const CALIBRATION_D = 8;
const MIN_MS = 50;
const MIN_REPEATS = 3;

export interface Calibration {
  pairTermsPerSecond: number;
  calibratedAt: { n: number; d: number; evaluator: string };
}

export function createCalibrator(clock: () => number = () => performance.now()) {
  const cache = new Map<EnergyKind, Calibration>();
  return {
    async calibrate(energy: EnergyKind): Promise<Calibration> {
      const known = cache.get(energy);
      if (known) return known;
      const n = energy === 'two-set' ? CALIBRATION_ROWS / 2 : CALIBRATION_ROWS;
      const evaluator = await directEvaluator({ energy, n, d: CALIBRATION_D, s: 1, alpha: 1 });
      const x = referenceStartPoints(CALIBRATION_ROWS, CALIBRATION_D, 1);
      const grad = new Float64Array(x.length);
      let repeats = 0;
      const start = clock();
      let elapsed = 0;
      while (repeats < MIN_REPEATS || elapsed < MIN_MS) {
        await evaluator.evaluate(x, grad);
        repeats++;
        elapsed = clock() - start;
      }
      const pairTerms = CALIBRATION_ROWS ** 2 * CALIBRATION_D * repeats;
      const found = {
        pairTermsPerSecond: pairTerms / (Math.max(elapsed, 1e-3) / 1000),
        calibratedAt: { n, d: CALIBRATION_D, evaluator: `${evaluator.name}, 1 thread` },
      };
      cache.set(energy, found);
      return found;
    },
  };
}

export function hostMemoryBytes(): number {
  return totalmem();
}

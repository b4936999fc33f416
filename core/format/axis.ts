import { formatNumber, formatParameter, NUMERICAL_FLOOR } from './number';

/**
 * Axis ranges that never zoom into rounding noise, and log axes that show every decade.
 */

/** A linear axis drawn as a band around one value, because the data's spread is rounding noise. */
export interface NoiseBand {
  min: number;
  max: number;
  /** the value every point equals to within the floor */
  centre: number;
  /** what the chart says about it */
  note: string;
}

/** Half-width of a noise band, relative to |centre| (5 %), or absolute at 0. */
const BAND = 0.05;

/**
 * When the finite values all agree to within `floor` x max(1, |centre|), a linear axis over them would
 * zoom into noise (ticks like 1.0000000000000002, points outside the nice range): the axis then
 * spans centre ± 5 % (± 1 around 0), so every point sits on the middle line, with a note saying so.
 * Null when the values really differ (or there are none).
 */
export function noiseBand(values: Iterable<number>, name: string, floor = NUMERICAL_FLOOR): NoiseBand | null {
  let low = Infinity;
  let high = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < low) low = v;
    if (v > high) high = v;
  }
  if (!(high >= low)) return null;
  const centre = (low + high) / 2;
  if (high - low > floor * Math.max(1, Math.abs(centre))) return null;
  // a centre that is itself noise around 0 is drawn at 0
  const shown = Math.abs(centre) < floor ? 0 : centre;
  const half = shown === 0 ? 1 : Math.abs(shown) * BAND;
  const spreadText = high > low ? `to within ${formatNumber(high - low, 2)}` : 'exactly';
  return {
    min: shown - half,
    max: shown + half,
    centre: shown,
    note: `${name}: every value equals ${formatParameter(shown)} ${spreadText} (rounding noise); the axis shows a band around it`,
  };
}

/** Exponents of the decades [10^low, 10^high] a log axis spans, from its (positive) range. */
export function decadeSpan(min: number, max: number): { low: number; high: number } {
  // `+ 0` turns ceil's -0 into 0
  return { low: Math.floor(Math.log10(min) + 1e-9) + 0, high: Math.ceil(Math.log10(max) - 1e-9) + 0 };
}

/**
 * Every how many decades a log axis writes a label so that at most `maxLabels` fit; every decade
 * still gets a tick. 1, 2, 3, 5, 10, ... so the labelled powers stay round.
 */
export function decadeLabelStep(low: number, high: number, maxLabels: number): number {
  const decades = Math.max(1, high - low);
  const need = decades / Math.max(1, maxLabels - 1);
  for (const step of [1, 2, 3, 5, 10, 20, 50, 100]) if (step >= need) return step;
  return Math.ceil(need);
}

/** True when the decade 10^k carries a label at this step (labelled decades are multiples of it). */
export function labelsDecade(k: number, step: number): boolean {
  return ((k % step) + step) % step === 0;
}

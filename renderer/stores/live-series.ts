/**
 * The recent energy and gradient-norm values of one running run, for its sparklines. Bounded: a run
 * streams 10-20 reports a second for hours, the sparkline needs the last few hundred.
 */
export const LIVE_POINTS = 240;

export interface LiveSeries {
  energy: number[];
  gradNorm: number[];
  iteration: number;
  restart: number;
  elapsedMs: number;
}

export function emptySeries(): LiveSeries {
  return { energy: [], gradNorm: [], iteration: 0, restart: 0, elapsedMs: 0 };
}

export function appendSample(
  series: LiveSeries,
  sample: { energy: number; gradNorm: number; iteration: number; restart: number; elapsedMs: number },
): void {
  series.energy.push(sample.energy);
  series.gradNorm.push(sample.gradNorm);
  if (series.energy.length > LIVE_POINTS) series.energy.splice(0, series.energy.length - LIVE_POINTS);
  if (series.gradNorm.length > LIVE_POINTS) series.gradNorm.splice(0, series.gradNorm.length - LIVE_POINTS);
  series.iteration = sample.iteration;
  series.restart = sample.restart;
  series.elapsedMs = sample.elapsedMs;
}

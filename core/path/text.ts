import type { Transition } from './schema';

/**
 * A transition's s written to the digits its bisection proves: as many decimals as the final
 * bracket's width resolves (a bracket 9.5e-7 wide: 6 decimals), so the last digit shown is one the
 * path found, never the midpoint's noise. The chart, the path page and the CLI write it alike.
 */
export function transitionDecimals(t: Pick<Transition, 'bracket'>): number {
  const width = t.bracket[1] - t.bracket[0];
  return width > 0 ? Math.min(12, Math.max(0, Math.floor(-Math.log10(width)))) : 12;
}

/** `t.s` (or another s of the same bisection, e.g. a bracket end) at the transition's decimals. */
export function formatTransitionS(t: Pick<Transition, 's' | 'bracket'>, s: number = t.s): string {
  return s.toFixed(transitionDecimals(t));
}

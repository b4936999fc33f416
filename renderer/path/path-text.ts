import { configurationLabel } from '../../core/configuration/label';
import type { PathProgress } from '../../core/contract';
import type { Transition } from '../../core/path/schema';
import { formatTransitionS } from '../../core/path/text';
import { formatParameter } from '../../core/format';

/** How the UI writes a path's pieces: configurations, transitions, progress. */


export const TRANSITION_KIND_TEXT: Record<Transition['kind'], string> = {
  configuration: 'configuration changes',
  kink: 'kink in dE/ds',
  'lambda-min': 'λmin changes sign',
};

export const PHASE_TEXT: Record<PathProgress['phase'], string> = {
  up: 's increasing',
  down: 's decreasing',
  fresh: 'fresh starts',
  bisection: 'locating a transition',
};

/** "solve 12 of 43 · s increasing · s = 1.25": where a running path is. */
export function progressText(p: PathProgress): string {
  const of = p.solves <= p.gridSolves ? ` of ${p.gridSolves}` : ` (${p.gridSolves} on the grid, then bisection)`;
  return `solve ${p.solves}${of} · ${PHASE_TEXT[p.phase]} · s = ${formatParameter(p.s)}`;
}

/** "simplex-sum 3+3 → simplex-sum 4+2 at s = 1.970064" */
export function transitionText(t: Transition): string {
  return `${configurationLabel(t.from)} → ${configurationLabel(t.to)} at s = ${formatTransitionS(t)}`;
}

/** "79 solves: 43 on the grid, 36 locating transitions": what a path that ended did. */
export function solvesText(p: PathProgress): string {
  const bisection = Math.max(0, p.solves - p.gridSolves);
  return bisection > 0
    ? `${p.solves} solves: ${p.gridSolves} on the grid, ${bisection} locating transitions`
    : `${p.solves} of ${p.gridSolves} solves on the grid`;
}

import type { OptimizerKind } from '../spec/run-spec';
import type { StopReason } from '../spec/run-result';
import { autoStepper } from './auto';
import type { IterateState } from './iterate';
import { lbfgsStepper } from './lbfgs';
import { rgdStepper } from './rgd';
import { rtrStepper } from './rtr';
import { interruption, noteIteration, stopReason, type StopRules } from './stopping';
import type { Target } from './target';

/**
 * One optimizer iteration on an IterateState; false when no acceptable step exists (stagnation) or
 * an interruption cut the line search short before it found a lower point.
 */
export interface Stepper {
  step(state: IterateState): Promise<boolean>;
}

export function makeStepper(kind: OptimizerKind, target: Target, memory: number, rules: StopRules): Stepper {
  const interrupted = () => interruption(rules) !== null;
  switch (kind) {
    case 'lbfgs':
      return lbfgsStepper(target, memory, interrupted);
    case 'rgd':
      return rgdStepper(target, interrupted);
    case 'rtr':
      return rtrStepper(target, interrupted);
    case 'auto':
      return autoStepper(target, memory, interrupted);
  }
}

/**
 * Iterates until a stop rule fires. `afterIteration` sees every new iterate; it runs where a
 * checkpoint of the state continues exactly as this loop would.
 */
export async function iterate(
  state: IterateState,
  target: Target,
  stepper: Stepper,
  rules: StopRules,
  afterIteration: (state: IterateState) => void | Promise<void>,
): Promise<StopReason> {
  for (;;) {
    const relGrad = target.relativeGradNorm(state.gradNorm, state.energy);
    const reason = stopReason(rules, state.iteration, relGrad, state.stagnation);
    if (reason) return reason;
    if (!(await stepper.step(state))) return interruption(rules) ?? 'stagnated';
    state.iteration++;
    noteIteration(state.stagnation, state.energy, target.relativeGradNorm(state.gradNorm, state.energy));
    await afterIteration(state);
  }
}

import { initialStep, moveAlong, workspace } from './iterate';
import type { Stepper } from './stepper';
import type { Target } from './target';

/**
 * Riemannian gradient descent (docs/math.md#lbfgs), the baseline: p = -grad, the Hager-Zhang line
 * search along the retraction, first trial step from the last one (Nocedal-Wright 3.60).
 */
export function rgdStepper(target: Target, interrupted: () => boolean): Stepper {
  const work = workspace(target.rows * target.d);
  return {
    async step(state) {
      const p = work.direction;
      for (let i = 0; i < p.length; i++) p[i] = -state.grad[i];
      const alpha0 = initialStep(state, p, -state.gradNorm * state.gradNorm);
      return (await moveAlong(state, target, interrupted, p, alpha0, work)) !== null;
    },
  };
}

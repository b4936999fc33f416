import type { EvaluatorFactory } from '../../core/energies/evaluator';

/**
 * A solve on the reference kernels never leaves the JavaScript stack: each `await` on a synchronous
 * evaluation resumes as a microtask, so the process would read no message (no `cancel`) until the
 * solve ended. This wrapper lets the event loop run (one setImmediate) before an evaluation once
 * `everyMs` have passed since the last time, which costs nothing measurable and keeps cancel prompt.
 */
export function yieldingEvaluator(factory: EvaluatorFactory, everyMs = 25): EvaluatorFactory {
  return async (problem) => {
    const inner = await factory(problem);
    let lastYield = performance.now();
    return {
      name: inner.name,
      async evaluate(x, grad) {
        if (performance.now() - lastYield >= everyMs) {
          await new Promise<void>((resolve) => setImmediate(resolve));
          lastYield = performance.now();
        }
        return inner.evaluate(x, grad);
      },
      dispose: () => inner.dispose(),
    };
  };
}

import { availableParallelism } from 'node:os';
import type { Evaluator, EvaluatorFactory, EvaluatorProblem } from '../energies/evaluator';
import { evaluateKernels } from '../kernels/driver';
import { variableRows, type KernelProblem } from '../kernels/layout';
import { createKernelPool } from './pool';

/**
 * The fast evaluator: the streaming pair kernels of core/kernels on a pool of worker threads.
 * Threads: the problem's setting, else the machine's cores; problems too small to gain from threads
 * (under SMALL_WORK pair-coordinate operations) run on the calling thread alone, with the same bits,
 * because the blocks and the reduction order never depend on the thread count.
 */
const SMALL_WORK = 2e6;

export function threadsFor(problem: EvaluatorProblem): number {
  const requested = problem.threads ?? availableParallelism();
  const rows = variableRows(problem.energy, problem.n);
  return (rows * rows * (problem.d + 8)) / 2 < SMALL_WORK ? 1 : requested;
}

export function kernelProblem(problem: EvaluatorProblem): KernelProblem {
  return { kind: problem.energy, n: problem.n, d: problem.d, s: problem.s, alpha: problem.alpha };
}

export async function createDirectEvaluator(problem: EvaluatorProblem, threads: number): Promise<Evaluator> {
  const pool = await createKernelPool(kernelProblem(problem), threads);
  return {
    name: threads === 1 ? 'direct-js' : `pool-${threads}t`,
    evaluate: (x, grad) => evaluateKernels(pool.workspace, x, grad, pool.run),
    dispose: () => pool.dispose(),
  };
}

export const createFastEvaluator: EvaluatorFactory = (problem) => createDirectEvaluator(problem, threadsFor(problem));

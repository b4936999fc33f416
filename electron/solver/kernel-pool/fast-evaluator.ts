import { availableParallelism } from 'node:os';
import type { Evaluator, EvaluatorFactory, EvaluatorProblem } from '../../../core/energies/evaluator';
import { evaluateKernels } from '../../../core/kernels/driver';
import { hessVecKernels } from '../../../core/kernels/hessian-driver';
import { variableRows, type KernelProblem } from '../../../core/kernels/layout';
import { monomialCount } from '../../../core/kernels/moment-plan';
import { chooseMomentOrder, momentBytes } from '../../../core/kernels/moments';
import { createKernelPool } from './pool';
import { kernelModules } from './wasm-module';

/**
 * The fast evaluator: the streaming pair kernels of core/kernels on a pool of worker threads, or the
 * moment expansion where it is cheaper and its truncation bound guarantees MOMENT_TOLERANCE.
 * Threads: the problem's setting, else the machine's cores; problems too small to gain from threads
 * (under SMALL_WORK pair-coordinate operations) run on the calling thread alone, with the same bits,
 * because the blocks and the reduction order never depend on the thread count.
 */
const SMALL_WORK = 2e6;
/**
 * Where the WebAssembly SIMD kernels beat the JavaScript ones: from d = 16 (4-5x at d = 32), and the
 * fused cross-entropy rows at d = 3 (about 1.2x; the exp dominates there).
 */
const WASM_FROM_D = 16;

export function usesWasm(problem: EvaluatorProblem): boolean {
  return problem.d >= WASM_FROM_D || (problem.energy === 'ce' && problem.d === 3);
}
/** Measured on the 2-core reference machine: ns per row pair (both passes) and per moment operation. */
const DIRECT_NS_BASE = 0.5;
const DIRECT_NS_PER_D = 2;
const MOMENT_NS = 1.5;
/** The moment expansion must win by this factor, since the estimates are rough. */
const MOMENT_MARGIN = 0.8;
/** ... and keep its tables within this many bytes (they grow like C(d + K, d)). */
const MOMENT_MAX_BYTES = 64 * 1024 * 1024;

export function threadsFor(problem: EvaluatorProblem): number {
  const requested = problem.threads ?? availableParallelism();
  const rows = variableRows(problem.energy, problem.n);
  return (rows * rows * (problem.d + 8)) / 2 < SMALL_WORK ? 1 : requested;
}

export function kernelProblem(problem: EvaluatorProblem): KernelProblem {
  return { kind: problem.energy, n: problem.n, d: problem.d, s: problem.s, alpha: problem.alpha };
}

/** Estimated ms of one evaluation with gradient by direct summation, one thread. */
export function directCostMs(n: number, d: number): number {
  return (n * n * (DIRECT_NS_BASE + DIRECT_NS_PER_D * d)) / 1e6;
}

/** Estimated ms of one evaluation with gradient by the moment expansion of order K, one thread. */
export function momentCostMs(n: number, d: number, order: number): number {
  const perRow = 3 * monomialCount(d, order + 1) + (1 + 2 * d) * monomialCount(d, order);
  return (n * perRow * MOMENT_NS) / 1e6;
}

/**
 * The order K of the moment expansion to use, or null when direct summation is the right choice.
 * Both parallelize alike, so the choice (and with it the bits) does not depend on the thread count.
 */
export function momentOrderFor(problem: EvaluatorProblem): number | null {
  if (problem.energy !== 'ce') return null;
  const order = chooseMomentOrder(problem.s);
  if (order === null || momentBytes(problem.d, order, problem.n) > MOMENT_MAX_BYTES) return null;
  const cheaper = momentCostMs(problem.n, problem.d, order) < MOMENT_MARGIN * directCostMs(problem.n, problem.d);
  return cheaper ? order : null;
}

/** The kernels on a pool: direct summation (JS or WebAssembly stages) or the moment expansion. */
export async function createKernelEvaluator(
  problem: EvaluatorProblem,
  threads: number,
  options: { wasm?: boolean; order?: number | null } = {},
): Promise<Evaluator> {
  const order = options.order ?? null;
  const wasm = options.wasm && order === null ? await kernelModules() : null;
  const pool = await createKernelPool({ ...kernelProblem(problem), order }, threads, wasm);
  const used = pool.threads;
  const name = order !== null ? `moments-K${order}` : wasm ? `wasm-simd-${used}t` : used === 1 ? 'direct-js' : `pool-${used}t`;
  return {
    name,
    evaluate: (x, grad) => evaluateKernels(pool.workspace, x, grad, pool.run),
    hessVec: (x, v, out, radial) => hessVecKernels(pool.workspace, x, v, out, radial, pool.run),
    dispose: () => pool.dispose(),
  };
}

export const createFastEvaluator: EvaluatorFactory = (problem) => {
  const threads = threadsFor(problem);
  const order = momentOrderFor(problem);
  return createKernelEvaluator(problem, threads, { order, wasm: usesWasm(problem) });
};

import type { EnergyKind } from './energy';
import type { EuclideanHessVec } from './hessian/types';

/**
 * How a solve evaluates its energy. The optimizers see only an `Objective`; which kernel computes it
 * (the plain reference energies, the threaded fast kernels, the moment expansion) is chosen by an
 * `EvaluatorFactory` that the caller injects, so core stays free of threads and I/O.
 */

/** Total energy at x; when `grad` is given it is overwritten with the Euclidean gradient. */
export type Objective = (x: Float64Array, grad: Float64Array | null) => number | Promise<number>;

export interface Evaluator {
  /** recorded with the run, e.g. "direct", "pool-2t", "wasm-simd-2t", "moments-K14" */
  readonly name: string;
  evaluate: Objective;
  /** D^2 E(x)[v] and the radial coefficients (hessian/types.ts); absent: the reference product is used */
  hessVec?: EuclideanHessVec | undefined;
  dispose(): void | Promise<void>;
}

export interface EvaluatorProblem {
  energy: EnergyKind;
  n: number;
  d: number;
  s: number;
  alpha: number;
  threads?: number | undefined;
}

export type EvaluatorFactory = (problem: EvaluatorProblem) => Evaluator | Promise<Evaluator>;

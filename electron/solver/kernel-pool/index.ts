/** Node-only: the threaded fast evaluator for the solver process (core/energies/evaluator.ts). */
export {
  createFastEvaluator,
  createKernelEvaluator,
  momentOrderFor,
  threadsFor,
} from './fast-evaluator';
export { createKernelPool, type KernelPool } from './pool';

import { createFastEvaluator } from './kernel-pool';
import { solve } from '../../core/solve';
import { connectHostPort } from './parent-port';
import { serveSolver } from './solver-session';

/**
 * Entry of a solver process (child_process.fork or Electron utilityProcess). It runs the runs its host
 * sends, one after another, until the host goes away or asks it to suspend (solver-session.ts).
 */

// A terminal's Ctrl-C reaches the whole process group; the host decides what it means (first: cancel,
// second: kill), so the solver itself ignores SIGINT.
process.on('SIGINT', () => {});

const session = serveSolver(connectHostPort(), {
  solve,
  // The threaded kernels (WebAssembly SIMD, moment expansion where it is provably exact to 1e-13);
  // they agree with core's reference energies to 1e-12 and give the same bits for any thread count.
  createEvaluator: createFastEvaluator,
  exit: (code) => process.exit(code),
});

process.on('uncaughtException', (error) => void session.fail(error));
process.on('unhandledRejection', (reason) => void session.fail(reason));

import { readFileSync, writeFileSync } from 'node:fs';
import { createFastEvaluator } from '../../electron/solver/kernel-pool';
import { solve } from '../../core/solve';
import { connectHostPort } from '../../electron/solver/parent-port';
import { serveSolver } from '../../electron/solver/solver-session';

/**
 * The real solver, except that it crashes (exit code 7) as it begins a run of seed CRASH_SEED, as
 * long as the file CRASH_COUNTER holds crashes left (shared by every process the test spawns).
 */
const counter = process.env.CRASH_COUNTER!;
const seed = Number(process.env.CRASH_SEED);

serveSolver(connectHostPort(), {
  solve(spec, hooks) {
    const left = Number(readFileSync(counter, 'utf8'));
    if (spec.seed === seed && left > 0) {
      writeFileSync(counter, String(left - 1));
      process.exit(7);
    }
    return solve(spec, hooks);
  },
  createEvaluator: createFastEvaluator,
  exit: (code) => process.exit(code),
});

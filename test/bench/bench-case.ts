/**
 * One benchmark case in its own process (so that its peak RSS is its own), printing one JSON line:
 *   --n N --d D [--s S] [--threads T] [--reps R]   one energy + gradient evaluation of E_s, timed
 *   --solve ... [--tol TOL]                         time to solution with core/solve.ts
 * at the reference start of ../shared/bench/ref_numpy.py (mulberry32, seed 12345). Run by bench.ts.
 */
import { parseArgs } from 'node:util';
import type { Evaluator } from '../../core/energies/evaluator';
import { createFastEvaluator } from '../../electron/solver/kernel-pool';
import { referenceStartPoints } from '../../core/points';
import { norm, projectToTangent } from '../../core/sphere';

const SEED = 12345;
const { values } = parseArgs({
  options: {
    n: { type: 'string' },
    d: { type: 'string' },
    s: { type: 'string', default: '1' },
    threads: { type: 'string', default: '2' },
    reps: { type: 'string', default: '5' },
    tol: { type: 'string', default: '1e-9' },
    solve: { type: 'boolean', default: false },
  },
});
const n = Number(values.n);
const d = Number(values.d);
const s = Number(values.s);
const threads = Number(values.threads);
const reps = Number(values.reps);
const peakRssMB = () => process.resourceUsage().maxRSS / 1024;

async function timeEvaluations() {
  const x = referenceStartPoints(n, d, SEED);
  const grad = new Float64Array(n * d);
  const evaluator: Evaluator = await createFastEvaluator({ energy: 'ce', n, d, s, alpha: 1, threads });
  try {
    const energy = await evaluator.evaluate(x, grad);
    const times: number[] = [];
    for (let r = 0; r < reps; r++) {
      const t0 = performance.now();
      await evaluator.evaluate(x, grad);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const gradNorm = norm(projectToTangent(x, grad, d));
    return {
      line: { impl: 'spherelab', n, d, s, threads, energy, gradNorm, evalMsMedian: times[reps >> 1], evalMsMin: times[0], reps, peakRssMB: peakRssMB() },
      evaluator: evaluator.name,
    };
  } finally {
    await evaluator.dispose();
  }
}

async function timeSolve() {
  const { solve } = await import('../../core/solve');
  const t0 = performance.now();
  const result = await solve(
    { energy: 'ce', n, d, s, tol: Number(values.tol), seed: SEED, threads },
    { startPoints: referenceStartPoints(n, d, SEED), createEvaluator: createFastEvaluator },
  );
  const { summary } = result;
  return {
    line: {
      impl: 'spherelab-solve',
      n,
      d,
      s,
      threads,
      energy: summary.energy,
      gradNorm: summary.gradNorm,
      relGradNorm: summary.gradNorm / Math.abs(summary.energy),
      solveMs: summary.wallMs,
      totalMs: performance.now() - t0,
      evaluations: summary.evaluations,
      iterations: summary.iterations,
      stopReason: summary.stopReason,
      peakRssMB: peakRssMB(),
    },
    evaluator: summary.evaluator,
  };
}

const out = values.solve ? await timeSolve() : await timeEvaluations();
console.log(JSON.stringify(out));

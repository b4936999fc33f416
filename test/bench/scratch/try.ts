import { solve } from '../../../core/solve';
import { createFastEvaluator } from '../../../core/parallel';
import type { EvaluatorFactory } from '../../../core/energies/evaluator';
const [n, d, s, tol] = process.argv.slice(2, 6).map(Number);
const opts = process.argv.slice(6);
for (const optimizer of opts) {
  let evals = 0, hv = 0;
  const factory: EvaluatorFactory = async (p) => {
    const e = await createFastEvaluator(p);
    const { makeHessVec } = await import('../../../core/energies/hessian');
    const h = makeHessVec(p.energy, p);
    return { name: e.name, evaluate: (x, g) => { evals++; return e.evaluate(x, g); }, hessVec: e.hessVec ? (x,v,o,r)=>{hv++; return e.hessVec!(x,v,o,r);} : (x, v, o, r) => { hv++; h(x, p.n, p.d, v, o, r); }, dispose: () => e.dispose() };
  };
  const t0 = performance.now();
  const r = await solve({ energy: 'ce', n, d, s, tol, optimizer: optimizer as 'auto', maxIter: 100000, seed: 7 }, { createEvaluator: factory });
  const ms = performance.now() - t0;
  console.log(optimizer, r.summary.iterations, evals, hv, ms.toFixed(0), r.summary.energy, r.summary.gradNorm / r.summary.energy, r.summary.stopReason, r.summary.evaluator);
}

import { solve } from '../../../core/solve';
import { makeHessVec, riemannianHessVec } from '../../../core/energies/hessian';
import { writeFileSync } from 'node:fs';
const [n, d, s, tol] = process.argv.slice(2, 6).map(Number);
const opt = process.argv[6] ?? 'auto';
const r = await solve({ energy: 'ce', n, d, s, tol, optimizer: opt as 'auto', maxIter: 100000, seed: 7 });
console.log(r.summary.iterations, r.summary.energy, r.summary.gradNorm / r.summary.energy, r.summary.stopReason);
const x = r.points.data;
const h = makeHessVec('ce', { s, alpha: 1 });
const H = riemannianHessVec((x, v, o, rad) => h(x, n, d, v, o, rad), n, d);
const N = n * d;
const M: number[][] = [];
for (let k = 0; k < N; k++) {
  const e = new Float64Array(N); e[k] = 1;
  // project e to tangent
  const i = Math.floor(k / d); for (let t = 0; t < d; t++) e[i * d + t] -= x[k] * x[i * d + t];
  const out = new Float64Array(N);
  await H(x, e, out);
  M.push([...out]);
}
writeFileSync('/tmp/newton/H.json', JSON.stringify({ M, x: [...x], n, d }));

import { solve } from '../../../core/solve';
import { certify } from '../../../core/certificate';
const r = await solve({ energy: 'log', n: 12, d: 3, optimizer: 'rtr', tol: 1e-13, seed: 2 });
for (const seed of [1, 2, 3]) {
  const c = await certify({ energy: 'log', n: 12, d: 3, s: 1, alpha: 1 }, r.points.data, { gradNorm: 0, seed });
  console.log(seed, c.lambdaMin, c.zeroModes, c.products);
}

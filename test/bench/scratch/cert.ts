import { solve } from '../../../core/solve';
const [n, d, s] = process.argv.slice(2, 5).map(Number);
const energy = (process.argv[5] ?? 'ce') as 'ce';
const optimizer = (process.argv[6] ?? 'lbfgs') as 'lbfgs';
const t0 = performance.now();
const r = await solve({ energy, n, d, s, optimizer, escapeSaddles: process.argv[7] !== 'no' }, { onProgress: () => {} });
console.log((performance.now() - t0).toFixed(0), 'ms', r.summary.iterations, r.summary.energy, r.summary.stopReason, JSON.stringify(r.summary.certificate));

import { solve } from '../../../core/solve';
import { certify } from '../../../core/certificate';
const [n, d, s] = process.argv.slice(2, 5).map(Number);
const t0 = performance.now();
const r = await solve({ energy: 'ce', n, d, s, escapeSaddles: false });
const t1 = performance.now();
const c = await certify({ energy: 'ce', n, d, s, alpha: 1 }, r.points.data);
console.log((t1 - t0).toFixed(0), (performance.now() - t1).toFixed(0), 'ms', r.summary.iterations, r.summary.energy, r.summary.gradNorm/r.summary.energy, r.summary.stopReason, c);

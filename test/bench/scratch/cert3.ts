import { certify } from '../../../core/certificate';
import { uniformRandomPoints } from '../../../core/points';
import { mulberry32 } from '../../../core/random';
const x = uniformRandomPoints(200, 3, mulberry32(3));
const t = performance.now();
const c = await certify({ energy: 'ce', n: 200, d: 3, s: 1, alpha: 1 }, x);
console.log(performance.now() - t, c.products);

import { writeFileSync } from 'node:fs';
import { uniformRandomPoints } from '../../../core/points';
import { mulberry32 } from '../../../core/random';
const [n, d] = process.argv.slice(2, 4).map(Number);
const x = uniformRandomPoints(n, d, mulberry32(1));
writeFileSync(`/tmp/newton/start-${n}x${d}.f64`, Buffer.from(x.buffer));

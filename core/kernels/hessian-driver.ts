import { rowBlocks } from './blocks';
import type { PhaseRunner } from './driver';
import type { Workspace } from './layout';
import { Phase } from './phases';

/**
 * One Hessian-vector product on the workspace (hessian-rows.ts): D^2 E(x)[v] into out and the radial
 * coefficients <x_i, dE/dx_i> into radial. The frame potential's diagonal sum_i |x_i|^4 is added here,
 * O(n d) on the calling thread.
 */
export async function hessVecKernels(
  ws: Workspace,
  x: Float64Array,
  v: Float64Array,
  out: Float64Array,
  radial: Float64Array,
  run: PhaseRunner,
): Promise<void> {
  ws.x.set(x);
  ws.hessV.set(v);
  const { kind, n, d } = ws.problem;
  if (kind === 'ce' || kind === 'two-set') await run(Phase.hessRowScalars, rowBlocks(kind === 'ce' ? ws.rows : n));
  await run(Phase.hessRowProducts, rowBlocks(ws.rows));
  out.set(ws.hessOut);
  radial.set(ws.hessRadial);
  if (kind === 'frame') {
    for (let i = 0; i < ws.rows; i++) {
      const o = i * d;
      let sq = 0;
      let xv = 0;
      for (let k = o; k < o + d; k++) {
        sq += x[k] * x[k];
        xv += x[k] * v[k];
      }
      for (let k = o; k < o + d; k++) out[k] += 8 * xv * x[k] + 4 * sq * v[k];
      radial[i] += 4 * sq * sq;
    }
  }
}

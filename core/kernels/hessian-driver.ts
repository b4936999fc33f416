import { addFrameDiagonal } from '../energies/hessian';
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
  if (kind === 'frame') addFrameDiagonal(x, ws.rows, d, v, out, radial);
}

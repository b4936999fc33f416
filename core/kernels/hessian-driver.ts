import { addFrameDiagonal } from '../energies/hessian';
import { rowBlocks } from './blocks';
import type { PhaseRunner } from './driver';
import { ceInverseZ, ceScaledDelta } from './hessian-rows';
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
  if (kind === 'ce') await ceRowScalars(ws, x, run);
  if (kind === 'two-set') await run(Phase.hessRowScalars, rowBlocks(n));
  await run(Phase.hessRowProducts, rowBlocks(ws.rows));
  out.set(ws.hessOut);
  radial.set(ws.hessRadial);
  if (kind === 'frame') addFrameDiagonal(x, ws.rows, d, v, out, radial);
}

/**
 * The cross-entropy scalars, from the point cache when the workspace has one: it is rebuilt when x
 * differs from the cached point in any bit (an O(n d) comparison), and marked invalid while it is
 * rebuilt, so a failed rebuild is never read.
 */
async function ceRowScalars(ws: Workspace, x: Float64Array, run: PhaseRunner): Promise<void> {
  const blocks = rowBlocks(ws.rows);
  if (ws.hessPairs.length > 0 && !samePoint(ws.hessAt, x)) {
    ws.hessAt[0] = NaN;
    await run(Phase.hessPairs, blocks);
    ceInverseZ(ws);
    await run(Phase.hessPairRadial, blocks);
    ws.hessAt.set(x);
  }
  await run(Phase.hessRowScalars, blocks);
  if (ws.hessPairs.length === 0) ceInverseZ(ws);
  ceScaledDelta(ws);
}

/** Equal entries (NaN equals nothing, so a NaN in `at` marks no point); -0 and 0 give the same pairs. */
function samePoint(at: Float64Array, x: Float64Array): boolean {
  for (let k = 0; k < x.length; k++) if (at[k] !== x[k]) return false;
  return true;
}

import { addFrameDiagonal } from '../energies/hessian';
import { rowBlocks } from './blocks';
import { ceDeltas, ceInverseZ } from './cross-entropy-hessian';
import type { PhaseRunner } from './driver';
import { HESS_ROW_SLOTS } from './hessian-rows';
import type { Workspace } from './layout';
import { Phase } from './phases';

/**
 * One Hessian-vector product on the workspace (hessian-rows.ts, cross-entropy-hessian.ts): D^2 E(x)[v]
 * into out and the radial coefficients <x_i, dE/dx_i> into radial. The frame potential's diagonal
 * sum_i |x_i|^4 is added here, O(n d) on the calling thread.
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
  if (kind === 'ce') return ceHessVec(ws, x, out, radial, run);
  if (kind === 'two-set') await run(Phase.hessRowScalars, rowBlocks(n));
  await run(Phase.hessRowProducts, rowBlocks(ws.rows));
  out.set(ws.hessOut);
  radial.set(ws.hessRadial);
  if (kind === 'frame') addFrameDiagonal(x, ws.rows, d, v, out, radial);
}

/**
 * The cross-entropy product: the per-point passes when x differs from the point they were computed at
 * in any bit (an O(n d) comparison; the point is marked invalid while they run, so a failed pass is
 * never read), then the two symmetric passes and their reductions.
 */
async function ceHessVec(ws: Workspace, x: Float64Array, out: Float64Array, radial: Float64Array, run: PhaseRunner): Promise<void> {
  const blocks = rowBlocks(ws.rows);
  const chunks = ws.plan.starts.length - 1;
  if (!samePoint(ws.hessAt, x)) {
    ws.hessAt[0] = NaN;
    await run(Phase.hessPointSums, blocks);
    ceInverseZ(ws);
    await run(Phase.hessPointRadial, blocks);
    ws.hessAt.set(x);
  }
  await run(Phase.hessDeltaChunks, chunks);
  await run(Phase.reduceHessSum, blocks);
  ceDeltas(ws);
  await run(Phase.hessProductChunks, chunks);
  await run(Phase.reduceHessOut, blocks);
  out.set(ws.hessOut);
  for (let i = 0; i < ws.rows; i++) radial[i] = ws.hessRow[i * HESS_ROW_SLOTS + 4];
}

/** Equal entries (NaN equals nothing, so a NaN in `at` marks no point); -0 and 0 give the same sums. */
function samePoint(at: Float64Array, x: Float64Array): boolean {
  for (let k = 0; k < x.length; k++) if (at[k] !== x[k]) return false;
  return true;
}

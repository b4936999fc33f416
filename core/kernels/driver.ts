import { compensatedSum } from '../energies/compensated-sum';
import { rowBlocks } from './blocks';
import type { Workspace } from './layout';
import { momentChunks, prepareMoments, type MomentState } from './moments';
import { Phase } from './phases';

/** Runs every task of one phase, on this thread alone or on a pool; returns when all are done. */
export type PhaseRunner = (phase: Phase, tasks: number) => void | Promise<void>;

/**
 * One evaluation of the workspace's energy at x (the sequence of phases and the O(n) steps between
 * them, done on the calling thread in a fixed order). Writes the Euclidean gradient into `grad` when
 * given (tangential parts agree with core/energies; radial parts may differ). Returns the total energy.
 */
export async function evaluateKernels(
  ws: Workspace,
  x: Float64Array,
  grad: Float64Array | null,
  run: PhaseRunner,
): Promise<number> {
  ws.x.set(x);
  const chunks = ws.plan.starts.length - 1;
  const blocks = rowBlocks(ws.rows);
  const { kind, n } = ws.problem;
  let energy = 0;
  if (ws.moments) {
    energy = await evaluateMoments(ws, ws.moments, grad !== null, run);
  } else if (kind === 'ce') {
    await run(Phase.ceZ, chunks);
    await run(Phase.reduceZ, blocks);
    // z holds A_i = Z_i - 1: log1p keeps the terms that 1 + A_i would round away (A_i < eps at large s)
    const z = ws.z;
    energy = compensatedSum(n, (i) => Math.log1p(z[i]));
    if (grad) {
      for (let i = 0; i < n; i++) z[i] = 1 / (1 + z[i]);
      await run(Phase.ceGrad, chunks);
      await run(Phase.reduceGrad, blocks);
    }
  } else if (kind === 'two-set') {
    const tasks = rowBlocks(n);
    await run(grad ? Phase.twoSetRowsGrad : Phase.twoSetRows, tasks);
    energy = compensatedSum(n, (i) => ws.z[i]);
    if (grad) await run(Phase.twoSetColumns, tasks);
  } else {
    await run(grad ? Phase.pairSumGrad : Phase.pairSum, chunks);
    for (let c = 0; c < chunks; c++) energy += ws.sums[c];
    energy *= 2;
    if (grad) await run(Phase.reduceGrad, blocks);
    if (kind === 'frame') energy += addFrameDiagonal(ws, grad !== null);
  }
  if (grad) grad.set(ws.grad);
  return energy;
}

/**
 * The cross-entropy energy by the moment expansion (moments.ts): moments, then S_i (and V_i) row by
 * row, then the moments weighted by 1/S_j and U_i. E = sum_i log S_i - n s.
 */
async function evaluateMoments(ws: Workspace, state: MomentState, withGrad: boolean, run: PhaseRunner): Promise<number> {
  const blocks = rowBlocks(ws.rows);
  const chunks = momentChunks(ws.rows);
  await run(Phase.momentSums, chunks);
  prepareMoments(state, chunks, withGrad);
  await run(withGrad ? Phase.momentRowsGrad : Phase.momentRows, blocks);
  // per row log Z_i = log S_i - s, before the rows are added: no cancellation against n s
  const s = ws.problem.s;
  const energy = compensatedSum(ws.rows, (i) => ws.aux[i] - s);
  if (withGrad) {
    await run(Phase.momentWeightedSums, chunks);
    prepareMoments(state, chunks, true);
    await run(Phase.momentGrad, blocks);
  }
  return energy;
}

/** The i = j terms of the frame potential: sum_i |x_i|^4, gradient 4 |x_i|^2 x_i. */
function addFrameDiagonal(ws: Workspace, withGrad: boolean): number {
  const { x, grad, rows } = ws;
  const d = ws.problem.d;
  let sum = 0;
  for (let i = 0; i < rows; i++) {
    const o = i * d;
    let sq = 0;
    for (let k = 0; k < d; k++) sq += x[o + k] * x[o + k];
    sum += sq * sq;
    if (withGrad) for (let k = 0; k < d; k++) grad[o + k] += 4 * sq * x[o + k];
  }
  return sum;
}


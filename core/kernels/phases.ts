import { ceDeltaChunk, cePointRadial, cePointSums, ceProductChunk } from './cross-entropy-hessian';
import { runHessianProducts, runHessianScalars } from './hessian-rows';
import type { Workspace } from './layout';
import { momentGradTask, momentRowsTask, momentSumsTask, type MomentState } from './moments';
import { reduceChunks, runSymmetricChunk, type SymmetricPass } from './symmetric-pass';
import { runTwoSetColumns, runTwoSetRows } from './two-set-pass';

/**
 * The parallel steps of an evaluation, as small integers so that a worker thread can be told which one
 * to run through shared memory. Each step is a list of independent tasks (chunks or row blocks);
 * whichever thread runs a task, it writes the same outputs in the same order.
 */
export const Phase = {
  ceZ: 1,
  ceGrad: 2,
  pairSum: 3,
  pairSumGrad: 4,
  reduceZ: 5,
  reduceGrad: 6,
  twoSetRows: 7,
  twoSetRowsGrad: 8,
  twoSetColumns: 9,
  momentSums: 10,
  momentRows: 11,
  momentRowsGrad: 12,
  momentWeightedSums: 13,
  momentGrad: 14,
  hessRowScalars: 15,
  hessRowProducts: 16,
  hessPointSums: 17,
  hessPointRadial: 18,
  hessDeltaChunks: 19,
  hessProductChunks: 20,
  reduceHessSum: 21,
  reduceHessOut: 22,
} as const;
export type Phase = (typeof Phase)[keyof typeof Phase];

function pairSumPass(ws: Workspace): SymmetricPass {
  const kind = ws.problem.kind;
  if (kind === 'pair' || kind === 'frame' || kind === 'riesz' || kind === 'log') return kind;
  throw new Error(`energy '${kind}' has no pair-sum pass`);
}

function momentState(ws: Workspace): MomentState {
  if (!ws.moments) throw new Error('this workspace has no moment expansion');
  return ws.moments;
}

export function runTask(ws: Workspace, phase: Phase, task: number): void {
  const { x, rows } = ws;
  const s = ws.problem.s;
  switch (phase) {
    case Phase.ceZ:
      return runSymmetricChunk(ws, 'ce-z', false, task);
    case Phase.ceGrad:
      return runSymmetricChunk(ws, 'ce-grad', true, task);
    case Phase.pairSum:
      return runSymmetricChunk(ws, pairSumPass(ws), false, task);
    case Phase.pairSumGrad:
      return runSymmetricChunk(ws, pairSumPass(ws), true, task);
    case Phase.reduceZ:
      return reduceChunks(ws, 1, ws.z, task);
    case Phase.reduceGrad:
      return reduceChunks(ws, ws.problem.d, ws.grad, task);
    case Phase.twoSetRows:
      return runTwoSetRows(ws, false, task);
    case Phase.twoSetRowsGrad:
      return runTwoSetRows(ws, true, task);
    case Phase.twoSetColumns:
      return runTwoSetColumns(ws, task);
    case Phase.momentSums:
      return momentSumsTask(momentState(ws), x, rows, null, task);
    case Phase.momentWeightedSums:
      return momentSumsTask(momentState(ws), x, rows, ws.z, task);
    case Phase.momentRows:
      return momentRowsTask(momentState(ws), x, rows, s, ws.aux, ws.z, null, task);
    case Phase.momentRowsGrad:
      return momentRowsTask(momentState(ws), x, rows, s, ws.aux, ws.z, ws.grad, task);
    case Phase.momentGrad:
      return momentGradTask(momentState(ws), x, rows, s, ws.grad, task);
    case Phase.hessRowScalars:
      return runHessianScalars(ws, task);
    case Phase.hessRowProducts:
      return runHessianProducts(ws, task);
    case Phase.hessPointSums:
      return cePointSums(ws, task);
    case Phase.hessPointRadial:
      return cePointRadial(ws, task);
    case Phase.hessDeltaChunks:
      return ceDeltaChunk(ws, task);
    case Phase.hessProductChunks:
      return ceProductChunk(ws, task);
    case Phase.reduceHessSum:
      return reduceChunks(ws, 1, ws.hessSum, task);
    case Phase.reduceHessOut:
      return reduceChunks(ws, ws.problem.d, ws.hessOut, task);
    default:
      throw new Error(`unknown kernel phase ${String(phase)}`);
  }
}

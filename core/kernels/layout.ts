import type { EnergyKind } from '../energies/energy';
import { J_BLOCK } from './blocks';
import { HESS_ROW_SLOTS } from './hessian-rows';
import { FRACTION, POW2 } from './fast-exp';
import { momentPlan } from './moment-plan';
import { momentCounts, type MomentState } from './moments';
import { jsStages, type RowStages } from './rows';

/**
 * Where the fast kernels keep their data: one buffer (an ArrayBuffer, or a SharedArrayBuffer that
 * worker threads see too) cut into float64 views. Memory is O(n d): the points, the gradient, a few
 * per-row scalars and, for the symmetric energies, one column buffer per chunk; the one exception is
 * the cross-entropy Hessian products' pair cache (HESS_CACHE_BYTES).
 *
 * Determinism: the pairs i < j are split into a fixed number of chunks of rows (a function of n and d
 * only, never of the thread count). Chunk c adds every pair's contributions into its own buffer, and a
 * reduction sums the chunk buffers in chunk order, so 1, 2 or 16 threads produce the same bits.
 */
export interface KernelProblem {
  kind: EnergyKind;
  /** bytes allowed for the Hessian products' pair cache (default HESS_CACHE_BYTES; 0: none) */
  hessCacheBytes?: number;
  /** classes; the variable has rows = n (2n for the two-set energy: H then W) */
  n: number;
  d: number;
  s: number;
  alpha: number;
  /** order K of the moment expansion (cross-entropy only); absent or null: direct summation */
  order?: number | null;
}

export interface ChunkPlan {
  /** chunk c owns rows [starts[c], starts[c + 1]) */
  starts: Int32Array;
  /** element offset (in units of one row's width) of chunk c's buffer, which covers rows [starts[c], rows) */
  offsets: Int32Array;
}

export interface Workspace {
  problem: KernelProblem;
  rows: number;
  plan: ChunkPlan;
  x: Float64Array;
  grad: Float64Array;
  /** per row: A_i = Z_i - 1, then 1 / Z_i (ce); log Z_i (two-set) */
  z: Float64Array;
  /** per row: q_i = 1 - 1/Z_i (two-set) */
  aux: Float64Array;
  /** per row: <h_i, w_i> (two-set) */
  diag: Float64Array;
  /** the chunks' column buffers, width up to d per row */
  buf: Float64Array;
  /** per chunk: its part of an energy that is a plain pair sum */
  sums: Float64Array;
  /** this thread's row buffer (J_BLOCK entries) */
  scratch: Float64Array;
  stages: RowStages;
  /** the moment expansion's arrays, when the problem has an order */
  moments: MomentState | null;
  /** Hessian-vector products (hessian-rows.ts): v, D^2 E[v], <x_i, dE/dx_i>, per-row scalars */
  hessV: Float64Array;
  hessOut: Float64Array;
  hessRadial: Float64Array;
  hessRow: Float64Array;
  /**
   * The per-point cache of the cross-entropy products (hessian-rows.ts): a_ij for every ordered pair,
   * row-major rows x rows (empty where the energy has no cache or it would exceed HESS_CACHE_BYTES),
   * and the point it belongs to (hessAt[0] NaN: no valid cache).
   */
  hessPairs: Float64Array;
  hessAt: Float64Array;
  /** per row: sum_j a_ij dG_ij of the cross-entropy products */
  hessSum: Float64Array;
}

/** Where a thread's views go: the pool's thread count (for the row buffers) and this thread's index. */
export interface ThreadSlot {
  threads: number;
  thread: number;
  stages?: RowStages;
}

const MAX_CHUNKS = 16;
/** Bytes left unused at the start of the buffer, so that no view starts at address 0 (null for WASM). */
const HEADER_BYTES = 64;
/** The exp tables of fast-exp.ts (FRACTION then POW2) follow the header, for the WebAssembly exp. */
export const EXP_TABLE_OFFSET = HEADER_BYTES;
const EXP_TABLE_COUNT = FRACTION.length + POW2.length;
/** Budget for the chunk buffers, bytes. */
const CHUNK_BUDGET = 64 * 1024 * 1024;
/**
 * Budget for the Hessian-vector products' pair cache (rows^2 doubles: rows <= 2896). The cache breaks
 * the O(n d) memory rule on purpose: truncated CG applies the Hessian at one point 10-100 times, and
 * without it every product recomputes every exp. Untouched pages of the buffer cost no memory, so
 * runs that never ask for a product do not pay for it.
 */
export const HESS_CACHE_BYTES = 64 * 1024 * 1024;

/** Rows of the pair cache: the problem's rows where the energy uses one and it fits, else 0. */
export function hessCacheRows(kind: EnergyKind, rows: number, budget = HESS_CACHE_BYTES): number {
  return kind === 'ce' && rows * rows * 8 <= budget ? rows : 0;
}

export function variableRows(kind: EnergyKind, n: number): number {
  return kind === 'two-set' ? 2 * n : n;
}

export function isSymmetric(kind: EnergyKind): boolean {
  return kind !== 'two-set';
}

/** Chunks of consecutive rows with about equal numbers of pairs i < j (row i has rows - 1 - i). */
export function chunkPlan(rows: number, d: number): ChunkPlan {
  const perChunkBytes = Math.max(1, rows * d * 8 * 0.6);
  const count = Math.max(1, Math.min(MAX_CHUNKS, Math.ceil(rows / 8), Math.floor(CHUNK_BUDGET / perChunkBytes)));
  const starts = new Int32Array(count + 1);
  const total = (rows * (rows - 1)) / 2;
  let i = 0;
  let done = 0;
  for (let c = 1; c < count; c++) {
    const target = (total * c) / count;
    while (i < rows && done < target) done += rows - 1 - i++;
    starts[c] = i;
  }
  starts[count] = rows;
  const offsets = new Int32Array(count + 1);
  for (let c = 0; c < count; c++) offsets[c + 1] = offsets[c] + (rows - starts[c]);
  return { starts, offsets };
}

function sizes(problem: KernelProblem, threads: number) {
  const rows = variableRows(problem.kind, problem.n);
  const order = problem.order ?? null;
  // the cross-entropy Hessian products use the chunks under the moment expansion too
  const direct = isSymmetric(problem.kind) && (order === null || problem.kind === 'ce');
  const plan = direct ? chunkPlan(rows, problem.d) : { starts: new Int32Array(1), offsets: new Int32Array(1) };
  const moments = order === null ? { partials: 0, moments: 0, forSum: 0, forVector: 0 } : momentCounts(problem.d, order, rows);
  const chunks = plan.starts.length - 1;
  const counts = {
    x: rows * problem.d,
    grad: rows * problem.d,
    z: rows,
    aux: rows,
    diag: rows,
    buf: plan.offsets[chunks] * problem.d,
    sums: Math.max(chunks, 1),
    scratch: threads * J_BLOCK,
    hessV: rows * problem.d,
    hessOut: rows * problem.d,
    hessRadial: rows,
    hessRow: rows * HESS_ROW_SLOTS,
    hessPairs: hessCacheRows(problem.kind, rows, problem.hessCacheBytes) ** 2,
    hessAt: rows * problem.d,
    hessSum: rows,
    ...moments,
  };
  return { rows, plan, counts };
}

export function workspaceBytes(problem: KernelProblem, threads: number): number {
  const { counts } = sizes(problem, threads);
  return HEADER_BYTES + 8 * (EXP_TABLE_COUNT + Object.values(counts).reduce((a, b) => a + b, 0));
}

export function createWorkspace(problem: KernelProblem, buffer: ArrayBufferLike, slot: ThreadSlot): Workspace {
  const { rows, plan, counts } = sizes(problem, slot.threads);
  let at = HEADER_BYTES;
  const take = (count: number) => {
    const view = new Float64Array(buffer, at, count);
    at += count * 8;
    return view;
  };
  const table = take(EXP_TABLE_COUNT);
  if (slot.thread === 0) {
    table.set(FRACTION);
    table.set(POW2, FRACTION.length);
  }
  const workspace: Workspace = {
    problem,
    rows,
    plan,
    x: take(counts.x),
    grad: take(counts.grad),
    z: take(counts.z),
    aux: take(counts.aux),
    diag: take(counts.diag),
    buf: take(counts.buf),
    sums: take(counts.sums),
    scratch: take(counts.scratch).subarray(slot.thread * J_BLOCK, (slot.thread + 1) * J_BLOCK),
    stages: slot.stages ?? jsStages,
    moments: null,
    hessV: take(counts.hessV),
    hessOut: take(counts.hessOut),
    hessRadial: take(counts.hessRadial),
    hessRow: take(counts.hessRow),
    hessPairs: take(counts.hessPairs),
    hessAt: take(counts.hessAt),
    hessSum: take(counts.hessSum),
  };
  if (slot.thread === 0) workspace.hessAt[0] = NaN;
  const order = problem.order ?? null;
  if (order !== null) {
    const plan = momentPlan(problem.d, order, problem.s);
    workspace.moments = {
      plan,
      pow: new Float64Array(plan.countPlusOne),
      partials: take(counts.partials),
      moments: take(counts.moments),
      forSum: take(counts.forSum),
      forVector: take(counts.forVector),
    };
  }
  return workspace;
}

import { ROW_BLOCK } from './blocks';
import { monomialCount, monomials, type MomentPlan } from './moment-plan';

/**
 * Cross-entropy energy by the moment expansion (docs/math.md#moment-expansion), O(n C(d+K+1, d)) work
 * instead of O(n^2 d): with S_i = sum_j exp(s G_ij) (j = i included),
 *   S_i ~ sum_{|a|<=K} c_a x_i^a m_a,  c_a = s^|a|/a!,  m_a = sum_j x_j^a,
 *   E = sum_i log S_i - n s            (since Z_i = exp(-s) S_i),
 *   dE/dx_k = s (V_k / S_k + U_k),  V_k = sum_j exp(s G_kj) x_j,  U_k = sum_j exp(s G_kj) x_j / S_j,
 * V and U from the moments of degree K + 1 (m_{a+e_l}, and the same weighted by 1/S_j).
 *
 * Truncation bound (|G_ij| <= 1): |S_i - S_i^K| <= n R_K(s), R_K(s) = sum_{k>K} s^k/k!, and
 * S_i >= n exp(-s), so each S_i, log S_i, V_k/S_k and U_k is off by at most
 * delta = e^s R_K(s) relative to its natural scale (1, resp. the row's share of P + P^T); together
 * the gradient rows are within 3 delta. momentErrorBound returns 3 delta.
 */
export const MOMENT_TOLERANCE = 1e-13;
const MAX_ORDER = 40;
/** Beyond this e^(2s) amplifies rounding in the alternating sums past the tolerance. */
const MAX_SCALE = 2;

/** R_K(s) = sum_{k > K} s^k / k!, summed until the terms no longer change it. */
export function taylorTail(s: number, order: number): number {
  let term = 1;
  for (let k = 1; k <= order; k++) term *= s / k;
  let tail = 0;
  for (let k = order + 1; k < order + 200; k++) {
    term *= s / k;
    const next = tail + term;
    if (next === tail) break;
    tail = next;
  }
  return tail;
}

export function momentErrorBound(s: number, order: number): number {
  return 3 * Math.exp(s) * taylorTail(s, order);
}

/** Smallest order K whose bound meets the tolerance, or null where the expansion is not safe. */
export function chooseMomentOrder(s: number, tolerance = MOMENT_TOLERANCE): number | null {
  if (!(s > 0 && s <= MAX_SCALE)) return null;
  for (let order = 1; order <= MAX_ORDER; order++) if (momentErrorBound(s, order) <= tolerance) return order;
  return null;
}

/** Per-thread state of the moment passes: the plan and a buffer for one point's monomials. */
export interface MomentState {
  plan: MomentPlan;
  pow: Float64Array;
  /** per row block: its partial moments (countPlusOne each) */
  partials: Float64Array;
  /** the moments, plain or weighted by 1/S_j (countPlusOne) */
  moments: Float64Array;
  /** c_a m_a (count) */
  forSum: Float64Array;
  /** c_a m_{a + e_l} at [a d + l] (count d) */
  forVector: Float64Array;
}

/**
 * The moments are summed in at most MOMENT_CHUNKS fixed chunks of rows (each one partial vector), so
 * their memory stays bounded and the summation order does not depend on the thread count.
 */
const MOMENT_CHUNKS = 32;

export function momentChunks(rows: number): number {
  return Math.min(MOMENT_CHUNKS, Math.ceil(rows / ROW_BLOCK));
}

/** Sizes of the shared arrays of MomentState. */
export function momentCounts(d: number, order: number, rows: number) {
  const plus = monomialCount(d, order + 1);
  const count = monomialCount(d, order);
  return { partials: momentChunks(rows) * plus, moments: plus, forSum: count, forVector: count * d };
}

/** Bytes of the moment arrays (momentCounts) and of one thread's monomial buffer. */
export function momentBytes(d: number, order: number, rows: number): number {
  const counts = momentCounts(d, order, rows);
  return 8 * (counts.partials + counts.moments + counts.forSum + counts.forVector + counts.moments);
}

/** partials[chunk] = sum over the chunk's rows j of w_j x_j^a (w_j = 1, or weight[j]). */
export function momentSumsTask(
  state: MomentState,
  x: Float64Array,
  rows: number,
  weight: Float64Array | null,
  chunk: number,
): void {
  const { plan, pow, partials } = state;
  const size = plan.countPlusOne;
  const out = partials.subarray(chunk * size, (chunk + 1) * size);
  out.fill(0);
  const chunks = momentChunks(rows);
  const j0 = Math.floor((rows * chunk) / chunks);
  const j1 = Math.floor((rows * (chunk + 1)) / chunks);
  for (let j = j0; j < j1; j++) {
    monomials(plan, x, j * plan.d, pow);
    const w = weight ? weight[j] : 1;
    for (let a = 0; a < size; a++) out[a] += w * pow[a];
  }
}

/** Sums the partial moments in chunk order, then the coefficient tables (forVector when `vector`). */
export function prepareMoments(state: MomentState, chunks: number, vector: boolean): void {
  const { plan, partials, moments, forSum, forVector } = state;
  const { count, countPlusOne, coefficient, raised, d } = plan;
  moments.fill(0);
  for (let b = 0; b < chunks; b++) {
    const o = b * countPlusOne;
    for (let a = 0; a < countPlusOne; a++) moments[a] += partials[o + a];
  }
  for (let a = 0; a < count; a++) forSum[a] = coefficient[a] * moments[a];
  if (vector) {
    for (let a = 0; a < count; a++) for (let l = 0; l < d; l++) forVector[a * d + l] = coefficient[a] * moments[raised[a * d + l]];
  }
}

/** grad row i += scale * sum_a pow_a forVector[a, .], one pass over the monomials (needs pow of row i). */
function addVector(state: MomentState, grad: Float64Array, i: number, scale: number): void {
  const { pow, forVector } = state;
  const { count, d } = state.plan;
  const o = i * d;
  if (d === 3) {
    let v0 = 0;
    let v1 = 0;
    let v2 = 0;
    for (let a = 0, q = 0; a < count; a++, q += 3) {
      const p = pow[a];
      v0 += p * forVector[q];
      v1 += p * forVector[q + 1];
      v2 += p * forVector[q + 2];
    }
    grad[o] += scale * v0;
    grad[o + 1] += scale * v1;
    grad[o + 2] += scale * v2;
    return;
  }
  for (let l = 0; l < d; l++) {
    let v = 0;
    for (let a = 0; a < count; a++) v += pow[a] * forVector[a * d + l];
    grad[o + l] += scale * v;
  }
}

/**
 * Rows of one block: S_i from the plain moments, logS[i] = log S_i, inverse[i] = 1 / S_i and, with
 * `withGrad`, grad_i = (s / S_i) V_i.
 */
export function momentRowsTask(
  state: MomentState,
  x: Float64Array,
  rows: number,
  s: number,
  logS: Float64Array,
  inverse: Float64Array,
  grad: Float64Array | null,
  block: number,
): void {
  const { plan, pow, forSum } = state;
  const j1 = Math.min(rows, (block + 1) * ROW_BLOCK);
  for (let i = block * ROW_BLOCK; i < j1; i++) {
    monomials(plan, x, i * plan.d, pow);
    let sum = 0;
    for (let a = 0; a < plan.count; a++) sum += pow[a] * forSum[a];
    logS[i] = Math.log(sum);
    inverse[i] = 1 / sum;
    if (grad) {
      grad.fill(0, i * plan.d, (i + 1) * plan.d);
      addVector(state, grad, i, s / sum);
    }
  }
}

/** Rows of one block: grad_i += s U_i, from the moments weighted by 1/S_j. */
export function momentGradTask(state: MomentState, x: Float64Array, rows: number, s: number, grad: Float64Array, block: number): void {
  const j1 = Math.min(rows, (block + 1) * ROW_BLOCK);
  for (let i = block * ROW_BLOCK; i < j1; i++) {
    monomials(state.plan, x, i * state.plan.d, state.pow);
    addVector(state, grad, i, s);
  }
}

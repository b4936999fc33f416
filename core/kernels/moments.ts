import { momentPlan, monomials, type MomentPlan } from './moment-plan';

/**
 * Cross-entropy energy by the moment expansion (math.md sections 1, 2.3 and 3), O(n C(d+K+1, d)) work
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

export interface MomentEvaluator {
  plan: MomentPlan;
  evaluate(x: Float64Array, grad: Float64Array | null): number;
}

export function createMomentKernel(n: number, d: number, s: number, order: number): MomentEvaluator {
  const plan = momentPlan(d, order, s);
  const { count, countPlusOne, coefficient, raised } = plan;
  const pow = new Float64Array(countPlusOne);
  const moments = new Float64Array(countPlusOne);
  const weighted = new Float64Array(countPlusOne);
  // coefficient times moment, for S (index a) and for V or U (index a * d + l)
  const forSum = new Float64Array(count);
  const forVector = new Float64Array(count * d);
  const partition = new Float64Array(n);

  const accumulate = (x: Float64Array, out: Float64Array, weight: Float64Array | null) => {
    out.fill(0);
    for (let j = 0; j < n; j++) {
      monomials(plan, x, j * d, pow);
      const w = weight ? weight[j] : 1;
      for (let a = 0; a < countPlusOne; a++) out[a] += w * pow[a];
    }
  };
  const prepareVector = (m: Float64Array) => {
    for (let a = 0; a < count; a++) for (let l = 0; l < d; l++) forVector[a * d + l] = coefficient[a] * m[raised[a * d + l]];
  };
  const vector = new Float64Array(d);
  /** grad row k += scale * sum_a pow_a forVector[a, .], one pass over the monomials */
  const addVector = (grad: Float64Array, k: number, scale: number) => {
    vector.fill(0);
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
      vector[0] = v0;
      vector[1] = v1;
      vector[2] = v2;
    } else {
      for (let a = 0; a < count; a++) for (let l = 0; l < d; l++) vector[l] += pow[a] * forVector[a * d + l];
    }
    for (let l = 0; l < d; l++) grad[k * d + l] += scale * vector[l];
  };

  return {
    plan,
    evaluate(x, grad) {
      accumulate(x, moments, null);
      for (let a = 0; a < count; a++) forSum[a] = coefficient[a] * moments[a];
      if (grad) {
        grad.fill(0);
        prepareVector(moments);
      }
      let energy = 0;
      for (let i = 0; i < n; i++) {
        monomials(plan, x, i * d, pow);
        let sum = 0;
        for (let a = 0; a < count; a++) sum += pow[a] * forSum[a];
        partition[i] = 1 / sum;
        energy += Math.log(sum);
        if (grad) addVector(grad, i, s / sum);
      }
      if (grad) {
        accumulate(x, weighted, partition);
        prepareVector(weighted);
        for (let i = 0; i < n; i++) {
          monomials(plan, x, i * d, pow);
          addVector(grad, i, s);
        }
      }
      return energy - n * s;
    },
  };
}

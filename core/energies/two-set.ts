import { dot } from '../points';
import { compensatedSum } from './compensated-sum';
import type { Energy } from './energy';

/**
 * Two-set energy, docs/math.md#two-set: L_s(H, W) = sum_i log(1 + sum_{j != i} exp(s <h_i, w_j - w_i>)),
 * L_s(X, X) = E_s(X). The variable has 2n rows, H (rows 0..n-1) then W (rows n..2n-1).
 *
 * With e_ij = s (<h_i, w_j> - <h_i, w_i>) and P_ij = exp(e_ij) / Z_i, Z_i = 1 + sum_{j != i} exp(e_ij):
 *   dL/dh_i = s (sum_{j != i} P_ij w_j - q_i w_i),   dL/dw_j += s P_ij h_i,   dL/dw_i -= s q_i h_i,
 * where q_i = sum_{j != i} P_ij. Exponents reach +2s here (unlike E_s), so each row keeps an online
 * log-sum-exp: a running maximum m_i >= 0 (the j = i term has exponent 0) and T_i = sum_{j != i}
 * exp(e_ij - m_i). One pass over the pairs i < j (both orders of each pair) for the value, one more
 * for the gradient; O(n d) memory.
 */
export function twoSetEnergy(s: number): Energy {
  return {
    kind: 'two-set',
    rows: (n) => 2 * n,
    evaluate(x, rows, d, grad) {
      const n = rows / 2;
      const w0 = n * d;
      const own = new Float64Array(n);
      for (let i = 0; i < n; i++) own[i] = dot(x, i * d, x, w0 + i * d, d);
      const max = new Float64Array(n);
      const tail = new Float64Array(n);
      const add = (i: number, e: number) => {
        if (e <= max[i]) tail[i] += Math.exp(e - max[i]);
        else {
          tail[i] = tail[i] * Math.exp(max[i] - e) + 1;
          max[i] = e;
        }
      };
      for (let i = 0; i < n; i++) {
        for (let j = i + 1; j < n; j++) {
          add(i, s * (dot(x, i * d, x, w0 + j * d, d) - own[i]));
          add(j, s * (dot(x, j * d, x, w0 + i * d, d) - own[j]));
        }
      }
      const energy = compensatedSum(n, (i) =>
        max[i] === 0 ? Math.log1p(tail[i]) : max[i] + Math.log(tail[i] + Math.exp(-max[i])),
      );
      if (grad) twoSetGradient(x, n, d, s, own, max, tail, grad);
      return energy;
    },
  };
}

function twoSetGradient(
  x: Float64Array,
  n: number,
  d: number,
  s: number,
  own: Float64Array,
  max: Float64Array,
  tail: Float64Array,
  grad: Float64Array,
): void {
  grad.fill(0);
  const w0 = n * d;
  // scaled 1 / Z_i: P_ij = exp(e_ij - m_i) * invZ_i
  const invZ = new Float64Array(n);
  for (let i = 0; i < n; i++) invZ[i] = 1 / (tail[i] + Math.exp(-max[i]));
  const q = new Float64Array(n);
  // h_a gets s P_ab w_b and w_b gets s P_ab h_a
  const couple = (a: number, b: number, e: number) => {
    const p = Math.exp(e - max[a]) * invZ[a];
    q[a] += p;
    const oh = a * d;
    const ow = w0 + b * d;
    const sp = s * p;
    for (let k = 0; k < d; k++) {
      grad[oh + k] += sp * x[ow + k];
      grad[ow + k] += sp * x[oh + k];
    }
  };
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      couple(i, j, s * (dot(x, i * d, x, w0 + j * d, d) - own[i]));
      couple(j, i, s * (dot(x, j * d, x, w0 + i * d, d) - own[j]));
    }
  }
  for (let i = 0; i < n; i++) {
    const oh = i * d;
    const ow = w0 + i * d;
    const sq = s * q[i];
    for (let k = 0; k < d; k++) {
      grad[oh + k] -= sq * x[ow + k];
      grad[ow + k] -= sq * x[oh + k];
    }
  }
}

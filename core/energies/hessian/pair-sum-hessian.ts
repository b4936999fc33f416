import type { EnergyKind, EnergyParams } from '../energy';

/**
 * D^2 E[v] of the plain pair sums E = sum_{i != j} phi(t_ij) = 2 sum_{i<j} phi(t_ij) (pair-sum.ts),
 * with t the inner product G_ij or the squared distance r2_ij = |x_i - x_j|^2:
 *   gram:      grad_i += 2 phi' x_j,           D^2[v]_i += 2 (phi'' dt x_j + phi' v_j),  dt = <v_i, x_j> + <x_i, v_j>
 *   distance2: grad_i += 4 phi' u,  u = x_i - x_j,  D^2[v]_i += 4 (phi'' dt u + phi' du),  du = v_i - v_j, dt = 2 <u, du>
 * (row j gets the mirror image), and for the frame potential the diagonal sum_i |x_i|^4 of
 * frame-potential.ts. The derivatives phi', phi'' are written out here because the energies' kernels
 * carry phi and phi' only.
 */
export interface PairCurvature {
  argument: 'gram' | 'distance2';
  /** phi'(t) and phi''(t) into out[0], out[1] */
  derivatives(t: number, out: Float64Array): void;
}

export function pairCurvature(kind: EnergyKind, params: EnergyParams): PairCurvature {
  const { s, alpha } = params;
  const h = alpha / 2;
  switch (kind) {
    case 'pair':
      return {
        argument: 'gram',
        derivatives(g, out) {
          const e = Math.exp(s * g);
          out[0] = s * e;
          out[1] = s * s * e;
        },
      };
    case 'frame':
      return {
        argument: 'gram',
        derivatives(g, out) {
          out[0] = 2 * g;
          out[1] = 2;
        },
      };
    case 'riesz':
      return {
        argument: 'distance2',
        derivatives(r2, out) {
          const p = Math.pow(r2, -h - 1);
          out[0] = -h * p;
          out[1] = (h * (h + 1) * p) / r2;
        },
      };
    case 'log':
      return {
        argument: 'distance2',
        derivatives(r2, out) {
          out[0] = -0.5 / r2;
          out[1] = 0.5 / (r2 * r2);
        },
      };
    default:
      throw new Error(`energy '${kind}' is not a plain pair sum`);
  }
}

export function pairSumHessVec(
  f: PairCurvature,
  frameDiagonal: boolean,
  x: Float64Array,
  rows: number,
  d: number,
  v: Float64Array,
  out: Float64Array,
  radial: Float64Array,
): void {
  out.fill(0);
  radial.fill(0);
  const der = new Float64Array(2);
  const distance = f.argument === 'distance2';
  for (let i = 0; i < rows; i++) {
    const oi = i * d;
    for (let j = i + 1; j < rows; j++) {
      const oj = j * d;
      if (distance) {
        let t = 0;
        let dt = 0;
        let ui = 0;
        let uj = 0;
        for (let k = 0; k < d; k++) {
          const u = x[oi + k] - x[oj + k];
          t += u * u;
          dt += u * (v[oi + k] - v[oj + k]);
          ui += x[oi + k] * u;
          uj += x[oj + k] * u;
        }
        dt *= 2;
        f.derivatives(t, der);
        const a = 4 * der[1] * dt;
        const b = 4 * der[0];
        for (let k = 0; k < d; k++) {
          const term = a * (x[oi + k] - x[oj + k]) + b * (v[oi + k] - v[oj + k]);
          out[oi + k] += term;
          out[oj + k] -= term;
        }
        radial[i] += b * ui;
        radial[j] -= b * uj;
      } else {
        let t = 0;
        let dt = 0;
        for (let k = 0; k < d; k++) {
          t += x[oi + k] * x[oj + k];
          dt += v[oi + k] * x[oj + k] + x[oi + k] * v[oj + k];
        }
        f.derivatives(t, der);
        const a = 2 * der[1] * dt;
        const b = 2 * der[0];
        for (let k = 0; k < d; k++) {
          out[oi + k] += a * x[oj + k] + b * v[oj + k];
          out[oj + k] += a * x[oi + k] + b * v[oi + k];
        }
        radial[i] += b * t;
        radial[j] += b * t;
      }
    }
  }
  if (frameDiagonal) addFrameDiagonal(x, rows, d, v, out, radial);
}

/** sum_i |x_i|^4: gradient 4 |x_i|^2 x_i, D^2[v]_i = 8 <x_i, v_i> x_i + 4 |x_i|^2 v_i. */
export function addFrameDiagonal(
  x: Float64Array,
  rows: number,
  d: number,
  v: Float64Array,
  out: Float64Array,
  radial: Float64Array,
): void {
  for (let i = 0; i < rows; i++) {
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

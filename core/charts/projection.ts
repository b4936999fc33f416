import type { ChartPoints } from './point-rows';

/**
 * Views of a configuration in the plane: an orthographic view of S^2 under a rotation, and the
 * projection on the top principal components for d > 3.
 */

export interface ViewAngles {
  /** rotation about the vertical axis, radians */
  yaw: number;
  /** tilt towards the viewer, radians */
  pitch: number;
}

export const DEFAULT_VIEW: ViewAngles = { yaw: 0.6, pitch: 0.35 };

/**
 * (x, y, z) -> (screen x, screen y, depth): rotate by yaw about z, then by pitch about the screen's
 * horizontal axis, and look along -depth. depth > 0 is the visible hemisphere.
 */
export function orthographic(p: [number, number, number], view: ViewAngles): [number, number, number] {
  const [x, y, z] = p;
  const cy = Math.cos(view.yaw);
  const sy = Math.sin(view.yaw);
  const x1 = cy * x - sy * y;
  const y1 = sy * x + cy * y;
  const cp = Math.cos(view.pitch);
  const sp = Math.sin(view.pitch);
  // screen up = z tilted by the pitch; depth = towards the viewer
  return [x1, cp * z - sp * y1, sp * z + cp * y1];
}

export interface PrincipalView {
  /** n x 2, row-major: each point's coordinates along the two axes */
  coords: Float64Array;
  /** fraction of the total variance along each axis */
  explained: [number, number];
}

/**
 * The top two principal components of the first n rows (centred), by power iteration with
 * deflation on X^T X v = X^T (X v): O(n d) per step, no d x d matrix.
 */
export function principalView(points: ChartPoints, maxSteps = 500): PrincipalView {
  const { n, d, data } = points;
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) mean[k] += data[i * d + k] / n;
  const centred = (i: number, k: number) => data[i * d + k] - mean[k];
  let total = 0;
  for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) total += centred(i, k) ** 2;
  const axes: Float64Array[] = [];
  const variances: number[] = [];
  for (let c = 0; c < 2; c++) {
    // a fixed, generic start: deterministic figures
    let v = Float64Array.from({ length: d }, (_, k) => 1 + 0.37 * Math.sin(1.3 * k + c));
    let lambda = 0;
    for (let step = 0; step < maxSteps; step++) {
      for (const a of axes) {
        const dot = v.reduce((acc, x, k) => acc + x * a[k], 0);
        for (let k = 0; k < d; k++) v[k] -= dot * a[k];
      }
      const next = new Float64Array(d);
      for (let i = 0; i < n; i++) {
        let proj = 0;
        for (let k = 0; k < d; k++) proj += centred(i, k) * v[k];
        for (let k = 0; k < d; k++) next[k] += proj * centred(i, k);
      }
      let norm = 0;
      for (let k = 0; k < d; k++) norm += next[k] * next[k];
      norm = Math.sqrt(norm);
      if (norm === 0) break;
      for (let k = 0; k < d; k++) next[k] /= norm;
      const change = Math.abs(norm - lambda);
      lambda = norm;
      v = next;
      if (change <= 1e-12 * norm) break;
    }
    axes.push(v);
    variances.push(lambda);
  }
  const coords = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < 2; c++) {
      let acc = 0;
      for (let k = 0; k < d; k++) acc += centred(i, k) * axes[c][k];
      coords[i * 2 + c] = acc;
    }
  }
  const share = (v: number) => (total > 0 ? v / total : 0);
  return { coords, explained: [share(variances[0]), share(variances[1])] };
}

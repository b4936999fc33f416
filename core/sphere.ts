/**
 * Geometry of the product of unit spheres (docs/math.md#gradients): tangent projection, which is also the
 * vector transport of L-BFGS, and the retraction x / |x|. Arrays are row-major, `d` entries a row.
 */

/** g_k <- (I - x_k x_k^T) g_k for every row: the Riemannian gradient from the Euclidean one. */
export function projectToTangent(x: Float64Array, g: Float64Array, d: number): Float64Array {
  for (let o = 0; o < x.length; o += d) {
    let ip = 0;
    for (let k = 0; k < d; k++) ip += x[o + k] * g[o + k];
    for (let k = 0; k < d; k++) g[o + k] -= ip * x[o + k];
  }
  return g;
}

/** out_k = (x_k + t v_k) / |x_k + t v_k| for every row. */
export function retract(x: Float64Array, v: Float64Array, t: number, d: number, out: Float64Array): Float64Array {
  for (let o = 0; o < x.length; o += d) {
    let nn = 0;
    for (let k = 0; k < d; k++) {
      const y = x[o + k] + t * v[o + k];
      out[o + k] = y;
      nn += y * y;
    }
    const inv = 1 / Math.sqrt(nn);
    for (let k = 0; k < d; k++) out[o + k] *= inv;
  }
  return out;
}

export function innerProduct(a: Float64Array, b: Float64Array): number {
  let acc = 0;
  for (let i = 0; i < a.length; i++) acc += a[i] * b[i];
  return acc;
}

export function norm(a: Float64Array): number {
  return Math.sqrt(innerProduct(a, a));
}

import { ceExpRow, ceWeightRow } from './cross-entropy-rows';
import { fastExp } from './fast-exp';
import { J_BLOCK, ROW_BLOCK } from './blocks';
import type { Workspace } from './layout';
import { distanceRow, sumRow } from './rows';

/**
 * One chunk of a pass over the pairs i < j of a symmetric energy (docs/math.md#energies, #gradients), each pair
 * once, its contributions added to row i and row j of the chunk's own buffer:
 *   'ce-z'     a_ij = exp(s (G_ij - 1)),                         rows get a_ij (partition sums)
 *   'ce-grad'  w_ij = s a_ij (1/Z_i + 1/Z_j),                    rows get w_ij x_j and w_ij x_i
 *   'pair'     exp(s G_ij),   w_ij = 2 s exp(s G_ij)
 *   'frame'    G_ij^2,        w_ij = 4 G_ij                       (the diagonal is added by the driver)
 *   'riesz'    r^(-alpha),    w_ij = -2 alpha r^(-alpha-2),       pair term w_ij (x_i - x_j)
 *   'log'      -log r,        w_ij = -2 / r^2,                    pair term w_ij (x_i - x_j)
 * with r^2 = |x_i - x_j|^2. Values of pair, frame, riesz and log are summed over i < j into sums[c].
 */
export type SymmetricPass = 'ce-z' | 'ce-grad' | 'pair' | 'frame' | 'riesz' | 'log';

export function runSymmetricChunk(ws: Workspace, pass: SymmetricPass, withGrad: boolean, c: number): void {
  const { rows, plan, x, buf, z, stages } = ws;
  const { d, s, alpha } = ws.problem;
  const r0 = plan.starts[c];
  const r1 = plan.starts[c + 1];
  const width = pass === 'ce-z' ? 1 : withGrad ? d : 0;
  buf.fill(0, plan.offsets[c] * width, plan.offsets[c + 1] * width);
  const cj = plan.offsets[c] - r0;
  const difference = pass === 'riesz' || pass === 'log';
  const h = alpha / 2;
  const fused = d === 3 && (pass === 'ce-z' || pass === 'ce-grad');
  const w = ws.scratch;
  let sum = 0;
  for (let jb = r0; jb < rows; jb += J_BLOCK) {
    const jEnd = Math.min(jb + J_BLOCK, rows);
    const iEnd = Math.min(r1, jEnd - 1);
    for (let i = r0; i < iEnd; i++) {
      const j0 = Math.max(jb, i + 1);
      const m = jEnd - j0;
      if (m <= 0) continue;
      if (fused) {
        if (pass === 'ce-z') buf[cj + i] += stages.ceSum3(x, i, j0, jEnd, s, buf, cj);
        else stages.ceGrad3(x, i, j0, jEnd, s, z, buf, cj);
        continue;
      }
      if (difference) distanceRow(x, i, j0, jEnd, d, w);
      else stages.gram(x, i, j0, jEnd, d, w);
      switch (pass) {
        case 'ce-z':
          ceExpRow(w, m, s);
          break;
        case 'ce-grad':
          ceWeightRow(w, m, s, z[i], z, j0);
          break;
        case 'pair':
          for (let t = 0; t < m; t++) {
            const e = fastExp(s * w[t]);
            sum += e;
            w[t] = 2 * s * e;
          }
          break;
        case 'frame':
          for (let t = 0; t < m; t++) {
            const g = w[t];
            sum += g * g;
            w[t] = 4 * g;
          }
          break;
        case 'riesz':
          for (let t = 0; t < m; t++) {
            const r2 = w[t];
            const v = Math.pow(r2, -h);
            sum += v;
            w[t] = (-4 * h * v) / r2;
          }
          break;
        case 'log':
          for (let t = 0; t < m; t++) {
            const r2 = w[t];
            sum += -0.5 * Math.log(r2);
            w[t] = -2 / r2;
          }
          break;
      }
      if (pass === 'ce-z') buf[cj + i] += sumRow(w, j0, jEnd, buf, cj);
      else if (width > 0) stages.accumulate(x, i, j0, jEnd, d, w, buf, (cj + i) * d, buf, cj, difference);
    }
  }
  ws.sums[c] = sum;
}

/** out[j] = sum over chunks c (in chunk order) of chunk c's entry for row j, rows of one ROW_BLOCK. */
export function reduceChunks(ws: Workspace, width: number, out: Float64Array, block: number): void {
  const { rows, plan, buf } = ws;
  const j0 = block * ROW_BLOCK;
  const j1 = Math.min(rows, j0 + ROW_BLOCK);
  out.fill(0, j0 * width, j1 * width);
  for (let c = 0; c + 1 < plan.starts.length; c++) {
    const start = Math.max(j0, plan.starts[c]);
    const shift = (plan.offsets[c] - plan.starts[c]) * width;
    for (let e = start * width; e < j1 * width; e++) out[e] += buf[shift + e];
  }
}

import { EXP_TABLE_OFFSET } from './layout';
import { accumulateRow, type RowStages } from './rows';

/**
 * The row stages of rows.ts run by the WebAssembly SIMD modules built from wasm/row-stages.wat and
 * wasm/cross-entropy-rows.wat. The views must lie in the modules' (shared) memory, whose address 0 is
 * the workspace's start: addresses are byte offsets. The distance form (riesz, log) stays in
 * JavaScript. Same sums, other rounding order: results agree with the JS stages to rounding, and are
 * the same for every thread count.
 */
export interface KernelModules {
  rows: WebAssembly.Module;
  crossEntropy: WebAssembly.Module;
}

interface RowStageExports {
  gram(xi: number, xj: number, count: number, d: number, out: number): void;
  accumulate(xi: number, xj: number, count: number, d: number, w: number, acc: number, col: number): void;
  gather(xj: number, count: number, d: number, w: number, acc: number): void;
}

interface CrossEntropyExports {
  ceSum3(xi: number, xj: number, count: number, s: number, col: number, table: number): number;
  ceGrad3(xi: number, xj: number, count: number, s: number, zi: number, invZ: number, col: number, acc: number, table: number): void;
}

export function wasmStages(modules: KernelModules, memory: WebAssembly.Memory): RowStages {
  const imports = { env: { memory } };
  const wasm = new WebAssembly.Instance(modules.rows, imports).exports as unknown as RowStageExports;
  const ce = new WebAssembly.Instance(modules.crossEntropy, imports).exports as unknown as CrossEntropyExports;
  return {
    gram(x, i, j0, j1, d, out) {
      wasm.gram(x.byteOffset + i * d * 8, x.byteOffset + j0 * d * 8, j1 - j0, d, out.byteOffset);
    },
    accumulate(x, i, j0, j1, d, w, acc, ai, col, cj, difference) {
      if (difference) return accumulateRow(x, i, j0, j1, d, w, acc, ai, col, cj, difference);
      wasm.accumulate(
        x.byteOffset + i * d * 8,
        x.byteOffset + j0 * d * 8,
        j1 - j0,
        d,
        w.byteOffset,
        acc.byteOffset + ai * 8,
        col.byteOffset + (cj + j0) * d * 8,
      );
    },
    gather(x, j0, j1, d, w, acc, ai) {
      wasm.gather(x.byteOffset + j0 * d * 8, j1 - j0, d, w.byteOffset, acc.byteOffset + ai * 8);
    },
    ceSum3(x, i, j0, j1, s, col, cj) {
      return ce.ceSum3(x.byteOffset + i * 24, x.byteOffset + j0 * 24, j1 - j0, s, col.byteOffset + (cj + j0) * 8, EXP_TABLE_OFFSET);
    },
    ceGrad3(x, i, j0, j1, s, inverseZ, buf, cj) {
      ce.ceGrad3(
        x.byteOffset + i * 24,
        x.byteOffset + j0 * 24,
        j1 - j0,
        s,
        inverseZ[i],
        inverseZ.byteOffset + j0 * 8,
        buf.byteOffset + (cj + j0) * 24,
        buf.byteOffset + (cj + i) * 24,
        EXP_TABLE_OFFSET,
      );
    },
  };
}

import { accumulateRow, type RowStages } from './rows';

/**
 * The row stages of rows.ts run by the WebAssembly SIMD module built from wasm/row-stages.wat. The
 * views must lie in the module's (shared) memory: addresses are their byte offsets. The distance form
 * (riesz, log) stays in JavaScript. Same sums, other rounding order: results agree with the JS stages
 * to rounding, and are the same for every thread count.
 */
interface RowStageExports {
  gram(xi: number, xj: number, count: number, d: number, out: number): void;
  accumulate(xi: number, xj: number, count: number, d: number, w: number, acc: number, col: number): void;
  gather(xj: number, count: number, d: number, w: number, acc: number): void;
}

export function wasmStages(instance: WebAssembly.Instance): RowStages {
  const wasm = instance.exports as unknown as RowStageExports;
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
  };
}

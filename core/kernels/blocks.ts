/** Rows of a j-block: one row against J_BLOCK rows at a time keeps the row buffers in L1. */
export const J_BLOCK = 512;
/** Rows per task of the row-wise phases (reductions, two-set, moments). */
export const ROW_BLOCK = 256;

export function rowBlocks(rows: number): number {
  return Math.ceil(rows / ROW_BLOCK);
}

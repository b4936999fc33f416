/**
 * A configuration as charts receive it: `rows` x `d` numbers, row-major (rows = n, or 2n for the
 * two-set energy: H then W). Charts of "the configuration" use the first n rows (X, or H).
 */
export interface ChartPoints {
  n: number;
  rows: number;
  d: number;
  data: ArrayLike<number>;
}

/** G_ij = <x_i, x_j> for rows i and j. */
export function innerProduct(points: ChartPoints, i: number, j: number): number {
  const { d, data } = points;
  let acc = 0;
  for (let k = 0; k < d; k++) acc += data[i * d + k] * data[j * d + k];
  return acc;
}

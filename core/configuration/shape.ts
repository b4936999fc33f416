/**
 * A named configuration's Gram matrix, as the closed forms need it: points fall into classes of equal
 * rows (every point of a class sees the same multiset of inner products), and a row is listed by
 * squared distances r2 = |x_i - x_j|^2 = 2 - 2 G_ij with multiplicities. Distances, not inner
 * products, because 1 - G_ij = r2/2 keeps its digits where G_ij is near 1 (docs/configurations.md).
 */
export interface Neighbours {
  r2: number;
  count: number;
}

export interface RowClass {
  /** points in the class */
  points: number;
  /** the other n - 1 points of the row, grouped by distance */
  row: Neighbours[];
}

/** Regular simplex of m points: inner products -1/(m-1), r2 = 2m/(m-1). */
export function simplexRow(m: number): Neighbours[] {
  return m > 1 ? [{ r2: (2 * m) / (m - 1), count: m - 1 }] : [];
}

/** An orthogonal sum of regular simplices of sizes `parts` (total n). */
export function simplexSumClasses(parts: readonly number[]): RowClass[] {
  const n = parts.reduce((a, b) => a + b, 0);
  return parts.map((m) => ({
    points: m,
    row: [...simplexRow(m), ...(n > m ? [{ r2: 2, count: n - m }] : [])],
  }));
}

/** Regular n-gon: the k-th neighbour at angle 2 pi k / n, r2 = 4 sin^2(pi k / n). */
export function polygonClasses(n: number): RowClass[] {
  const row = Array.from({ length: n - 1 }, (_, i) => ({
    r2: 4 * Math.sin((Math.PI * (i + 1)) / n) ** 2,
    count: 1,
  }));
  return [{ points: n, row }];
}

/** Icosahedron: one antipode, five at G = 1/sqrt 5, five at -1/sqrt 5. */
export function icosahedronClasses(): RowClass[] {
  const c = 2 / Math.sqrt(5);
  return [
    {
      points: 12,
      row: [
        { r2: 4, count: 1 },
        { r2: 2 - c, count: 5 },
        { r2: 2 + c, count: 5 },
      ],
    },
  ];
}

import { compensatedSum } from '../energies/compensated-sum';
import type { EnergyKind } from '../energies/energy';
import type { RowClass } from './shape';

/**
 * Energy of a configuration whose Gram matrix is known exactly (docs/configurations.md): every energy
 * of math.md section 1 is a sum over rows of a function of the row's inner-product multiset, so it is
 * sum over classes of (points in the class) x (the row's value). `two-set` is the value at H = W.
 */
export function closedFormEnergy(
  kind: EnergyKind,
  classes: readonly RowClass[],
  params: { s: number; alpha: number },
): number {
  const { s, alpha } = params;
  const rowValue = (row: RowClass['row']): number => {
    const sum = (f: (r2: number) => number) =>
      compensatedSum(row.length, (k) => row[k]!.count * f(row[k]!.r2));
    switch (kind) {
      case 'ce':
      case 'two-set':
        // log(1 + sum_j exp(s (G_ij - 1))), G_ij - 1 = -r2/2: every exponent <= 0
        return Math.log1p(sum((r2) => Math.exp((-s * r2) / 2)));
      case 'pair':
        return sum((r2) => Math.exp(s * (1 - r2 / 2)));
      case 'frame':
        return 1 + sum((r2) => (1 - r2 / 2) ** 2);
      case 'riesz':
        return sum((r2) => Math.pow(r2, -alpha / 2));
      case 'log':
        return sum((r2) => -0.5 * Math.log(r2));
    }
  };
  return compensatedSum(classes.length, (c) => classes[c]!.points * rowValue(classes[c]!.row));
}

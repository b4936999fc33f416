/**
 * What every energy offers the optimizers: its value at row-major unit vectors and, when asked, its
 * Euclidean gradient. Only the tangential part of the gradient matters (optimizers project it), so an
 * energy may leave radial terms in. Values are totals over the configuration, never per point.
 */
export const ENERGY_KINDS = ['ce', 'two-set', 'pair', 'frame', 'riesz', 'log'] as const;
export type EnergyKind = (typeof ENERGY_KINDS)[number];

export interface EnergyParams {
  /** scale (inverse temperature) s > 0 of the exponential kernels */
  s: number;
  /** exponent alpha > 0 of the Riesz energy */
  alpha: number;
}

export interface Energy {
  readonly kind: EnergyKind;
  /** Rows of the variable for n classes: n, or 2n for the two-set energy (H then W). */
  rows(n: number): number;
  /**
   * Total energy at x (rows x d, row-major, unit rows). When `grad` is given it is overwritten with
   * the Euclidean gradient.
   */
  evaluate(x: Float64Array, rows: number, d: number, grad: Float64Array | null): number;
}

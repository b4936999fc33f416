import type { EnergyKind, EnergyParams } from '../energy';
import { crossEntropyHessVec } from './cross-entropy-hessian';
import { pairCurvature, pairSumHessVec } from './pair-sum-hessian';
import { twoSetHessVec } from './two-set-hessian';

export type { EuclideanHessVec, RiemannianHessVec } from './types';
export { riemannianHessVec } from './riemannian';
export { addFrameDiagonal, pairCurvature, type PairCurvature } from './pair-sum-hessian';

/** D^2 E(x)[v] and the radial coefficients <x_i, dE/dx_i> (types.ts), rows x d row-major. */
export type ReferenceHessVec = (
  x: Float64Array,
  rows: number,
  d: number,
  v: Float64Array,
  out: Float64Array,
  radial: Float64Array,
) => void;

/** The reference (single-thread, O(n^2 d), O(n d) memory) Hessian-vector product of an energy. */
export function makeHessVec(kind: EnergyKind, params: EnergyParams): ReferenceHessVec {
  switch (kind) {
    case 'ce':
      return (x, rows, d, v, out, radial) => crossEntropyHessVec(params.s, x, rows, d, v, out, radial);
    case 'two-set':
      return (x, rows, d, v, out, radial) => twoSetHessVec(params.s, x, rows, d, v, out, radial);
    default: {
      const f = pairCurvature(kind, params);
      const frame = kind === 'frame';
      return (x, rows, d, v, out, radial) => pairSumHessVec(f, frame, x, rows, d, v, out, radial);
    }
  }
}

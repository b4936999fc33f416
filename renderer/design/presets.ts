import type { ExperimentSpecInput } from '../../core/spec/experiment-spec';

/** Experiments that reproduce the claims of Lu and Steinerberger (docs/math.md#theory). */
export interface Preset {
  id: string;
  title: string;
  claim: string;
  spec: ExperimentSpecInput;
}

export const PRESETS: readonly Preset[] = [
  {
    id: 'simplex-etf',
    title: 'Simplex ETF for d >= n-1',
    claim:
      'When d >= n-1 the minimizer is the simplex equiangular tight frame: every run should meet the bound n log(1 + (n-1) e^(-sn/(n-1))) and have ETF distance near 0.',
    spec: { name: 'Simplex ETF for d >= n-1', energy: 'ce', n: [4, 6, 8], d: [8, 10], s: 1, seeds: [1, 2] },
  },
  {
    id: 'uniform-limit',
    title: 'Uniform distribution as n grows',
    claim:
      'With d fixed and n growing, the energy per point approaches the uniform-distribution energy U_d(s, n) = log n + log c_d(s) - s, with a gap that vanishes fast.',
    spec: {
      name: 'Uniform distribution as n grows',
      energy: 'ce',
      n: { from: 10, to: 160, count: 5, spacing: 'log' },
      d: 3,
      s: 1,
      seeds: [1, 2, 3],
    },
  },
  {
    id: 'frame-potential',
    title: 'Frame potential against the uniform energy',
    claim:
      'As s -> 0 minimizers approach balanced tight frames: FP / max(n, n^2/d) tends to 1 while the energy excess over the uniform energy shrinks. Compare both across n, d and s.',
    spec: {
      name: 'Frame potential against the uniform energy',
      energy: 'ce',
      n: [6, 10, 16],
      d: [3, 4],
      s: { from: 0.25, to: 8, count: 4, spacing: 'log' },
      seeds: [1, 2],
    },
  },
  {
    id: 'orthoplex',
    title: 'The orthoplex regime d+2 <= n <= 2d',
    claim:
      'For d+2 <= n <= 2d the largest inner product cannot go below 0 (orthoplex bound); at larger s the minimizers approach subsets of the cross-polytope with max inner product 0.',
    spec: { name: 'The orthoplex regime d+2 <= n <= 2d', energy: 'ce', n: { from: 6, to: 8, step: 1 }, d: 4, s: [1, 10, 30], seeds: [1, 2] },
  },
];

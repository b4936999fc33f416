import { z } from 'zod';

/**
 * What a run found, named from its Gram matrix (core/configuration/recognise.ts). `orthonormal`,
 * `tight-frame` and `antipodal` extend the names of issue 13; the last two are properties, named only
 * when nothing more specific fits.
 */
export const CONFIGURATION_NAMES = [
  'simplex-etf',
  'cross-polytope',
  'simplex-sum',
  'polygon',
  'icosahedron',
  'orthonormal',
  'tight-frame',
  'antipodal',
  'unrecognised',
] as const;
export const ConfigurationName = z.enum(CONFIGURATION_NAMES);
export type ConfigurationName = z.infer<typeof ConfigurationName>;

/** The invariants the name was read from, reported with every name (and the only content of `unrecognised`). */
export const ConfigurationInvariants = z.object({
  /** clusters of off-diagonal inner products at the tolerance; null past the size where G is formed */
  distinctInnerProducts: z.int().nullable(),
  /** dimension of the span of the points, at the tolerance */
  rank: z.int(),
  /** FP / max(n, n^2/d) */
  framePotentialRatio: z.number(),
  /** every point has a partner -x_i */
  antipodal: z.boolean(),
  /** X^T X = (n/d) I (n >= d) */
  tight: z.boolean(),
  /** the inner-product tolerance used (recognise.ts, `namingTolerance`) */
  tolerance: z.number(),
});
export type ConfigurationInvariants = z.infer<typeof ConfigurationInvariants>;

export const Configuration = z.object({
  name: ConfigurationName,
  /** simplex sizes of a simplex sum, largest first */
  parts: z.array(z.int().positive()).optional(),
  /** the energy of the named configuration in closed form (docs/configurations.md), same kind and s as the run */
  closedFormEnergy: z.number().optional(),
  /** reported energy - closed form */
  gap: z.number().optional(),
  invariants: ConfigurationInvariants.optional(),
});
export type Configuration = z.infer<typeof Configuration>;

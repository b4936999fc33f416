import type { Configuration } from './schema';

/** "simplex-sum 3+3+2", "polygon", ...: the name with a simplex sum's parts. */
export function configurationLabel(c: Pick<Configuration, 'name' | 'parts'>): string {
  return c.parts ? `${c.name} ${c.parts.join('+')}` : c.name;
}

/** The invariants in words, e.g. "rank 5, 3 distinct inner products, antipodal, tight, tolerance 3.1e-4". */
export function invariantsText(c: Configuration): string {
  const i = c.invariants;
  if (!i) return '';
  return [
    `rank ${i.rank}`,
    i.distinctInnerProducts === null ? null : `${i.distinctInnerProducts} distinct inner products`,
    i.antipodal ? 'antipodal' : null,
    i.tight ? 'tight' : null,
    `FP ratio ${i.framePotentialRatio.toFixed(6)}`,
    `tolerance ${i.tolerance.toExponential(1)}`,
  ]
    .filter((part) => part !== null)
    .join(', ');
}

import type { z } from 'zod';
import type { EnergyKind } from '../../core/energies/energy';
import type { ExpansionError } from '../../core/spec/experiment-spec';
import { usesAlpha, usesScale } from './energy-labels';

/**
 * Validation messages in the researcher's words. The schemas (ExperimentSpec, RunSpec) speak zod
 * ("Invalid input: expected int, received number", "received NaN"); the form says what the field
 * needs instead, and names a failing grid point only by the parameters its energy has.
 */
export function plainIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.expected === 'int' ? 'must be a whole number' : 'must be a number';
    case 'too_small':
      return `must be at least ${String(issue.minimum)}`;
    case 'too_big':
      return `must be at most ${String(issue.maximum)}`;
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}`;
    default: {
      // custom messages are already written for people; a field-name prefix ("s must...") reads as "must..."
      const field = String(issue.path[0] ?? '');
      return field && issue.message.startsWith(`${field} `)
        ? issue.message.slice(field.length + 1)
        : issue.message;
    }
  }
}

/** "n = 1, d = 3, seed 1": the point of the grid, by the parameters this energy has. */
export function gridPointText(
  energy: EnergyKind,
  point: NonNullable<ExpansionError['gridPoint']>['point'],
): string {
  const parts = [`n = ${point.n}`, `d = ${point.d}`];
  if (usesScale(energy)) parts.push(`s = ${point.s}`);
  if (usesAlpha(energy)) parts.push(`α = ${point.alpha}`);
  parts.push(`seed ${point.seed}`);
  return parts.join(', ');
}

/** An expansion failure as the field under which the form shows it would say it. */
export function expansionMessage(energy: EnergyKind, error: ExpansionError): string {
  if (error.gridPoint)
    return `${plainIssue(error.gridPoint.issue)} (at ${gridPointText(energy, error.gridPoint.point)})`;
  // "d: 3.5 is not a whole number" under the field d reads better without the field's name
  const field = String(error.path[0] ?? '');
  return field && error.message.startsWith(`${field}: `)
    ? error.message.slice(field.length + 2)
    : error.message;
}

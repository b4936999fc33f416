import type { z } from 'zod';
import { MAX_TIME_MS } from '../../../core/contract';

/**
 * Reading stored rows into the contract's records without ever throwing: a value that cannot be read
 * or that its schema refuses is noted as a problem and replaced by a placeholder, and the record says
 * `damaged`. One damaged row shows as damaged; it never takes a page of History down. The same
 * readers check an archive's rows before import, which refuses a row with any problem.
 */

export class Problems {
  private readonly notes = new Map<string, string>();

  /** Notes the first problem of `field` (a record field, e.g. "createdAt"). */
  add(field: string, message: string): void {
    if (!this.notes.has(field)) this.notes.set(field, message);
  }

  has(field: string): boolean {
    return this.notes.has(field);
  }

  get size(): number {
    return this.notes.size;
  }

  toString(): string {
    return [...this.notes.values()].join('; ');
  }
}

/** The ISO time of stored milliseconds, or undefined with the problem noted. */
export function storedTime(
  ms: unknown,
  field: string,
  column: string,
  problems: Problems,
): string | undefined {
  const value = typeof ms === 'bigint' ? Number(ms) : ms;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value <= MAX_TIME_MS)
    return new Date(value).toISOString();
  problems.add(
    field,
    `${column}: ${typeof value === 'number' ? value : typeof value} is not a time (milliseconds from 1970 through 9999)`,
  );
  return undefined;
}

export const storedNullableTime = (ms: unknown, field: string, column: string, problems: Problems) =>
  ms === null || ms === undefined ? null : storedTime(ms, field, column, problems);

/** Parsed JSON text, or undefined with the problem noted. */
export function storedJson(text: unknown, field: string, column: string, problems: Problems): unknown {
  try {
    if (typeof text === 'string') return JSON.parse(text);
  } catch {
    // noted below
  }
  problems.add(field, `${column}: not JSON text`);
  return undefined;
}

// SQLite keeps NaN as NULL and the store reads it back as NaN on purpose (a metric of a degenerate
// configuration, progress before the first gradient): not damage, though zod's numbers refuse it.
const finiteCopy = (value: unknown): unknown =>
  typeof value === 'number' && !Number.isFinite(value)
    ? 0
    : Array.isArray(value)
      ? value.map(finiteCopy)
      : value !== null && typeof value === 'object'
        ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, finiteCopy(v)]))
        : value;

/**
 * `candidate` checked against `schema`. Fields with a problem (noted by the caller or found by the
 * schema) take the placeholder's value, and `damaged` lists the problems. `mayBeNonFinite` names the
 * fields whose non-finite numbers are kept.
 */
export function checkedRecord<S extends z.ZodObject>(
  schema: S,
  candidate: Record<string, unknown>,
  placeholder: z.output<S>,
  problems: Problems,
  mayBeNonFinite: readonly string[] = [],
): z.output<S> & { damaged?: string } {
  const shown = Object.fromEntries(
    Object.entries(candidate).map(([k, v]) => [k, mayBeNonFinite.includes(k) ? finiteCopy(v) : v]),
  );
  const result = schema.safeParse(shown);
  for (const issue of result.error?.issues ?? []) {
    const field = String(issue.path[0] ?? '');
    problems.add(field, `${issue.path.join('.') || 'row'}: ${issue.message}`);
  }
  if (problems.size === 0) return candidate as z.output<S>;
  const record: Record<string, unknown> = { ...candidate };
  for (const field of Object.keys(placeholder)) if (problems.has(field)) record[field] = placeholder[field];
  return { ...(record as z.output<S>), damaged: problems.toString() };
}

import type { Axis, ExperimentSpecInput } from '../../core/spec/experiment-spec';

/** An axis as a spec is written (defaults not yet applied), e.g. in a preset. */
type AxisInput = ExperimentSpecInput['n'] | NonNullable<ExperimentSpecInput['seeds']>;

/**
 * The text syntax of a grid axis in the design form, and its inverse. What the form accepts:
 *   "5"               one value
 *   "4, 6, 8"         a list
 *   "2..10"           a range with step 1
 *   "2..10 by 2"      a range with a step
 *   "0.5..8 in 5"     count values, ends included, linear
 *   "0.5..8 in 5 log" count values, log spacing
 * The parsed Axis is then checked by ExperimentSpec itself, so the rules live in one place.
 */
export const AXIS_SYNTAX = '5 · 4, 6, 8 · 2..10 · 2..10 by 2 · 0.5..8 in 5 log';

export type AxisParse = { ok: true; axis: Axis } | { ok: false; message: string };

const NUMBER = String.raw`[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?`;
const RANGE = new RegExp(String.raw`^(${NUMBER})\s*\.\.\s*(${NUMBER})(?:\s+(by|in)\s+(${NUMBER})(\s+log)?)?$`, 'i');

export function parseAxis(text: string): AxisParse {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, message: 'enter a value, a list or a range' };
  const range = RANGE.exec(trimmed);
  if (range) {
    const [, from, to, kind, amount, log] = range;
    if (!kind) return { ok: true, axis: { from: Number(from), to: Number(to), step: 1 } };
    if (kind.toLowerCase() === 'by') {
      if (log) return { ok: false, message: '"log" goes with "in N" (a count), not with "by"' };
      return { ok: true, axis: { from: Number(from), to: Number(to), step: Number(amount) } };
    }
    const count = Number(amount);
    if (!Number.isInteger(count)) return { ok: false, message: `"in ${amount}": the count must be a whole number` };
    return {
      ok: true,
      axis: { from: Number(from), to: Number(to), count, spacing: log ? 'log' : 'linear' },
    };
  }
  const parts = trimmed.split(/[\s,;]+/).filter((p) => p !== '');
  const values = parts.map(Number);
  const bad = parts.find((p, i) => !Number.isFinite(values[i]) || !new RegExp(`^${NUMBER}$`, 'i').test(p));
  if (bad !== undefined) return { ok: false, message: `"${bad}" is not a number; use ${AXIS_SYNTAX}` };
  return { ok: true, axis: values.length === 1 ? values[0] : values };
}

/** The text that parses back to `axis` (used when a preset fills the form). */
export function formatAxis(axis: AxisInput): string {
  if (typeof axis === 'number') return String(axis);
  if (Array.isArray(axis)) return axis.join(', ');
  if ('step' in axis) return axis.step === 1 ? `${axis.from}..${axis.to}` : `${axis.from}..${axis.to} by ${axis.step}`;
  return `${axis.from}..${axis.to} in ${axis.count}${axis.spacing === 'log' ? ' log' : ''}`;
}

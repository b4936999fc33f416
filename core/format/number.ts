/**
 * How SphereLab writes a number for a reader: one set of rules for charts, tables, tooltips and
 * exported files, so the same value reads the same everywhere.
 *
 * - parameters (n, d, s, alpha) with 4 significant digits: "s = 0.7937", never "0.7937005259841";
 * - integers as integers, without grouping: "6824", never "6,824.00";
 * - other values with 6 significant digits, trailing zeros dropped: no "0.30000000000000004";
 * - a typographic minus (U+2212) and e-notation outside [1e-3, 1e6): "1.5e−9";
 * - values that are rounding noise (|v| below a floor) as "≈ 0", with the raw value for a hover;
 * - files (CSV) with the shortest text that reads back as the same double (`csvNumber`).
 */

/** U+2212, the typographic minus: as wide as '+', unlike the hyphen. */
export const MINUS = '\u2212';

/** What a missing value (null, undefined, NaN) is written as. */
export const MISSING = '\u2014';

/**
 * The default relative floor under which a value that should be zero is rounding noise. Double
 * precision carries about 16 significant digits; a metric summed over n^2 pairs or taken as a
 * difference of two such sums loses up to about 4 more, so |v| <= 1e-12 x (the scale of the
 * operands) says nothing beyond "zero".
 */
export const NUMERICAL_FLOOR = 1e-12;

/** Significant digits of a parameter (n, d, s, alpha) in legends, labels and notes. */
export const PARAMETER_DIGITS = 4;
/** Significant digits of a measured value in tables and tooltips. */
export const VALUE_DIGITS = 6;

/** Integers up to this magnitude are written digit by digit (beyond it doubles skip integers). */
const EXACT_INTEGER = 2 ** 53;

function signed(text: string): string {
  return text.startsWith('-') ? `${MINUS}${text.slice(1)}` : text;
}

/**
 * `digits` significant digits, trailing zeros dropped, integers whole. Missing values are "—",
 * infinities "∞" / "−∞".
 */
export function formatNumber(value: number | null | undefined, digits = VALUE_DIGITS): string {
  if (value === null || value === undefined || Number.isNaN(value)) return MISSING;
  if (!Number.isFinite(value)) return value > 0 ? '\u221e' : `${MINUS}\u221e`;
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (Number.isInteger(value) && magnitude < 1e6) return signed(String(value));
  if (magnitude >= 1e-3 && magnitude < 1e6) return signed(String(Number(value.toPrecision(digits))));
  const [mantissa, exponent] = value.toExponential(digits - 1).split('e');
  return `${signed(String(Number(mantissa)))}e${signed(String(Number(exponent)))}`;
}

/** A parameter with 4 significant digits: "0.7937", "3", "1e−6". */
export function formatParameter(value: number | null | undefined): string {
  return formatNumber(value, PARAMETER_DIGITS);
}

/** "name = value" with the parameter's digits: "s = 0.7937". */
export function formatAssignment(name: string, value: number | string | null | undefined): string {
  return `${name} = ${typeof value === 'string' ? value : formatParameter(value)}`;
}

/**
 * A count (iterations, evaluations, n) as a whole number without grouping: "6824". A value that is
 * not a whole number is written as a value, not silently rounded.
 */
export function formatInteger(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return MISSING;
  if (Number.isInteger(value) && Math.abs(value) <= EXACT_INTEGER) return signed(String(value));
  return formatNumber(value);
}

export interface ValueFormat {
  /** significant digits; default 6 */
  digits?: number;
  /** relative floor; default NUMERICAL_FLOOR. 0 turns the noise rule off. */
  floor?: number;
  /** the magnitude of the operands the value came from (the floor is relative to it); default 1 */
  scale?: number;
}

/** True when |value| is below floor x scale without being exactly zero: rounding noise. */
export function isNoise(value: number, format: ValueFormat = {}): boolean {
  const floor = (format.floor ?? NUMERICAL_FLOOR) * Math.abs(format.scale ?? 1);
  return value !== 0 && Number.isFinite(value) && Math.abs(value) < floor;
}

/** A value as text and, when the text is not the whole story, the raw value for a hover (title). */
export interface FormattedValue {
  text: string;
  /** full-precision value, set when `text` rounds or hides it ("≈ 0"); null when `text` is exact */
  raw: string | null;
}

/**
 * A measured value for a table cell or a tooltip: rounding noise as "≈ 0", otherwise significant
 * digits; `raw` carries the exact value wherever the text does not.
 */
export function describeValue(value: number | null | undefined, format: ValueFormat = {}): FormattedValue {
  if (value === null || value === undefined || !Number.isFinite(value))
    return { text: formatNumber(value), raw: null };
  const exact = csvNumber(value);
  if (isNoise(value, format)) return { text: '\u2248 0', raw: exact };
  const text = formatNumber(value, format.digits ?? VALUE_DIGITS);
  return { text, raw: text.replace(MINUS, '-') === exact ? null : exact };
}

/** `describeValue(...).text`. */
export function formatValue(value: number | null | undefined, format: ValueFormat = {}): string {
  return describeValue(value, format).text;
}

/**
 * A number in a file: the shortest text that reads back as the same double (JavaScript's
 * Number-to-String is exactly that), ASCII minus, "" for a missing value, NaN/Infinity by name.
 */
export function csvNumber(value: number | null | undefined): string {
  if (value === null || value === undefined) return '';
  return String(value);
}

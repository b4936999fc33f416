/**
 * Text from a database (names, tags, notes, errors) or from the command line, made safe to print:
 * a name holding a terminal escape sequence (ESC [ ...) could otherwise recolour, retitle or rewrite
 * the user's terminal. Control characters (C0, DEL, C1) and the invisible bidirectional overrides
 * that reorder what is shown are written as \uXXXX escapes, so they are seen, never obeyed.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const escape = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** One line of text for a terminal: every control character escaped (newlines and tabs too). */
export function printable(text: string): string {
  return text.replace(UNSAFE, escape);
}

/**
 * One JSON line. JSON.stringify escapes C0 only; DEL, C1 and the bidirectional overrides are
 * escaped here too, which JSON reads back as the same characters.
 */
export function jsonLine(value: unknown): string {
  return JSON.stringify(value).replace(UNSAFE, escape) + '\n';
}

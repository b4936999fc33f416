import { z } from 'zod';

/**
 * Text that reaches a terminal or a page must not steer it: C0 and C1 control characters (ESC starts
 * terminal escape sequences, U+009B is a one-byte CSI), DEL, and the bidirectional overrides and
 * isolates that reorder what is shown. Names allow none of them; multi-line text (notes,
 * descriptions, error reasons) keeps tab and line feed. Messages name the code point, never the
 * text, so a refusal printed on a terminal is itself safe.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const IN_NAME = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const IN_TEXT = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

const codePoint = (c: string) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** Why `value` is not printable ("contains the control character U+001B at 4"), or null. */
export function controlCharacterIn(value: string, lines: boolean): string | null {
  const found = (lines ? IN_TEXT : IN_NAME).exec(value);
  return found
    ? `contains the control character ${codePoint(found[0])} at ${found.index}; only printable characters are allowed`
    : null;
}

const printable = (lines: boolean) => (value: string, ctx: z.core.$RefinementCtx<string>) => {
  const problem = controlCharacterIn(value, lines);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
};

/** For `.superRefine`: a one-line name (experiment names, tags, machine and version strings). */
export const nameIsPrintable = printable(false);
/** For `.superRefine`: multi-line text, tab and line feed allowed. */
export const textIsPrintable = printable(true);

export const PrintableName = z.string().superRefine(nameIsPrintable);
export const PrintableText = z.string().superRefine(textIsPrintable);

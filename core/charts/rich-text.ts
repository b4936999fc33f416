/**
 * Real subscripts and superscripts in chart text. Labels are written in the math.md notation
 * ("E/n − U_d(s, n)", "X^T X", "G_ij"); `richText` turns `_x` / `_{xy}` into a lowered, smaller
 * fragment and `^x` / `^{xy}` into a raised one, as ECharts rich text (`{sub|d}`), which its SVG
 * renderer draws as separately positioned text runs (and resvg and the PDF writer keep as such).
 * Unicode sub/superscript letters are not used: the paper font lacks most of them.
 */

/** `_x`, `_{xyz}`, `^x`, `^{xyz}`; a single script character is a letter or digit (ij counts as two). */
const SCRIPT = /([_^])(\{[^{}]+\}|[A-Za-z0-9]+)/g;

/** Escapes the characters ECharts' rich-text parser reads as markup. */
function plain(text: string): string {
  return text.replace(/[{}|]/g, (c) => (c === '|' ? '\u2223' : c === '{' ? '(' : ')'));
}

/** The label as ECharts rich text: `{base|…}` runs and `{sub|…}` / `{sup|…}` scripts. */
export function richText(label: string): string {
  if (!SCRIPT.test(label)) return label;
  SCRIPT.lastIndex = 0;
  let out = '';
  let last = 0;
  for (const match of label.matchAll(SCRIPT)) {
    const at = match.index ?? 0;
    if (at > last) out += `{base|${plain(label.slice(last, at))}}`;
    const body = match[2].startsWith('{') ? match[2].slice(1, -1) : match[2];
    out += `{${match[1] === '_' ? 'sub' : 'sup'}|${plain(body)}}`;
    last = at + match[0].length;
  }
  if (last < label.length) out += `{base|${plain(label.slice(last))}}`;
  return out;
}

/** The rich styles `richText` refers to, for a base font size. */
export function richLabel(fontSize: number) {
  const small = Math.round(fontSize * 0.72 * 10) / 10;
  return {
    base: { fontSize },
    sub: { fontSize: small, verticalAlign: 'top' as const, padding: [Math.round(fontSize * 0.45), 0, 0, 0] },
    sup: {
      fontSize: small,
      verticalAlign: 'bottom' as const,
      padding: [0, 0, Math.round(fontSize * 0.5), 0],
    },
  };
}

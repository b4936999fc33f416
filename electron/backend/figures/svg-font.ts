import { readFileSync } from 'node:fs';
import subsetFont from 'subset-font';
import { BUNDLED_FONT, bundledFontPath } from './bundled-font';

/**
 * An SVG that carries its font: the paper font, cut down to the characters the figure uses
 * (subset-font, i.e. HarfBuzz's hb-subset, which keeps the cmap a browser needs; fontkit's subsetter
 * drops it), embedded as a TrueType data URL in an @font-face rule. The figure then renders in
 * Source Serif 4 in any browser or editor, not in a fallback. A figure's subset is some 20 kB, the
 * whole font 330 kB.
 */

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Every character drawn by the SVG's text elements (entities decoded). */
function svgCharacters(svg: string): string {
  const texts = [...svg.matchAll(/<text\b[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]).join('');
  const decoded = texts.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, body: string) => {
    if (body.startsWith('#x') || body.startsWith('#X'))
      return String.fromCodePoint(parseInt(body.slice(2), 16));
    if (body.startsWith('#')) return String.fromCodePoint(Number(body.slice(1)));
    return ENTITIES[body] ?? whole;
  });
  return [...new Set(decoded)].join('');
}

let fontBytes: Buffer | null = null;

export async function embedFont(svg: string): Promise<string> {
  fontBytes ??= readFileSync(bundledFontPath());
  // digits and the minus are always in: a reader editing a label finds them there
  const subset = await subsetFont(fontBytes, `${svgCharacters(svg)}0123456789\u2212`, {
    targetFormat: 'truetype',
  });
  const rule = `@font-face{font-family:'${BUNDLED_FONT.family}';src:url(data:font/ttf;base64,${Buffer.from(subset).toString('base64')}) format('truetype');}`;
  return svg.replace(/^(<svg\b[^>]*>)/, `$1<defs><style>${rule}</style></defs>`);
}

import * as echarts from 'echarts';
import { openSync, type Font } from 'fontkit';
import { bundledFontPath } from './bundled-font';

/**
 * Text widths for ECharts' server-side renderer, from the bundled font itself. Without a canvas
 * ECharts guesses widths from a fixed per-character table, so a rich-text label's runs (a subscript
 * after "U") were placed apart and legends sized wrong; with the font's own advance widths (kerning
 * included) every run sits where the font puts it in the SVG, the PNG and the PDF alike.
 */

let font: Font | null = null;

/** The size in px of a CSS font shorthand such as "normal 8px 'Source Serif 4', serif". */
function fontSize(css: string | undefined): number {
  const match = /(\d+(?:\.\d+)?)px/.exec(css ?? '');
  return match ? Number(match[1]) : 12;
}

function paperTextWidth(text: string, css?: string): number {
  font ??= openSync(bundledFontPath());
  return (font.layout(text).advanceWidth * fontSize(css)) / font.unitsPerEm;
}

let installed = false;

/** Makes ECharts measure text with the paper font (once per process; the host draws only paper figures). */
export function measureWithPaperFont(): void {
  if (installed) return;
  echarts.setPlatformAPI({ measureText: (text, css) => ({ width: paperTextWidth(text, css) }) });
  installed = true;
}

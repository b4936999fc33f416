import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import { paperCanvas, type PaperPreset } from '../../../core/charts/preset';
import { bundledFontPath } from './bundled-font';
import { withRootSize } from './render';

/**
 * Vector PDF of a paper figure, for LaTeX's \includegraphics.
 *
 * Why pdfkit with svg-to-pdfkit and not jsPDF with svg2pdf.js: the figure is drawn on the host (Node,
 * no DOM), and svg2pdf.js walks a DOM tree, so it would need jsdom in every host and in the CLI;
 * svg-to-pdfkit parses the SVG text itself. pdfkit embeds TrueType fonts through fontkit as a subset
 * (only the glyphs used) with a ToUnicode map, so the text stays text (searchable, copyable) and the
 * PDF renders the same everywhere. Both draw paths as PDF path operators: no raster anywhere.
 *
 * The page is exactly the figure (W x H mm, in points), its content ECharts' SVG laid out in points.
 */

const FONT_NAME = 'SourceSerif4';

export function renderPdf(svg: string, preset: PaperPreset, title: string): Promise<Buffer> {
  const { width, height } = paperCanvas(preset);
  const doc = new PDFDocument({
    size: [width, height],
    margin: 0,
    autoFirstPage: true,
    compress: true,
    // the paper font from the start: pdfkit's default (Helvetica) would load its metrics through the
    // package's own import map, which a bundled build (the desktop app) does not have
    font: bundledFontPath(),
    info: { Title: title, Creator: 'SphereLab', Producer: 'SphereLab (pdfkit)' },
  });
  doc.registerFont(FONT_NAME, bundledFontPath());
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  // the root in points: svg-to-pdfkit would read "85mm" at 96 px per inch
  SVGtoPDF(doc, withRootSize(svg, String(width), String(height)), 0, 0, {
    width,
    height,
    // the SVG's units are points already (preset.ts): no 96 -> 72 dpi scaling
    assumePt: true,
    // every text is in the paper font; the SVG names it with a serif fallback
    fontCallback: () => FONT_NAME,
  });
  doc.end();
  return done;
}

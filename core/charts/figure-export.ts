import { z } from 'zod';
import { checkSelection, FigureRequestFields } from './figure-request';
import { DEFAULT_PAPER_SIZE_MM, PaperPreset } from './preset';

/**
 * A figure as a file: SVG (vector, sized in mm, its font embedded), PDF (vector, one page of exactly
 * W x H mm, its font embedded as a subset), PNG (W x H mm at D dpi, exactly
 * round(W / 25.4 * D) x round(H / 25.4 * D) pixels) or CSV (a header and one row per plotted point).
 * The request carries the figure and the file's format; the reply carries the file itself (text for
 * SVG and CSV, base64 for PNG) so any transport can hand it to the user.
 */
export const FIGURE_FORMATS = ['svg', 'pdf', 'png', 'csv'] as const;
export type FigureFormat = (typeof FIGURE_FORMATS)[number];

export const DEFAULT_DPI = 300;

export const FigureExportRequest = FigureRequestFields.extend({
  format: z.enum(FIGURE_FORMATS),
  widthMm: PaperPreset.shape.widthMm.default(DEFAULT_PAPER_SIZE_MM.widthMm),
  heightMm: PaperPreset.shape.heightMm.default(DEFAULT_PAPER_SIZE_MM.heightMm),
  dpi: z.int().min(50, 'dpi is at least 50').max(1200, 'dpi is at most 1200').default(DEFAULT_DPI),
})
  .strict()
  .superRefine(checkSelection)
  .refine((r) => r.format !== 'png' || (r.widthMm / 25.4) * r.dpi * ((r.heightMm / 25.4) * r.dpi) <= 100e6, {
    message: 'a PNG has at most 100 million pixels: lower the size or the dpi',
    path: ['dpi'],
  });
export type FigureExportRequest = z.output<typeof FigureExportRequest>;
export type FigureExportInput = z.input<typeof FigureExportRequest>;

export const FigureFile = z.object({
  /** kind, experiment (or run) and date, e.g. "etf-phase-simplex-etf-2026-11-30.pdf" */
  fileName: z.string(),
  mimeType: z.enum(['image/svg+xml', 'application/pdf', 'image/png', 'text/csv']),
  /** 'utf8' for SVG and CSV, 'base64' for PNG and PDF */
  encoding: z.enum(['utf8', 'base64']),
  content: z.string(),
  /** PNG only: the pixel size */
  widthPx: z.int().optional(),
  heightPx: z.int().optional(),
  /** rows of the figure's data table (the CSV's lines less the header) */
  rows: z.int(),
  notes: z.array(z.string()),
});
export type FigureFile = z.infer<typeof FigureFile>;

export const MIME_TYPES: Record<FigureFormat, FigureFile['mimeType']> = {
  svg: 'image/svg+xml',
  pdf: 'application/pdf',
  png: 'image/png',
  csv: 'text/csv',
};

/** The journal column widths: single column 85 mm, double column 175 mm (heights for a 4:3-ish plot). */
export const PAPER_SIZES = {
  single: { widthMm: 85, heightMm: 62 },
  double: { widthMm: 175, heightMm: 95 },
} as const;

/** Letters, digits and dashes of a name, for a file name: "Simplex ETF for d >= n-1" -> "simplex-etf-for-d-n-1". */
function fileSlug(name: string, max = 40): string {
  const slug = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug.slice(0, max).replace(/-+$/, '') || 'figure';
}

/** "KIND-SUBJECT-DATE.EXT": the figure's kind, its experiment (or run), the date it was drawn (UTC). */
export function figureFileName(kind: string, subject: string, date: string, format: FigureFormat): string {
  return `${[kind, fileSlug(subject), date].join('-')}.${format}`;
}

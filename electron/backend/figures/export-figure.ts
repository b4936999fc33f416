import {
  figureFileName,
  FigureExportRequest,
  MIME_TYPES,
  type FigureExportInput,
  type FigureFile,
} from '../../../core/charts/figure-export';
import { loadFigure, type FigureSource } from '../../../core/charts/figure-loader';
import type { FigureRequestInput } from '../../../core/charts/figure-request';
import { toCsv, type Figure } from '../../../core/charts/figure';
import { PaperPreset, pixelSize } from '../../../core/charts/preset';
import { formatDate, shortId } from '../../../core/format';
import { renderPng, renderSvg } from './render';

/**
 * A figure as a file, drawn with the paper preset: the one path behind `spherelab figure` and the
 * `figures/export` request.
 */
export async function exportFigure(input: FigureExportInput, source: FigureSource): Promise<FigureFile> {
  const request = FigureExportRequest.parse(input);
  const preset = PaperPreset.parse({ kind: 'paper', widthMm: request.widthMm, heightMm: request.heightMm });
  const { format, dpi } = request;
  const figure = await loadFigure(figureRequest(request), source, preset);
  const name = figureFileName(request.kind, await subject(request, source), formatDate(new Date()), format);
  return figureFile(figure, name, format, preset, dpi);
}

/** What a file is named after: the experiment (its name), else the run or the path (its short id). */
async function subject(request: FigureExportRequest, source: FigureSource): Promise<string> {
  if (request.pathIds?.length) return `path ${shortId(request.pathIds[0]!)}`;
  const experiments = request.experimentIds ?? [];
  const runs = request.runIds ?? [];
  const more = (count: number) => (count > 1 ? ` and ${count - 1} more` : '');
  if (experiments.length > 0) {
    const name = (await source.experimentName?.(experiments[0])) ?? shortId(experiments[0]);
    return `${name}${more(experiments.length)}`;
  }
  return runs.length > 0 ? `run ${shortId(runs[0])}${more(runs.length)}` : 'figure';
}

export async function figureFile(
  figure: Figure,
  fileName: string,
  format: FigureExportRequest['format'],
  preset: PaperPreset,
  dpi: number,
): Promise<FigureFile> {
  const common = {
    fileName,
    mimeType: MIME_TYPES[format],
    rows: figure.table.rows.length,
    notes: figure.notes,
  };
  if (format === 'csv') return { ...common, encoding: 'utf8', content: toCsv(figure.table) };
  const svg = renderSvg(figure.option, preset);
  // the font subsetter (HarfBuzz in WebAssembly) and pdfkit load only when a file needs them
  if (format === 'svg') {
    const { embedFont } = await import('./svg-font');
    return { ...common, encoding: 'utf8', content: await embedFont(svg) };
  }
  if (format === 'pdf') {
    const { renderPdf } = await import('./pdf');
    const pdf = await renderPdf(svg, preset, fileName.replace(/\.pdf$/, ''));
    return { ...common, encoding: 'base64', content: pdf.toString('base64') };
  }
  const size = pixelSize(preset.widthMm, preset.heightMm, dpi);
  return {
    ...common,
    encoding: 'base64',
    content: renderPng(svg, preset, dpi).toString('base64'),
    widthPx: size.width,
    heightPx: size.height,
  };
}

/** The figure part of an export request: everything but the file's format and size. */
function figureRequest(request: FigureExportRequest): FigureRequestInput {
  const figure: Partial<FigureExportRequest> = { ...request };
  for (const key of ['format', 'widthMm', 'heightMm', 'dpi'] as const) delete figure[key];
  return figure as FigureRequestInput;
}

/** The file's bytes, for writing. */
export function fileBytes(file: FigureFile): Buffer {
  return Buffer.from(file.content, file.encoding === 'base64' ? 'base64' : 'utf8');
}

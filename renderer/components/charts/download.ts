import type { FigureFile } from '../../../core/charts/figure-export';
import { downloadBlob } from '../../download';

/** Hands an exported figure (text, or base64 for PNG) to the user as a download. */
export function downloadFigure(file: FigureFile, fileName = file.fileName): void {
  const bytes =
    file.encoding === 'base64'
      ? Uint8Array.from(atob(file.content), (c) => c.charCodeAt(0))
      : new TextEncoder().encode(file.content);
  downloadBlob(new Blob([bytes], { type: file.mimeType }), fileName);
}

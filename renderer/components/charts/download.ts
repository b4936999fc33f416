import type { FigureFile } from '../../../core/charts/figure-export';

/**
 * Hands an exported figure to the user as a download of a Blob: the browser saves it, Electron
 * shows its save dialog. Nothing goes through a URL of the host, so both transports work alike.
 */
export function downloadFigure(file: FigureFile, fileName = file.fileName): void {
  const bytes =
    file.encoding === 'base64'
      ? Uint8Array.from(atob(file.content), (c) => c.charCodeAt(0))
      : new TextEncoder().encode(file.content);
  const url = URL.createObjectURL(new Blob([bytes], { type: file.mimeType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // the download has its own reference by now; revoke on the next turn
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

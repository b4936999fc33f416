/**
 * Hands a file made in the renderer (History's CSV and JSON, an exported figure) to the user as a
 * download of a Blob: the browser saves it, Electron shows its save dialog; nothing goes through a
 * URL of the host, so both transports work alike.
 */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // the download has its own reference by now; revoke on the next turn
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

export function downloadText(fileName: string, mimeType: string, text: string): void {
  downloadBlob(new Blob([text], { type: mimeType }), fileName);
}

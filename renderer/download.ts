/**
 * Hands text made in the renderer (History's CSV and JSON) to the user as a download of a Blob: the
 * browser saves it, Electron shows its save dialog; nothing goes through the host.
 */
export function downloadText(fileName: string, mimeType: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: mimeType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // the download has its own reference by now; revoke on the next turn
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

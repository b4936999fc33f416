import { REQUEST_NAMES, type EventName, type Reply } from '../../core/contract';
import type { Dispatch } from '../backend/api/dispatch';
import { isAppPage } from './app-protocol';
import { ADD_ARCHIVE_CHANNEL, SAVE_ARCHIVE_CHANNEL, eventChannel, requestChannel } from './channels';
import type { BrowserWindow, ElectronMain } from './electron-api';

/**
 * Binds every contract request to the backend's one dispatcher (which validates each payload) and
 * forwards backend events to the window. Only the app's own page (spherelab://app/index.html, compared
 * exactly) may call: any other sender gets an error reply.
 */
export interface IpcBindingOptions {
  dispatch: Dispatch;
  saveArchive(fileName: unknown): Promise<boolean>;
  addArchive(): Promise<string | null>;
}

interface SenderEvent {
  senderFrame?: { url: string } | null;
}

export function bindIpc(ipcMain: ElectronMain['ipcMain'], options: IpcBindingOptions): () => void {
  const trusted = (event: SenderEvent) => isAppPage(event.senderFrame?.url ?? '');
  const refused = (): Reply => ({ ok: false, error: { code: 'forbidden', message: 'request from a foreign frame' } });
  for (const name of REQUEST_NAMES) {
    ipcMain.handle(requestChannel(name), (event: SenderEvent, payload: unknown) =>
      trusted(event) ? options.dispatch(name, payload) : refused(),
    );
  }
  ipcMain.handle(SAVE_ARCHIVE_CHANNEL, (event: SenderEvent, fileName: unknown) =>
    trusted(event) ? options.saveArchive(fileName) : false,
  );
  ipcMain.handle(ADD_ARCHIVE_CHANNEL, (event: SenderEvent) => (trusted(event) ? options.addArchive() : null));
  return () => {
    for (const name of REQUEST_NAMES) ipcMain.removeHandler(requestChannel(name));
    ipcMain.removeHandler(SAVE_ARCHIVE_CHANNEL);
    ipcMain.removeHandler(ADD_ARCHIVE_CHANNEL);
  };
}

/** Sends a backend event to the window, if it is still there. */
export function forwardEvent(win: BrowserWindow | null, event: EventName, payload: unknown): void {
  if (!win || win.isDestroyed()) return;
  win.webContents.send(eventChannel(event), payload);
}


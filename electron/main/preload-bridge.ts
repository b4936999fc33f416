import type { HostBridge, Reply } from '../../core/contract';
import { isContractEvent, isContractRequest } from './contract-names';
import { ADD_ARCHIVE_CHANNEL, SAVE_ARCHIVE_CHANNEL, eventChannel, requestChannel } from './channels';
import type { ElectronPreload } from './electron-api';

/**
 * What the preload puts on `window.spherelab`: the contract's requests and events and the two archive
 * dialogs, nothing else (no ipcRenderer, no Node). Names outside the contract are refused here
 * already; payloads are validated in main.
 */
export function createHostBridge(ipcRenderer: ElectronPreload['ipcRenderer']): HostBridge {
  return {
    request(name, payload) {
      if (!isContractRequest(name)) return Promise.reject(new Error(`unknown request ${String(name)}`));
      return ipcRenderer.invoke(requestChannel(name), payload) as Promise<Reply>;
    },
    on(event, listener) {
      if (!isContractEvent(event)) throw new Error(`unknown event ${String(event)}`);
      const channel = eventChannel(event);
      // The IPC event object would hand the renderer a sender reference: pass the payload only.
      const wrapped = (_event: unknown, payload: unknown) => listener(payload);
      ipcRenderer.on(channel, wrapped);
      return () => {
        ipcRenderer.removeListener(channel, wrapped);
      };
    },
    saveArchive: (fileName) => ipcRenderer.invoke(SAVE_ARCHIVE_CHANNEL, fileName) as Promise<boolean>,
    addArchive: () => ipcRenderer.invoke(ADD_ARCHIVE_CHANNEL) as Promise<string | null>,
  };
}

export const BRIDGE_KEY = 'spherelab';

export function exposeHostBridge(electron: ElectronPreload): void {
  electron.contextBridge.exposeInMainWorld(BRIDGE_KEY, createHostBridge(electron.ipcRenderer));
}

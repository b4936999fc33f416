// Electron preload (sandboxed, bundled to CommonJS): exposes the contract on window.spherelab.
import { contextBridge, ipcRenderer } from 'electron';
import { exposeHostBridge } from './preload-bridge';

exposeHostBridge({ contextBridge, ipcRenderer });

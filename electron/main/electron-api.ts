import type * as Electron from 'electron';

/**
 * The parts of Electron's API the desktop shell uses. Modules here receive it as a parameter instead
 * of importing 'electron', so tests hand in a fake (the real module downloads its binary on first
 * require, which fails offline). Only main.ts and preload.ts import the real module.
 */
export type ElectronMain = Pick<
  typeof Electron,
  'app' | 'BrowserWindow' | 'ipcMain' | 'dialog' | 'Menu' | 'utilityProcess' | 'screen' | 'session' | 'shell' | 'protocol'
>;

export type ElectronPreload = Pick<typeof Electron, 'contextBridge' | 'ipcRenderer'>;

export type BrowserWindow = Electron.BrowserWindow;
export type WebPreferences = Electron.WebPreferences;
export type Rectangle = Electron.Rectangle;

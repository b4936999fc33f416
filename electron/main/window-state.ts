import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import type { BrowserWindow, Rectangle } from './electron-api';

/**
 * The window's size and position, remembered across starts in a small JSON file. A saved position
 * is used only while it still lies on a connected display (monitors come and go).
 */
const WindowState = z.object({
  x: z.int(),
  y: z.int(),
  width: z.int().min(400).max(20_000),
  height: z.int().min(300).max(20_000),
  maximized: z.boolean(),
});
export type WindowState = z.infer<typeof WindowState>;

export const DEFAULT_SIZE = { width: 1440, height: 900 };

export function loadWindowState(file: string, workAreas: Rectangle[]): { bounds: Partial<Rectangle>; maximized: boolean } {
  let saved: WindowState;
  try {
    saved = WindowState.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    return { bounds: { ...DEFAULT_SIZE }, maximized: false };
  }
  const visible = workAreas.some(
    (a) => saved.x >= a.x && saved.y >= a.y && saved.x + 100 <= a.x + a.width && saved.y + 100 <= a.y + a.height,
  );
  const { x, y, width, height, maximized } = saved;
  return { bounds: visible ? { x, y, width, height } : { width, height }, maximized };
}

export function saveWindowState(file: string, win: Pick<BrowserWindow, 'getNormalBounds' | 'isMaximized'>): void {
  const state: WindowState = { ...win.getNormalBounds(), maximized: win.isMaximized() };
  // Write then rename, so a crash mid-write never leaves a half file behind.
  writeFileSync(`${file}.tmp`, JSON.stringify(state));
  renameSync(`${file}.tmp`, file);
}

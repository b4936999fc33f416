import { copyFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { ArchiveFileName } from '../../core/contract';
import type { BrowserWindow, ElectronMain } from './electron-api';

/**
 * The desktop side of Platform.saveArchive / addArchive: native dialogs, then a copy between the
 * user's chosen place and the host's archives folder. The renderer never names a path; archive/export
 * and archive/import only ever see plain file names inside the archives folder.
 */
const FILTERS = [{ name: 'SphereLab archive', extensions: ['spherelab'] }];

export async function saveArchiveWithDialog(
  dialog: ElectronMain['dialog'],
  win: BrowserWindow,
  archivesDir: string,
  fileName: unknown,
): Promise<boolean> {
  const name = ArchiveFileName.parse(fileName);
  const choice = await dialog.showSaveDialog(win, { defaultPath: name, filters: FILTERS });
  if (choice.canceled || !choice.filePath) return false;
  await copyFile(join(archivesDir, name), choice.filePath);
  return true;
}

export async function addArchiveWithDialog(
  dialog: ElectronMain['dialog'],
  win: BrowserWindow,
  archivesDir: string,
): Promise<string | null> {
  const choice = await dialog.showOpenDialog(win, { properties: ['openFile'], filters: FILTERS });
  const source = choice.filePaths[0];
  if (choice.canceled || !source) return null;
  const name = freeName(archivesDir, archiveNameFor(basename(source)));
  await copyFile(source, join(archivesDir, name));
  return name;
}

/** A user's file name, made into one that ArchiveFileName accepts. */
export function archiveNameFor(original: string): string {
  const stem = original
    .replace(/\.spherelab$/i, '')
    .replace(/[^A-Za-z0-9._ -]+/g, '-')
    .replace(/\.{2,}/g, '.')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, 150);
  return `${stem || 'archive'}.spherelab`;
}

function freeName(dir: string, name: string): string {
  if (!existsSync(join(dir, name))) return name;
  const stem = name.replace(/\.spherelab$/, '');
  for (let k = 2; ; k++) {
    const candidate = `${stem}-${k}.spherelab`;
    if (!existsSync(join(dir, candidate))) return candidate;
  }
}

import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { PAPER_FONT } from '../../../core/charts/preset';

/**
 * The serif font of paper figures, Source Serif 4 Regular (SIL Open Font License 1.1), shipped as a
 * TTF by @expo-google-fonts/source-serif-4. resvg reads it from this file and nothing else: system
 * fonts are never looked up and nothing is fetched.
 */
export const BUNDLED_FONT = {
  family: PAPER_FONT,
  module: '@expo-google-fonts/source-serif-4/400Regular/SourceSerif4_400Regular.ttf',
} as const;

let cached: string | null = null;

/**
 * A real file path of the font. Inside a packaged app the module sits in app.asar, which Electron's
 * fs can read but resvg (native code) cannot, so it is copied out once to the temp folder.
 */
export function bundledFontPath(): string {
  if (cached && existsSync(cached)) return cached;
  const resolved = createRequire(import.meta.url).resolve(BUNDLED_FONT.module);
  if (!resolved.includes(`.asar${sep}`)) return (cached = resolved);
  const folder = join(tmpdir(), 'spherelab-fonts');
  mkdirSync(folder, { recursive: true });
  const copy = join(folder, 'SourceSerif4-Regular.ttf');
  copyFileSync(resolved, copy);
  return (cached = copy);
}

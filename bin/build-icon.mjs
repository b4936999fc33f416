#!/usr/bin/env node
// Rasterises the app icon, drawn in SVG (build-resources/icon.svg), to the 1024 px PNG that
// electron-builder turns into each platform's icon (icns, ico, the Linux sizes). The PNG is build
// output: not in the repository.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';

const folder = join(dirname(fileURLToPath(import.meta.url)), '..', 'build-resources');
const png = new Resvg(readFileSync(join(folder, 'icon.svg'), 'utf8'), {
  fitTo: { mode: 'width', value: 1024 },
})
  .render()
  .asPng();
writeFileSync(join(folder, 'icon.png'), png);
console.log(`wrote ${join(folder, 'icon.png')} (${png.length} bytes)`);

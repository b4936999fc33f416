#!/usr/bin/env node
// Bundles the desktop shell with esbuild into dist/electron/main/: main.mjs (Electron main),
// preload.cjs (sandboxed preloads must be CommonJS), solver.mjs (the utility-process entry) and
// worker-entry.mjs (the kernel worker). The folder is as deep as the sources (electron/backend/store),
// so the sources' `new URL('../../../migrations/', import.meta.url)` finds the same files in the app.
import { build } from 'esbuild';

const outdir = 'dist/electron/main';
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  // Native modules stay outside the bundle (electron-builder rebuilds and unpacks them).
  external: ['electron', 'better-sqlite3', '@resvg/resvg-js'],
};
// ESM bundles still meet CommonJS dependencies that call require().
const requireShim = "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);";

await build({
  ...common,
  entryPoints: {
    main: 'electron/main/main.ts',
    solver: 'electron/solver/solver-main.ts',
    'worker-entry': 'core/parallel/worker.ts',
  },
  format: 'esm',
  outdir,
  outExtension: { '.js': '.mjs' },
  banner: { js: requireShim },
});
await build({ ...common, entryPoints: { preload: 'electron/main/preload.ts' }, format: 'cjs', outdir, outExtension: { '.js': '.cjs' } });
console.log(`built the desktop shell into ${outdir}/`);

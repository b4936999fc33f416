#!/usr/bin/env node
// Bundles the desktop shell with esbuild into dist/electron/main/: main.mjs (Electron main),
// preload.cjs (sandboxed preloads must be CommonJS), solver.mjs (the utility-process entry) and
// kernel-worker.cjs (the kernel threads' code, which core/parallel/pool.ts looks for beside it).
// The folder is as deep as the sources (electron/backend/store), so relative URLs in the sources
// (`new URL('../../../migrations/', import.meta.url)`, `../kernels/wasm/*.wat`) find the same files
// in the app; the WebAssembly sources are copied to dist/electron/kernels/wasm/ for that.
import { cpSync } from 'node:fs';
import { build } from 'esbuild';

const outdir = 'dist/electron/main';
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  // Native modules stay outside the bundle (electron-builder rebuilds and unpacks them).
  // esbuild itself is only the sources' fallback for building the kernel worker (prebuilt here).
  external: ['electron', 'better-sqlite3', '@resvg/resvg-js', 'esbuild'],
};
// ESM bundles still meet CommonJS dependencies that use require() and __dirname (wabt's emscripten
// loader does).
const requireShim = [
  "import { createRequire as __cr } from 'node:module';",
  "import { fileURLToPath as __fu } from 'node:url';",
  "import { dirname as __dn } from 'node:path';",
  'const require = __cr(import.meta.url);',
  'const __filename = __fu(import.meta.url);',
  'const __dirname = __dn(__filename);',
].join(' ');

await build({
  ...common,
  entryPoints: {
    main: 'electron/main/main.ts',
    solver: 'electron/solver/solver-main.ts',
  },
  format: 'esm',
  outdir,
  outExtension: { '.js': '.mjs' },
  banner: { js: requireShim },
});
await build({
  ...common,
  entryPoints: { preload: 'electron/main/preload.ts', 'kernel-worker': 'core/parallel/worker.ts' },
  format: 'cjs',
  outdir,
  outExtension: { '.js': '.cjs' },
});
cpSync('core/kernels/wasm', 'dist/electron/kernels/wasm', { recursive: true });
console.log(`built the desktop shell into ${outdir}/`);

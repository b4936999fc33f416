#!/usr/bin/env node
// The one build of SphereLab's Node code, with esbuild, into dist/electron/main/:
//   main.mjs (Electron main), cli.mjs (`spherelab`, `serve` included), solver.mjs (the solver
//   process: utility process or fork), shared chunks, preload.cjs (sandboxed preloads must be
//   CommonJS) and kernel-worker.cjs (the kernel threads, which electron/solver/kernel-pool/pool.ts
//   finds beside it);
// and the WebAssembly kernels assembled from core/kernels/wasm/*.wat into dist/electron/kernels/wasm/.
// The folder is as deep as the sources (electron/backend/store), so relative URLs in the sources
// (`new URL('../../../migrations/', import.meta.url)`, `../kernels/wasm/NAME.wasm`) find the same
// files. No TypeScript loader and no wabt run after this.
//
//   node bin/build.mjs             build now
//   node bin/build.mjs --if-stale  build only when the sources changed since the last build
// `npm ci` runs it (prepare); `spherelab` runs it on first use when dist/ is missing or stale.
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildIsFresh, OUT_DIR, ROOT, sourceFingerprint, STAMP } from './build-stamp.mjs';
import { assembleWat } from './wat.mjs';

const WASM_OUT = join(ROOT, 'dist', 'electron', 'kernels', 'wasm');
const packageJson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const LOCK = join(ROOT, 'dist', 'electron', 'build.lock');
/** a lock older than this was left by a build that died */
const STALE_LOCK_MS = 120_000;

async function bundle() {
  const { build } = await import('esbuild');
  const common = {
    absWorkingDir: ROOT,
    bundle: true,
    platform: 'node',
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning',
    // package.json's dependencies, and only they, stay outside the bundles and load from
    // node_modules at run time: native modules (electron-builder rebuilds and unpacks them), the PDF
    // and font libraries, which read their own data files (pdfkit's font metrics, HarfBuzz's .wasm
    // for subset-font) beside their code, the font itself, the logger and the socket server.
    // Everything else is bundled here: a devDependency.
    external: ['electron', ...Object.keys(packageJson.dependencies)],
  };
  // ESM bundles still meet CommonJS dependencies that use require() and __dirname.
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
      cli: 'electron/cli/main.ts',
      solver: 'electron/solver/solver-main.ts',
    },
    format: 'esm',
    // Shared code in chunks, and each CLI command in its own: `spherelab sweep` never parses ECharts.
    splitting: true,
    outdir: OUT_DIR,
    outExtension: { '.js': '.mjs' },
    banner: { js: requireShim },
  });
  await build({
    ...common,
    entryPoints: { preload: 'electron/main/preload.ts', 'kernel-worker': 'electron/solver/kernel-pool/worker.ts' },
    format: 'cjs',
    outdir: OUT_DIR,
    outExtension: { '.js': '.cjs' },
  });
}

async function assembleKernels() {
  mkdirSync(WASM_OUT, { recursive: true });
  const sources = join(ROOT, 'core', 'kernels', 'wasm');
  for (const file of readdirSync(sources).filter((f) => f.endsWith('.wat'))) {
    writeFileSync(join(WASM_OUT, basename(file, '.wat') + '.wasm'), await assembleWat(join(sources, file)));
  }
}

/** Builds everything; the stamp is written last, so an interrupted build is never taken for fresh. */
export async function buildAll() {
  const fingerprint = sourceFingerprint();
  rmSync(STAMP, { force: true });
  rmSync(OUT_DIR, { recursive: true, force: true });
  rmSync(WASM_OUT, { recursive: true, force: true });
  await bundle();
  await assembleKernels();
  writeFileSync(STAMP, JSON.stringify({ fingerprint, builtAt: new Date().toISOString() }) + '\n');
}

/** One build at a time across processes (tests start many CLIs at once): an exclusive lock file. */
async function withLock(work) {
  mkdirSync(join(ROOT, 'dist', 'electron'), { recursive: true });
  for (;;) {
    try {
      closeSync(openSync(LOCK, 'wx'));
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      const age = Date.now() - (statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > STALE_LOCK_MS) rmSync(LOCK, { force: true });
      else await sleep(100);
    }
  }
  try {
    return await work();
  } finally {
    rmSync(LOCK, { force: true });
  }
}

/** Builds unless dist/ already holds a build of the present sources (checked again under the lock). */
export async function ensureBuilt() {
  if (buildIsFresh()) return false;
  return withLock(async () => {
    if (buildIsFresh()) return false;
    await buildAll();
    return true;
  });
}

if (process.argv[1] && import.meta.url.endsWith(basename(process.argv[1]))) {
  const ifStale = process.argv.includes('--if-stale');
  const built = ifStale ? await ensureBuilt() : (await withLock(buildAll), true);
  console.log(built ? `built SphereLab into ${OUT_DIR}/` : `the build in ${OUT_DIR}/ is up to date`);
}

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runSolver } from '../../electron/solver/solver-client';
import { forkSpawner } from '../../electron/solver/spawner';

/**
 * The desktop shell as it ships: bin/build-electron.mjs bundles main, preload, the solver entry and
 * the kernel worker. The solver bundle is run for real (a utility process runs the same file), so a
 * path that only works from the sources, or a TypeScript loader the app does not ship, fails here.
 */
const root = join(import.meta.dirname, '..', '..');
const out = join(root, 'dist', 'electron', 'main');

beforeAll(() => {
  execFileSync(process.execPath, [join(root, 'bin', 'build-electron.mjs')], { cwd: root, stdio: 'pipe' });
}, 120_000);

function bareImports(file: string): string[] {
  const code = readFileSync(join(out, file), 'utf8');
  const found = new Set<string>();
  for (const m of code.matchAll(/(?:^|[\s;])(?:import\s[^'"]*?from\s*|import\s*\(\s*|require\(\s*)["']([^"'./][^"']*)["']/g)) {
    if (!m[1]!.startsWith('node:')) found.add(m[1]!);
  }
  return [...found].sort();
}

describe('the bundled desktop shell', () => {
  it('parses, every bundle (main.mjs cannot run without Electron, so a syntax check is what is possible)', () => {
    for (const file of ['main.mjs', 'preload.cjs', 'solver.mjs', 'kernel-worker.cjs']) {
      execFileSync(process.execPath, ['--check', join(out, file)], { stdio: 'pipe' });
    }
  });

  it('loads in its preload nothing but electron, and carries no schema library', () => {
    expect(bareImports('preload.cjs')).toEqual(['electron']);
    // the name checks are plain lists (electron/main/contract-names.ts): zod stayed out (it was 786 KB)
    const preload = readFileSync(join(out, 'preload.cjs'), 'utf8');
    expect(preload.length).toBeLessThan(20_000);
    expect(preload).not.toMatch(/ZodError|zod/i);
  });

  it('keeps only native modules and electron outside the main and solver bundles', () => {
    // esbuild: only the sources' fallback for the kernel worker, which the bundle ships prebuilt
    const allowed = new Set(['electron', 'better-sqlite3', '@resvg/resvg-js', 'esbuild']);
    const builtins = new Set(builtinModules);
    for (const file of ['main.mjs', 'solver.mjs', 'kernel-worker.cjs']) {
      const external = bareImports(file).filter((m) => !builtins.has(m));
      expect(external.every((m) => allowed.has(m)), `${file}: ${external.join(', ')}`).toBe(true);
    }
  });

  it('solves with the bundled solver entry, without the TypeScript loader', async () => {
    const done = await runSolver(forkSpawner({ entry: join(out, 'solver.mjs') }), {
      runId: 'bundle-check',
      spec: { energy: 'ce', n: 4, d: 3, s: 1 },
    });
    expect(done.summary.energy).toBeCloseTo(2.330630612247, 10);
    expect(done.summary.stopReason).toBe('converged');
  });

  it('runs the kernels on two threads in WebAssembly from the bundle alone', async () => {
    // d = 32 is WebAssembly's regime; n = 400 is past the size below which one thread is used.
    const done = await runSolver(forkSpawner({ entry: join(out, 'solver.mjs') }), {
      runId: 'bundle-threads',
      spec: { energy: 'ce', n: 400, d: 32, s: 1, threads: 2, maxIter: 3 },
    });
    expect(done.summary.evaluator).toBe('wasm-simd-2t');
  });
});

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runSolver } from '../../electron/solver/solver-client';
import { forkSpawner } from '../../electron/solver/spawner';

/**
 * The code as it ships: bin/build.mjs bundles main, preload, the CLI, the solver entry and the
 * kernel worker, and assembles the WebAssembly kernels. The solver bundle is run for real (a utility process runs the same file), so a
 * path that only works from the sources, or a TypeScript loader the app does not ship, fails here.
 */
const root = join(import.meta.dirname, '..', '..');
const out = join(root, 'dist', 'electron', 'main');

beforeAll(() => {
  execFileSync(process.execPath, [join(root, 'bin', 'build.mjs'), '--if-stale'], { cwd: root, stdio: 'pipe' });
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
    for (const file of readdirSync(out).filter((f) => /\.[cm]js$/.test(f))) {
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

  it('loads from node_modules only what package.json names as dependencies (and electron)', () => {
    // dependencies: what the built code loads at run time; everything else is bundled at build time
    // and is a devDependency (tsx, wabt and esbuild among them: the bundles never load them).
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const allowed = new Set(['electron', ...Object.keys(pkg.dependencies)]);
    const builtins = new Set(builtinModules);
    const used = new Set<string>();
    for (const file of readdirSync(out).filter((f) => /\.[cm]js$/.test(f) && f !== 'preload.cjs')) {
      const external = bareImports(file).filter((m) => !builtins.has(m));
      expect(external.every((m) => allowed.has(m)), `${file}: ${external.join(', ')}`).toBe(true);
      for (const m of external) used.add(m);
      // the font is resolved by name at run time (figures/bundled-font.ts)
      for (const dep of Object.keys(pkg.dependencies)) if (readFileSync(join(out, file), 'utf8').includes(`"${dep}`)) used.add(dep);
    }
    expect([...Object.keys(pkg.dependencies)].filter((dep) => !used.has(dep))).toEqual([]);
  });

  it('solves with the bundled solver entry, without the TypeScript loader', async () => {
    const done = await runSolver(forkSpawner({ entry: join(out, 'solver.mjs') }), {
      runId: 'bundle-check',
      spec: { energy: 'ce', n: 4, d: 3, s: 1 },
    });
    expect(done.summary.energy).toBeCloseTo(2.330630612247, 10);
    expect(done.summary.stopReason).toBe('converged');
  });

  it('runs the CLI from its bundle, with the WebAssembly kernels assembled at build time', () => {
    // The bundles cannot load wabt (the assembler is reached only from the sources): WebAssembly
    // kernels here mean the binaries the build wrote into dist/.
    const db = join(mkdtempSync(join(tmpdir(), 'spherelab-bundle-')), 'x.db');
    const json = execFileSync(
      process.execPath,
      [join(out, 'cli.mjs'), 'run', '--energy', 'ce', '--n', '4', '--d', '3', '--json', '--db', db],
      { encoding: 'utf8' },
    );
    const result = JSON.parse(json) as { energy: number; evaluator: string };
    expect(result.evaluator).toBe('wasm-simd-1t');
    expect(result.energy).toBeCloseTo(2.330630612247, 10);
    expect(readdirSync(join(root, 'dist', 'electron', 'kernels', 'wasm')).sort()).toEqual(
      readdirSync(join(root, 'core', 'kernels', 'wasm'))
        .filter((f) => f.endsWith('.wat'))
        .map((f) => f.replace(/\.wat$/, '.wasm'))
        .sort(),
    );
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

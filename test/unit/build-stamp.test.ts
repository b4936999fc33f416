import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sourceFingerprint } from '../../bin/build-stamp.mjs';

/**
 * The fingerprint `spherelab` compares with the one its build was made from: it must change with
 * every change to what the bundles are made of, and only then.
 */
const root = mkdtempSync(join(tmpdir(), 'spherelab-stamp-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function write(path: string, text: string) {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), text);
}

describe('the build fingerprint', () => {
  it('is null without sources (an installed package that ships dist/ only)', () => {
    expect(sourceFingerprint(root)).toBeNull();
  });

  it('changes when a source is edited, added, removed or touched, and not otherwise', () => {
    write('core/solve.ts', 'export const a = 1;\n');
    write('electron/cli/main.ts', 'export {};\n');
    write('core/kernels/wasm/rows.wat', '(module)\n');
    write('package-lock.json', '{}\n');
    const first = sourceFingerprint(root);
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(sourceFingerprint(root)).toBe(first);

    write('renderer/App.vue', '<template/>\n'); // not in the bundles
    write('test/unit/x.test.ts', '\n');
    expect(sourceFingerprint(root)).toBe(first);

    write('core/solve.ts', 'export const a = 2;\n');
    const edited = sourceFingerprint(root);
    expect(edited).not.toBe(first);

    write('core/kernels/wasm/new.wat', '(module)\n');
    const added = sourceFingerprint(root);
    expect(added).not.toBe(edited);

    rmSync(join(root, 'core/kernels/wasm/new.wat'));
    expect(sourceFingerprint(root)).toBe(edited);

    utimesSync(join(root, 'package-lock.json'), new Date(), new Date(Date.now() + 5000));
    expect(sourceFingerprint(root)).not.toBe(edited);
  });
});

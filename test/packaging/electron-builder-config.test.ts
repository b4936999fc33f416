import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

// The schema electron-builder itself validates configurations with, from the installed version.
const require = createRequire(import.meta.url);
const schema = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8'));
const config = parse(readFileSync(new URL('../../electron-builder.yml', import.meta.url), 'utf8'));

function validate(candidate: unknown) {
  const ajv = new Ajv({ allErrors: true, strict: false });
  const check = ajv.compile(schema);
  const ok = check(candidate);
  return { ok, errors: ajv.errorsText(check.errors) };
}

describe('electron-builder.yml', () => {
  it("validates against app-builder-lib's JSON schema", () => {
    const result = validate(config);
    expect(result.errors).toBe('No errors');
    expect(result.ok).toBe(true);
  });

  it('is refused when a key is misspelled', () => {
    const { asarUnpack, ...rest } = config;
    const result = validate({ ...rest, asarUnpak: asarUnpack });
    expect(result.ok).toBe(false);
    expect(result.errors).toMatch(/additional properties/i);
  });

  it('targets AppImage and deb, dmg and nsis with versioned artifact names', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.mac.target).toBe('dmg');
    expect(config.win.target).toBe('nsis');
    expect(config.artifactName).toContain('${version}');
    expect(config.artifactName).toContain('${os}');
    expect(config.artifactName).toContain('${arch}');
  });

  it('rebuilds better-sqlite3 for Electron and keeps it out of the asar', () => {
    expect(config.npmRebuild).toBe(true);
    expect(config.asarUnpack).toContain('**/node_modules/better-sqlite3/**');
    expect(config.files).toContain('dist/**/*');
    expect(config.files.some((f: string) => /^(core|electron|renderer|test)\b/.test(f))).toBe(false);
  });
});

describe('Electron fuses', () => {
  it('are flipped at packaging time: no Node mode, no NODE_OPTIONS or inspect, asar only and checked', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('are refused by the schema when a fuse name is misspelled', () => {
    const result = validate({ ...config, electronFuses: { ...config.electronFuses, runAsNod: false } });
    expect(result.ok).toBe(false);
    expect(result.errors).toMatch(/additional properties/i);
  });
});

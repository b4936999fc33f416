import { execFileSync } from 'node:child_process';
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

describe('the app icon', () => {
  it('is drawn in SVG in the repository and rasterised by the build to the 1024 px PNG electron-builder reads', () => {
    const folder = new URL('../../build-resources/', import.meta.url);
    expect(config.directories.buildResources).toBe('build-resources');
    expect(readFileSync(new URL('icon.svg', folder), 'utf8')).toMatch(/^<svg [^>]*viewBox="0 0 1024 1024"/);
    execFileSync(process.execPath, [new URL('../../bin/build-icon.mjs', import.meta.url).pathname], {
      stdio: 'pipe',
    });
    const png = readFileSync(new URL('icon.png', folder));
    // PNG signature, then the IHDR chunk: width and height as big-endian 32-bit integers
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1024, 1024]);
    expect(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).toContain(
      'node bin/build-icon.mjs && electron-builder',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { databasePath, dataDir } from '../../electron/backend/data-dir';

describe('data folder', () => {
  const home = '/home/ada';
  it('follows each platform convention', () => {
    expect(dataDir({ platform: 'linux', env: {}, home })).toBe('/home/ada/.local/share/spherelab');
    expect(dataDir({ platform: 'linux', env: { XDG_DATA_HOME: '/data/ada' }, home })).toBe(
      '/data/ada/spherelab',
    );
    expect(dataDir({ platform: 'linux', env: { XDG_DATA_HOME: 'relative' }, home })).toBe(
      '/home/ada/.local/share/spherelab',
    );
    expect(dataDir({ platform: 'darwin', env: {}, home })).toBe(
      '/home/ada/Library/Application Support/SphereLab',
    );
    expect(dataDir({ platform: 'win32', env: { APPDATA: '/users/ada/AppData/Roaming' }, home })).toBe(
      '/users/ada/AppData/Roaming/SphereLab',
    );
  });

  it('lets --db win over SPHERELAB_DB, and SPHERELAB_DB over the data folder', () => {
    const env = { platform: 'linux' as const, env: { SPHERELAB_DB: '/tmp/env.db' }, home };
    expect(databasePath('/tmp/flag.db', env)).toBe('/tmp/flag.db');
    expect(databasePath(undefined, env)).toBe('/tmp/env.db');
    expect(databasePath(undefined, { platform: 'linux', env: {}, home })).toBe(
      '/home/ada/.local/share/spherelab/spherelab.db',
    );
  });
});

import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { contentHash, tempDir } from './store-fixtures';
import { openStore } from '../../electron/backend/store/store';

/** The archive commands through the real `spherelab` executable, on temporary databases. */

const CLI = fileURLToPath(new URL('../../bin/spherelab.mjs', import.meta.url));

function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('spherelab archive commands', () => {
  it('sweep stores runs; list, show, export, import and rm work on them', () => {
    const dir = tempDir();
    const db = join(dir, 'lab.db');
    const spec = join(dir, 'etf.yaml');
    writeFileSync(spec, 'name: simplex\nenergy: ce\nn: [3, 4]\nd: 3\nseeds: [1]\ntags: [etf]\n');
    const sweep = cli(['sweep', spec, '--parallel', '2', '--tag', 'paper', '--json'], { SPHERELAB_DB: db });
    expect(sweep.code, sweep.stderr).toBe(0);
    const { experimentId, runIds, completed } = JSON.parse(sweep.stdout);
    expect([runIds.length, completed]).toEqual([2, 2]);

    const experiments = JSON.parse(cli(['list', '--experiments', '--db', db, '--json']).stdout);
    expect(experiments).toMatchObject([{ id: experimentId, name: 'simplex', tags: ['etf', 'paper'] }]);
    const list = cli(['list', '--db', db, '--json', '--tag', 'paper', 'etf', '--n-min', '4']);
    expect(list.code, list.stderr).toBe(0);
    const rows = JSON.parse(list.stdout);
    expect(rows).toHaveLength(1);
    for (const field of [
      'id',
      'experimentId',
      'status',
      'energyKind',
      'n',
      'd',
      's',
      'seed',
      'finalEnergy',
      'createdAt',
    ])
      expect(rows[0]).toHaveProperty(field);
    expect(rows[0]).toMatchObject({
      experimentId,
      status: 'completed',
      energyKind: 'ce',
      n: 4,
      d: 3,
      s: 1,
      seed: 1,
    });
    expect(rows[0].finalEnergy).toBeCloseTo(2.3306306122, 9);

    const show = cli(['show', rows[0].id.slice(0, 8), '--db', db, '--json', '--points']);
    expect(show.code, show.stderr).toBe(0);
    const run = JSON.parse(show.stdout);
    expect(run.id).toBe(rows[0].id);
    expect(run.metrics.etfBoundGap).toBeLessThan(1e-9);
    expect(run.metrics.gegenbauer).toHaveLength(8);
    expect(run.points).toHaveLength(4);
    expect(cli(['show', 'ffff', '--db', db]).stderr).toMatch(/no run with id ffff/);

    const archive = join(dir, 'etf.spherelab');
    expect(cli(['export', '--db', db, '--out', archive, '--experiment', experimentId]).code).toBe(0);
    const other = join(dir, 'other.db');
    const imported = cli(['import', archive, '--db', other, '--json']);
    expect(imported.code, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toEqual({
      experimentsAdded: 1,
      experimentsSkipped: 0,
      runsAdded: 2,
      runsSkipped: 0,
    });
    expect(JSON.parse(cli(['import', archive, '--db', other, '--json']).stdout)).toMatchObject({
      runsAdded: 0,
      runsSkipped: 2,
    });

    const junk = join(dir, 'junk.spherelab');
    writeFileSync(junk, 'not a database at all'.repeat(100));
    const before = (() => {
      const s = openStore(other);
      const h = contentHash(s.db);
      s.close();
      return h;
    })();
    const refused = cli(['import', junk, '--db', other]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/cannot import junk\.spherelab: it is not a SphereLab archive/);
    const after = openStore(other);
    expect(contentHash(after.db)).toBe(before);
    after.close();

    // rm asks; without a terminal it needs --yes
    const noTty = cli(['rm', runIds[0], '--db', db]);
    expect(noTty.code).toBe(2);
    expect(noTty.stderr).toMatch(/add --yes/);
    expect(cli(['rm', runIds[0], '--db', db, '--yes']).code).toBe(0);
    expect(JSON.parse(cli(['list', '--db', db, '--json']).stdout)).toHaveLength(1);
    expect(cli(['rm', '--experiment', experimentId, '--db', db, '--yes']).code).toBe(0);
    expect(JSON.parse(cli(['list', '--db', db, '--json']).stdout)).toEqual([]);
  });

  it('run stores its run under the runId it prints, and show prints the same metrics', () => {
    const db = join(tempDir(), 'run.db');
    const run = cli(['run', '--energy', 'ce', '--n', '4', '--d', '3', '--json', '--db', db]);
    expect(run.code, run.stderr).toBe(0);
    const printed = JSON.parse(run.stdout);
    const shown = JSON.parse(cli(['show', printed.runId, '--db', db, '--json']).stdout);
    expect(shown).toMatchObject({
      id: printed.runId,
      status: 'completed',
      experimentId: null,
      finalEnergy: printed.energy,
    });
    expect(shown.metrics).toEqual(printed.metrics);
    expect(shown.iterations).toBe(printed.iterations);
  });

  it('sweep refuses a bad spec with exit 2 and a message naming the field', () => {
    const dir = tempDir();
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ energy: 'ce', n: 1, d: 3 }));
    const one = cli(['sweep', bad, '--db', join(dir, 'x.db')]);
    expect(one.code).toBe(2);
    expect(one.stderr).toMatch(/bad\.json: grid point n=1 d=3 .*n: /);
    writeFileSync(
      bad,
      JSON.stringify({ energy: 'ce', n: { from: 2, to: 200, step: 1 }, d: { from: 2, to: 200, step: 1 } }),
    );
    expect(cli(['sweep', bad, '--db', join(dir, 'x.db')]).stderr).toMatch(
      /expands into 39601 runs .* at most 10000/,
    );
    const unknown = cli(['list', '--db', join(dir, 'x.db'), '--sort', 'password']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/--sort password: must be one of createdAt/);
  });
});

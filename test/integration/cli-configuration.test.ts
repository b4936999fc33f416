import { join } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli-process';

/** `run --json`, `show --json` and `list --configuration` as real child processes with a real solver. */
const dir = mkdtempSync(join(tmpdir(), 'spherelab-configuration-'));
const db = join(dir, 'c.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('spherelab run / show / list and the configuration found', () => {
  it('names the octahedron at n = 6, d = 3, s = 0.5, stores it, and filters by it', async () => {
    const out = await runCli(['run', '--n', '6', '--d', '3', '--s', '0.5', '--json', '--db', db]);
    expect(out.code, out.stderr).toBe(0);
    const result = JSON.parse(out.stdout);
    // 6 log(1 + e^(-1) + 4 e^(-1/2)), docs/configurations.md
    const closed = 6 * Math.log1p(Math.exp(-1) + 4 * Math.exp(-0.5));
    expect(result.configuration).toMatchObject({ name: 'cross-polytope' });
    expect(result.configuration.closedFormEnergy).toBeCloseTo(closed, 13);
    expect(Math.abs(result.configuration.gap)).toBeLessThan(1e-9 * closed);
    expect(result.configuration.invariants).toMatchObject({ rank: 3, antipodal: true, tight: true });

    const shown = await runCli(['show', result.runId, '--json', '--db', db]);
    expect(shown.code, shown.stderr).toBe(0);
    expect(JSON.parse(shown.stdout).configuration).toEqual(result.configuration);
    const text = await runCli(['show', result.runId, '--db', db]);
    expect(text.stdout).toMatch(/configuration +cross-polytope {2}closed form 8\.0005285185\d* {2}gap /);

    const other = await runCli(['run', '--n', '5', '--d', '2', '--s', '1', '--json', '--db', db]);
    expect(JSON.parse(other.stdout).configuration.name).toBe('polygon');
    const listed = async (...names: string[]) => {
      const list = await runCli(['list', '--configuration', ...names, '--json', '--db', db]);
      expect(list.code, list.stderr).toBe(0);
      return (JSON.parse(list.stdout) as { configuration: { name: string } }[]).map(
        (r) => r.configuration.name,
      );
    };
    expect(await listed('cross-polytope')).toEqual(['cross-polytope']);
    expect((await listed('polygon', 'cross-polytope')).sort()).toEqual(['cross-polytope', 'polygon']);
    const bad = await runCli(['list', '--configuration', 'dodecahedron', '--db', db]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--configuration.*simplex-etf/s);
  });

  it('the readable summary names the configuration with its closed form and gap', async () => {
    const out = await runCli(['run', '--n', '4', '--d', '3', '--db', db]);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toMatch(/configuration +simplex-etf +closed form 2\.330630612247 gap /);
    expect(out.stdout).toMatch(/invariants +rank 3, 1 distinct inner products/);
  });
});

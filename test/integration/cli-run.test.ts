import { describe, expect, it } from 'vitest';
import { runCli, startCli } from '../helpers/cli-process';
import { childPids } from '../helpers/processes';

/**
 * `spherelab run` as a real child process (`node bin/spherelab.mjs run ...`, started outside the
 * repository) with a real forked solver behind it.
 */

const METRIC_KEYS = [
  'etfDistance',
  'etfBoundGap',
  'uniformEnergy',
  'uniformGap',
  'framePotential',
  'framePotentialRatio',
  'coherence',
  'maxInnerProduct',
  'minAngle',
  'balance',
  'gegenbauer',
  'designStrength',
  'capDiscrepancy',
  'minDistance',
];
const LONG_RUN = ['run', '--energy', 'ce', '--n', '3000', '--d', '3', '--max-iter', '100000', '--progress'];

describe('spherelab run', () => {
  it('--json --points for n = 4, d = 3 gives the ETF energy 2.3306306122 and the configuration', async () => {
    const out = await runCli(['run', '--energy', 'ce', '--n', '4', '--d', '3', '--json', '--points']);
    expect(out.code, out.stderr).toBe(0);
    const lines = out.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const result = JSON.parse(lines[0]);
    expect(result.energy.toFixed(10)).toBe('2.3306306122');
    expect(result.energyPerPoint).toBeCloseTo(result.energy / 4, 14);
    expect(result.seed).toBe(1);
    expect(result.restarts).toMatchObject({ total: 1, reachedBest: 1 });
    expect(result.stopReason).toBe('converged');
    for (const key of ['gradNorm', 'iterations', 'wallMs']) expect(typeof result[key]).toBe('number');
    for (const key of METRIC_KEYS) expect(result.metrics, key).toHaveProperty(key);
    expect(result.metrics.gegenbauer).toHaveLength(8);
    expect(result.metrics.etfDistance).toBeLessThan(1e-6);
    expect(result.points).toHaveLength(4);
    for (const row of result.points as number[][]) {
      expect(row).toHaveLength(3);
      expect(Math.hypot(...row)).toBeCloseTo(1, 14);
    }
  });

  it('prints a readable summary with the ETF bound and the uniform energy beside the energy', async () => {
    const out = await runCli(['run', '--energy', 'ce', '--n', '4', '--d', '3', '--restarts', '2']);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toMatch(/^cross-entropy energy E_s, n = 4, d = 3, s = 1\n/);
    expect(out.stdout).toMatch(/energy +2\.33063061224\d/);
    expect(out.stdout).toMatch(/ETF bound \(\*\) +2\.330630612247/);
    expect(out.stdout).toMatch(/uniform U_d +0\.54773372269\d+ per point/);
    expect(out.stdout).toMatch(/restarts +2 of 2 reached the best \(seed 1\)/);
  });

  it('Ctrl-C (SIGINT) cancels: the best so far is printed with stopReason cancelled, exit 130', async () => {
    const cli = startCli([...LONG_RUN, '--json']);
    await cli.waitFor('stderr', /iteration [1-9]/);
    cli.child.kill('SIGINT');
    const out = await cli.exited;
    expect(out.code, out.stderr).toBe(130);
    expect(out.stderr).toMatch(/cancelling/);
    const result = JSON.parse(out.stdout);
    expect(result.stopReason).toBe('cancelled');
    expect(result.iterations).toBeGreaterThan(0);
    expect(result.iterations).toBeLessThan(100_000);
    expect(Number.isFinite(result.energy)).toBe(true);
  });

  it('a solver that dies ends the command with exit 1 and the reason', async () => {
    const cli = startCli(LONG_RUN);
    await cli.waitFor('stderr', /iteration/);
    const solvers = childPids(cli.child.pid!);
    expect(solvers).toHaveLength(1);
    process.kill(solvers[0], 'SIGKILL');
    const out = await cli.exited;
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(
      /^spherelab run: solver process was killed by SIGKILL before it reported a result$/m,
    );
    expect(out.stdout).toBe('');
  });

  const base = ['run', '--energy', 'ce', '--n', '4', '--d', '3'];
  it.concurrent.each([
    ['n < 2', ['run', '--energy', 'ce', '--n', '1', '--d', '3'], '--n 1: must be an integer from 2 to'],
    ['d < 2', ['run', '--energy', 'ce', '--n', '4', '--d', '1'], '--d 1: must be an integer from 2 to'],
    ['s = 0', [...base, '--s', '0'], '--s 0: must be a positive finite number'],
    ['s < 0', [...base, '--s', '-2'], '--s -2: must be a positive finite number'],
    ['s infinite', [...base, '--s', 'Infinity'], '--s Infinity: must be a positive finite number'],
    ['s not a number', [...base, '--s', 'abc'], '--s abc: must be a positive finite number'],
    [
      'an unknown energy',
      ['run', '--energy', 'coulomb', '--n', '4', '--d', '3'],
      '--energy coulomb: must be one of ce, two-set',
    ],
    ['an unknown flag', [...base, '--colour'], "unknown option '--colour'; allowed: --energy, --n"],
    [
      'a problem too large for memory',
      ['run', '--energy', 'ce', '--n', '10000000', '--d', '100'],
      '--n 10000000 --d 100: n x d = 10000000 x 100 needs about',
    ],
  ])('bad input (%s) gives one line naming the flag and exit code 2', async (_, args, message) => {
    const out = await runCli(args);
    expect(out.code).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(out.stderr).toContain(`spherelab run: ${message}`);
  });

  it('--help documents the command, its flags and what Ctrl-C does', async () => {
    const [top, run] = await Promise.all([runCli(['--help']), runCli(['run', '--help'])]);
    expect(top.code).toBe(0);
    expect(top.stdout).toMatch(/^ {2}run +run one solve/m);
    expect(run.code).toBe(0);
    for (const flag of [
      '--energy',
      '--n',
      '--d',
      '--s',
      '--alpha',
      '--seed',
      '--restarts',
      '--optimizer',
      '--tol',
      '--max-iter',
      '--time-limit',
      '--points',
      '--json',
    ]) {
      expect(run.stdout).toContain(`  ${flag} `);
    }
    expect(run.stdout).toMatch(/Ctrl-C[\s\S]*cancelled[\s\S]*130/);
  });
});

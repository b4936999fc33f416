import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { closedFormEnergy, simplexSumClasses } from '../../core/configuration';
import { runCli } from '../helpers/cli-process';

/** `spherelab path` as a real child process. */
describe('spherelab path', () => {
  it('--json at n = 6, d = 4 from s = 0.5 to 4: 3+3 -> 4+2 where the closed forms cross', async () => {
    const out = await runCli([
      'path',
      '--n',
      '6',
      '--d',
      '4',
      '--s-from',
      '0.5',
      '--s-to',
      '4',
      '--steps',
      '7',
      '--json',
    ]);
    expect(out.code, out.stderr).toBe(0);
    const result = JSON.parse(out.stdout);
    const ce = (parts: number[], s: number) =>
      closedFormEnergy('ce', simplexSumClasses(parts), { s, alpha: 1 });
    // the root of ce(3+3) - ce(4+2), by bisection on the closed forms
    let [a, b] = [0.5, 4];
    while (b - a > 1e-13) {
      const m = (a + b) / 2;
      if (ce([3, 3], m) - ce([4, 2], m) < 0) a = m;
      else b = m;
    }
    expect(result.transitions).toHaveLength(1);
    expect(result.transitions[0]).toMatchObject({
      from: { name: 'simplex-sum', parts: [3, 3] },
      to: { name: 'simplex-sum', parts: [4, 2] },
    });
    expect(Math.abs(result.transitions[0].s - a)).toBeLessThanOrEqual(1e-6);
    for (const step of result.steps) {
      expect(Object.keys(step).sort()).toEqual([
        'configuration',
        'dEds',
        'direction',
        'energy',
        'lambdaMin',
        's',
      ]);
      expect(step.configuration.name).toBe('simplex-sum');
      // the certificate of every step: both simplex sums are strict minima over the whole range
      expect(typeof step.lambdaMin, `lambdaMin at s = ${step.s}`).toBe('number');
      expect(step.lambdaMin, `s = ${step.s}`).toBeGreaterThan(0);
    }
    expect(result.steps.filter((p: { direction: string }) => p.direction === 'up')).toHaveLength(8);
  });

  it('bad input names the flag, exit code 2', async () => {
    const base = ['path', '--n', '6', '--d', '4'];
    for (const [args, message] of [
      [['--s-from', '1'], /--s-to is required/],
      [['--s-from', '2', '--s-to', '1'], /--s-to must exceed --s-from/],
      [['--s-from', '1', '--s-to', '2', '--steps', '0'], /--steps/],
      [['--s-from', '1', '--s-to', '5000'], /--s-to 5000: s must be at most 708\.39/],
      [
        ['--s-from', '1', '--s-to', '2', '--energy', 'frame'],
        /--energy frame: must be one of ce, two-set, pair/,
      ],
    ] as const) {
      const out = await runCli([...base, ...args]);
      expect(out.code, args.join(' ')).toBe(2);
      expect(out.stderr).toMatch(message);
    }
  });

  it('stores the path under the id it prints, which the figure command then draws', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spherelab-path-'));
    try {
      const db = join(dir, 'lab.db');
      const args = ['path', '--n', '6', '--d', '4', '--s-from', '1.5', '--s-to', '2.5', '--steps', '2', '--db', db];
      const text = await runCli(args);
      expect(text.code, text.stderr).toBe(0);
      const id = /stored as path (\S+)\n$/.exec(text.stdout)?.[1];
      expect(id).toBeDefined();
      const json = await runCli([...args, '--json']);
      const result = JSON.parse(json.stdout);
      expect(result.id).not.toBe(id);
      const svg = join(dir, 'path.svg');
      const drawn = await runCli(['figure', 'path', '--path', result.id, '--db', db, '--out', svg]);
      expect(drawn.code, drawn.stderr).toBe(0);
      const figure = readFileSync(svg, 'utf8');
      for (const label of ['simplex-sum 3+3', 'simplex-sum 4+2', 's = 1.970064']) expect(figure).toContain(label);
      const listed = await runCli(['figure', 'path', '--path', id!, '--db', db, '--out', join(dir, 'first.csv')]);
      expect(listed.code, listed.stderr).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

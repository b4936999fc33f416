import { describe, expect, it } from 'vitest';
import { closedFormEnergy, simplexSumClasses } from '../../core/configuration';
import { makeEnergy } from '../../core/energies';
import { continuationPath, PathCancelled, sGrid } from '../../core/path/path';
import { energySlope, kinkIntervals } from '../../core/path/slope';
import { uniformRandomPoints } from '../../core/points';
import { mulberry32 } from '../../core/random';
import { solve } from '../../core/solve';

/** The root in [a, b] of a continuous f with a sign change, by bisection to 1e-13. */
function root(f: (s: number) => number, a: number, b: number): number {
  expect(Math.sign(f(a))).not.toBe(Math.sign(f(b)));
  while (b - a > 1e-13) {
    const m = (a + b) / 2;
    if (Math.sign(f(m)) === Math.sign(f(a))) a = m;
    else b = m;
  }
  return (a + b) / 2;
}

describe('continuation in s (core/path)', () => {
  it('n = 8, d = 5: simplices 3+3+2 give way to 4+2+2 where their closed forms cross', async () => {
    const ce = (parts: number[]) => (s: number) =>
      closedFormEnergy('ce', simplexSumClasses(parts), { s, alpha: 1 });
    const crossing = root((s) => ce([3, 3, 2])(s) - ce([4, 2, 2])(s), 1, 2);
    const path = await continuationPath(
      { base: { energy: 'ce', n: 8, d: 5, seed: 1, restarts: 4 }, sFrom: 1.5, sTo: 2.5, steps: 4 },
      solve,
    );
    expect(path.transitions).toHaveLength(1);
    const [t] = path.transitions;
    expect(t!.from).toEqual({ name: 'simplex-sum', parts: [3, 3, 2] });
    expect(t!.to).toEqual({ name: 'simplex-sum', parts: [4, 2, 2] });
    expect(t!.bracket[1] - t!.bracket[0]).toBeLessThanOrEqual(1e-6);
    expect(Math.abs(t!.s - crossing)).toBeLessThanOrEqual(1e-6);
    // every step sits on a closed form, up and down
    expect(path.steps).toHaveLength(5 + 5 + 3);
    for (const step of path.steps) {
      expect(step.configuration.name).toBe('simplex-sum');
      expect(Math.abs(step.configuration.gap!)).toBeLessThanOrEqual(1e-9 * step.energy);
    }
    // hysteresis: each sweep keeps its branch across the whole range, so neither jumps
    const parts = (direction: string) =>
      path.steps.filter((p) => p.direction === direction).map((p) => p.configuration.parts);
    expect(parts('up')).toEqual(Array(5).fill([3, 3, 2]));
    expect(parts('down')).toEqual(Array(5).fill([4, 2, 2]));
    expect(path.jumps).toEqual([]);
  });

  it('n = 6, d = 4, s from 0.5 to 4: simplices 3+3 give way to 4+2 where their closed forms cross', async () => {
    const ce = (parts: number[]) => (s: number) =>
      closedFormEnergy('ce', simplexSumClasses(parts), { s, alpha: 1 });
    const crossing = root((s) => ce([3, 3])(s) - ce([4, 2])(s), 0.5, 4);
    const path = await continuationPath(
      { base: { energy: 'ce', n: 6, d: 4, seed: 1, restarts: 8 }, sFrom: 0.5, sTo: 4, steps: 7 },
      solve,
    );
    expect(path.transitions.map((t) => [t.from.parts, t.to.parts])).toEqual([
      [
        [3, 3],
        [4, 2],
      ],
    ]);
    expect(Math.abs(path.transitions[0]!.s - crossing)).toBeLessThanOrEqual(1e-6);
    // every step carries its certificate's lambda_min: strict minima away from the transition
    const h = (4 - 0.5) / 7;
    for (const step of path.steps) {
      expect(Number.isFinite(step.lambdaMin), `lambdaMin at s = ${step.s}`).toBe(true);
      if (Math.abs(step.s - crossing) > h) expect(step.lambdaMin, `s = ${step.s}`).toBeGreaterThan(0);
    }
  });

  it('locates where lambda_min changes sign on one configuration, by bisection', async () => {
    // one real minimizer (its name and dE/ds are smooth in s) whose certificate is made to say
    // lambda_min = s - root: only the sign change can make a transition here
    const root = Math.SQRT2;
    const real = await solve({ energy: 'ce', n: 4, d: 3, s: 1, seed: 1 });
    const certified: typeof solve = async (spec) => ({
      ...real,
      summary: {
        ...real.summary,
        certificate: { ...real.summary.certificate!, lambdaMin: spec.s! - root },
      },
    });
    const path = await continuationPath(
      { base: { energy: 'ce', n: 4, d: 3 }, sFrom: 1, sTo: 2, steps: 4, freshEvery: 0 },
      certified,
    );
    expect(path.transitions).toHaveLength(1);
    const [t] = path.transitions;
    expect(t!.kind).toBe('lambda-min');
    expect(t!.from).toEqual(t!.to);
    expect(t!.bracket[1] - t!.bracket[0]).toBeLessThanOrEqual(1e-6);
    expect(t!.bracket[0]).toBeLessThanOrEqual(root);
    expect(t!.bracket[1]).toBeGreaterThan(root);
    expect(path.steps.filter((p) => p.direction === 'up').map((p) => p.lambdaMin)).toEqual(
      [1, 1.25, 1.5, 1.75, 2].map((s) => s - root),
    );
  });

  it.each([
    ['ce', 7, 1.3],
    ['ce', 7, 40],
    ['two-set', 6, 2.5],
    ['pair', 5, 0.7],
  ] as const)(
    'dE/ds at fixed points (%s, n = %s, s = %s) is the central difference of E in s',
    (kind, n, s) => {
      const d = 3;
      const rows = kind === 'two-set' ? 2 * n : n;
      const x = uniformRandomPoints(rows, d, mulberry32(n));
      const energy = (t: number) => makeEnergy(kind, { s: t, alpha: 1 }).evaluate(x, rows, d, null);
      const h = 1e-4 * s;
      const difference = (energy(s + h) - energy(s - h)) / (2 * h);
      expect(Math.abs(energySlope(kind, x, n, d, s) - difference)).toBeLessThanOrEqual(
        1e-6 * Math.abs(difference) + 1e-300,
      );
    },
  );

  it('flags the interval where dE/ds jumps, and no smooth one', () => {
    // E = min(f, g) with f = e^-s, g = 0.6 e^-s/2 crossing at s = 2 ln(1/0.6) = 1.0217
    const s = sGrid(0.2, 3, 56);
    const slope = s.map((t) =>
      Math.exp(-t) < 0.6 * Math.exp(-t / 2) ? -Math.exp(-t) : -0.3 * Math.exp(-t / 2),
    );
    const crossing = 2 * Math.log(1 / 0.6);
    expect(kinkIntervals(s, slope)).toEqual([s.findIndex((t, k) => t <= crossing && s[k + 1]! > crossing)]);
    expect(
      kinkIntervals(
        s,
        s.map((t) => -Math.exp(-t)),
      ),
    ).toEqual([]);
  });

  it('stops between solves when cancelled, without solving the rest', async () => {
    const cancel = new AbortController();
    let solves = 0;
    const counting: typeof solve = async (spec, hooks) => {
      solves++;
      if (solves === 3) cancel.abort();
      return solve(spec, hooks);
    };
    const base = { energy: 'ce' as const, n: 4, d: 3 };
    await expect(
      continuationPath({ base, sFrom: 1, sTo: 2, steps: 10 }, counting, { signal: cancel.signal }),
    ).rejects.toBeInstanceOf(PathCancelled);
    expect(solves).toBe(3);
  });

  it('refuses a path that does not go up in s', async () => {
    const base = { energy: 'ce' as const, n: 4, d: 3 };
    await expect(continuationPath({ base, sFrom: 2, sTo: 1, steps: 3 }, solve)).rejects.toThrow(
      /s-from < s-to/,
    );
    await expect(continuationPath({ base, sFrom: 1, sTo: 2, steps: 0 }, solve)).rejects.toThrow(/steps/);
    expect(sGrid(1, 2, 4)).toEqual([1, 1.25, 1.5, 1.75, 2]);
    await expect(
      continuationPath({ base: { energy: 'frame', n: 4, d: 3 }, sFrom: 1, sTo: 2, steps: 2 }, solve),
    ).rejects.toThrow(/s does not enter the frame energy/);
  });
});

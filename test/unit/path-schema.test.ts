import { describe, expect, it } from 'vitest';
import { continuationPath, type PathPhase } from '../../core/path/path';
import {
  enginePathSpec,
  PathExperimentSpec,
  PathResult,
  plannedSolves,
} from '../../core/path/schema';
import { solve } from '../../core/solve';

/** The path's spec and result schemas, and the solve count the design form promises. */
describe('paths in s: spec, result and planned solves', () => {
  it('the engine makes exactly the solves plannedSolves says, phase by phase, and its result parses', async () => {
    const spec = PathExperimentSpec.parse({
      energy: 'ce',
      n: 6,
      d: 4,
      sFrom: 0.5,
      sTo: 4,
      steps: 7,
      freshEvery: 2,
      restarts: 4,
    });
    const phases: PathPhase[] = [];
    const result = await continuationPath(enginePathSpec(spec), solve, {
      onSolve: ({ phase, solves }) => {
        phases.push(phase);
        expect(solves).toBe(phases.length);
      },
    });
    const planned = plannedSolves(spec);
    // 8 grid points each way; fresh starts at the inner points 2, 4 and 6; 2 x 19 halvings of 0.5 to 1e-6
    expect(planned).toEqual({ sweeps: 16, fresh: 3, grid: 19, perTransition: 38 });
    expect(result.transitions).toHaveLength(1);
    expect(phases).toEqual([
      ...Array<PathPhase>(8).fill('up'),
      ...Array<PathPhase>(8).fill('down'),
      ...Array<PathPhase>(3).fill('fresh'),
      ...Array<PathPhase>(38).fill('bisection'),
    ]);
    // what the store keeps (JSON) reads back through the schema as it was
    expect(PathResult.parse(JSON.parse(JSON.stringify(result)))).toEqual(result);
  });

  it.each([
    [{ sTo: 0.5 }, 'sTo', /s to must exceed s from \(got 0.5 and 0.5\)/],
    [{ energy: 'frame' }, 'energy', /one of ce, two-set, pair/],
    [{ n: 1 }, 'n', /2/],
    [{ sFrom: -1 }, 'sFrom', /positive finite/],
    [{ steps: 2.5 }, 'steps', /whole number/],
    [{ freshEvery: -1 }, 'freshEvery', /0/],
    [{ threads: 2 }, '', /threads/],
  ])('refuses %o, saying what is allowed', (change, field, message) => {
    const parsed = PathExperimentSpec.safeParse({ energy: 'ce', n: 6, d: 4, sFrom: 0.5, sTo: 4, ...change });
    expect(parsed.success).toBe(false);
    const issue = parsed.error!.issues.find((i) => String(i.path[0] ?? '') === field);
    expect(issue, JSON.stringify(parsed.error!.issues)).toBeDefined();
    expect(issue!.message).toMatch(message);
  });

  it('an s at which the energy leaves the doubles is refused at the end that has it', () => {
    const parsed = PathExperimentSpec.safeParse({ energy: 'pair', n: 6, d: 4, sFrom: 1, sTo: 1e6 });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((i) => i.path.join('.'))).toEqual(['sTo']);
  });
});

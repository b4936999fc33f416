import { describe, expect, it } from 'vitest';
import {
  closedFormEnergy,
  describeConfiguration,
  icosahedronClasses,
  namingTolerance,
  polygonClasses,
  positionAccuracy,
  recognise,
  simplexSumClasses,
  type RowClass,
} from '../../core/configuration';
import { makeEnergy, type EnergyKind } from '../../core/energies';
import { computeMetrics } from '../../core/metrics';
import type { PointSet } from '../../core/points';
import { normalizeRows } from '../../core/points';
import { solve } from '../../core/solve';
import {
  crossPolytope,
  cube,
  icosahedron,
  orthonormalSet,
  permuted,
  randomPermutation,
  randomPoints,
  randomRotation,
  randomTangent,
  regularPolygon,
  rotated,
  simplexEtf,
} from './fixtures/configurations';

/** `points` placed in the first coordinates of R^d, then turned by a random rotation and shuffled. */
function embedded(points: PointSet, d: number, seed: number): PointSet {
  const data = new Float64Array(points.n * d);
  for (let i = 0; i < points.n; i++)
    for (let k = 0; k < points.d; k++) data[i * d + k] = points.data[i * points.d + k]!;
  const moved = permuted(rotated(data, d, randomRotation(d, seed)), d, randomPermutation(points.n, seed + 1));
  return { n: points.n, d, data: moved };
}

/** Regular simplices of the given sizes in mutually orthogonal coordinate blocks. */
function simplexSum(parts: number[], d: number): PointSet {
  const n = parts.reduce((a, b) => a + b, 0);
  const data = new Float64Array(n * d);
  let row = 0;
  let offset = 0;
  for (const m of parts) {
    const block = m === 1 ? { n: 1, d: 1, data: new Float64Array([1]) } : simplexEtf(m, m - 1);
    for (let i = 0; i < m; i++, row++)
      for (let k = 0; k < block.d; k++) data[row * d + offset + k] = block.data[i * block.d + k]!;
    offset += block.d;
  }
  return { n, d, data };
}

/** Every point moved by about `size` along a random tangent, back on the sphere. */
function nudged(points: PointSet, size: number, seed: number): PointSet {
  const v = randomTangent(points.data, points.d, seed);
  const data = points.data.map((x, i) => x + size * v[i]!);
  return { ...points, data: normalizeRows(data, points.n, points.d) };
}

const frameFacts = (p: PointSet) => computeMetrics(p, { energy: 'ce', s: 1 });
const name = (p: PointSet, accuracy = 0) => recognise(p.data, p.n, p.d, accuracy, frameFacts(p));

describe('recognise names constructed configurations, turned and shuffled', () => {
  it.each([
    ['simplex-etf', simplexEtf(4, 3), 3],
    ['simplex-etf', simplexEtf(6, 5), 8],
    ['simplex-etf', simplexEtf(3, 2), 5],
    ['orthonormal', orthonormalSet(3, 3), 5],
    ['cross-polytope', crossPolytope(3), 3],
    ['cross-polytope', crossPolytope(4), 5],
    ['icosahedron', icosahedron(), 3],
    ['polygon', regularPolygon(7), 2],
    ['polygon', regularPolygon(5), 4],
    ['polygon', regularPolygon(200), 2],
    ['tight-frame', cube(), 3],
  ] as const)('%s (%#) in R^%s', (expected, points, d) => {
    const found = name(embedded(points, d, 11));
    expect(found.name).toBe(expected);
  });

  it('an orthogonal sum of simplices gives its parts, largest first', () => {
    const found = name(embedded(simplexSum([2, 4, 3], 6), 7, 5));
    expect(found).toMatchObject({ name: 'simplex-sum', parts: [4, 3, 2] });
    expect(found.invariants.rank).toBe(6);
    expect(name(embedded(simplexSum([2, 2, 2, 2], 4), 5, 2)).name).toBe('cross-polytope');
  });

  it('measures the invariants of what it cannot name', () => {
    const found = name(randomPoints(9, 4, 3));
    expect(found.name).toBe('unrecognised');
    expect(found.invariants).toMatchObject({
      distinctInnerProducts: 36,
      rank: 4,
      antipodal: false,
      tight: false,
    });
    const cubeFound = name(cube());
    // the cube: inner products 1/3, -1/3, -1; antipodal and tight
    expect(cubeFound.invariants).toMatchObject({
      distinctInnerProducts: 3,
      rank: 3,
      antipodal: true,
      tight: true,
    });
    expect(cubeFound.invariants.framePotentialRatio).toBeCloseTo(1, 14);
    // antipodal pairs that are not tight
    const pairs = {
      n: 4,
      d: 3,
      data: normalizeRows(new Float64Array([1, 0, 0, -1, 0, 0, 0.6, 0.8, 0, -0.6, -0.8, 0]), 4, 3),
    };
    expect(name(pairs).name).toBe('antipodal');
  });
});

describe('near-misses are not named', () => {
  const cases: [string, PointSet][] = [
    ['simplex-etf', embedded(simplexEtf(5, 4), 6, 1)],
    ['cross-polytope', crossPolytope(3)],
    ['simplex-sum', simplexSum([3, 2], 3)],
    ['icosahedron', icosahedron()],
    ['polygon', regularPolygon(9)],
  ];
  it.each(cases)('%s moved by 100 tolerances is not named; by a tenth of one it is', (expected, points) => {
    const accuracy = 1e-9;
    const tol = namingTolerance(points.d, accuracy);
    expect(name(points, accuracy).name).toBe(expected);
    expect(name(nudged(points, tol / 10 / points.n, 4), accuracy).name).toBe(expected);
    const missed = name(nudged(points, 100 * tol, 4), accuracy);
    expect(missed.name).not.toBe(expected);
    expect(missed.name).toMatch(/unrecognised|antipodal|tight-frame/);
  });

  it('the tolerance is rounding-sized for exact points and grows with the stated accuracy', () => {
    expect(namingTolerance(3, 0)).toBeLessThan(1e-12);
    expect(namingTolerance(3, 1e-6)).toBeCloseTo(1e-5, 20);
    const etf = simplexEtf(4, 3);
    expect(name(nudged(etf, 1e-8, 2), 0).name).toBe('unrecognised');
    expect(name(nudged(etf, 1e-8, 2), 1e-7).name).toBe('simplex-etf');
  });

  it('takes the position error as |grad E| / lambdaMin where the certificate proves a strict minimum', async () => {
    const strict = { lambdaMin: 0.25, verdict: 'strict-minimum' as const };
    expect(positionAccuracy(1e-9, 3, 2, strict)).toBe(4e-9);
    // no proof of a strict minimum: the sqrt of the relative gradient, as without a certificate
    for (const certificate of [null, { ...strict, verdict: 'degenerate' as const }, { lambdaMin: -0.25, verdict: 'saddle' as const }])
      expect(positionAccuracy(1e-9, 3, 2, certificate)).toBe(Math.sqrt(1e-9));
    // a solve names with that tolerance: simplices 4+2 in R^4 at s = 3
    const { summary } = await solve({ energy: 'ce', n: 6, d: 4, s: 3, seed: 1, restarts: 8 });
    expect(summary.certificate!.verdict).toBe('strict-minimum');
    expect(summary.configuration).toMatchObject({ name: 'simplex-sum', parts: [4, 2] });
    expect(summary.configuration!.invariants!.tolerance).toBe(
      namingTolerance(4, summary.gradNorm / summary.certificate!.lambdaMin),
    );
    expect(summary.configuration!.invariants!.tolerance).toBeLessThan(namingTolerance(4, Math.sqrt(1e-9)));
  });
});

const KINDS: EnergyKind[] = ['ce', 'two-set', 'pair', 'frame', 'riesz', 'log'];

describe('closed forms agree with the reference energies (core/energies)', () => {
  const shapes: [string, PointSet, RowClass[]][] = [
    ['simplex ETF n=5', simplexEtf(5, 4), simplexSumClasses([5])],
    ['orthonormal n=3', orthonormalSet(3, 5), simplexSumClasses([1, 1, 1])],
    ['octahedron', crossPolytope(3), simplexSumClasses([2, 2, 2])],
    ['simplex sum 4+3+2', simplexSum([4, 3, 2], 6), simplexSumClasses([4, 3, 2])],
    ['heptagon', regularPolygon(7), polygonClasses(7)],
    ['icosahedron', icosahedron(), icosahedronClasses()],
  ];
  for (const [label, points, classes] of shapes)
    for (const kind of KINDS)
      for (const s of [0.5, 3, 40])
        it(`${label}, ${kind}, s = ${s}`, () => {
          const energy = makeEnergy(kind, { s, alpha: 1.5 });
          const rows = energy.rows(points.n);
          const x = rows === points.n ? points.data : new Float64Array([...points.data, ...points.data]);
          const reference = energy.evaluate(x, rows, points.d, null);
          const closed = closedFormEnergy(kind, classes, { s, alpha: 1.5 });
          expect(Math.abs(closed - reference)).toBeLessThanOrEqual(1e-12 * Math.abs(reference) + 1e-300);
        });

  it('the ETF closed form is the bound (*) of math.md 2.1 (table values)', () => {
    expect(closedFormEnergy('ce', simplexSumClasses([4]), { s: 1, alpha: 1 })).toBeCloseTo(
      2.330630612247,
      12,
    );
    expect(closedFormEnergy('ce', simplexSumClasses([10]), { s: 5, alpha: 1 })).toBeCloseTo(
      3.42016785132e-1,
      12,
    );
    // frame potential of the ETF: n^2/(n-1)
    expect(closedFormEnergy('frame', simplexSumClasses([10]), { s: 1, alpha: 1 })).toBeCloseTo(100 / 9, 12);
  });

  it('two-set: the closed form is given only at H = W', () => {
    const etf = simplexEtf(4, 3);
    const both: PointSet = { ...etf, data: new Float64Array([...etf.data, ...etf.data]) };
    const metrics = computeMetrics(both, { energy: 'two-set', s: 2 });
    const params = { energy: 'two-set' as const, s: 2, alpha: 1, reportedEnergy: 1, accuracy: 0 };
    expect(describeConfiguration(both, params, metrics).closedFormEnergy).toBeCloseTo(metrics.etfBound, 13);
    const apart: PointSet = { ...etf, data: new Float64Array([...etf.data, ...nudged(etf, 1e-3, 1).data]) };
    const split = describeConfiguration(apart, params, computeMetrics(apart, { energy: 'two-set', s: 2 }));
    expect(split.name).toBe('simplex-etf');
    expect(split.closedFormEnergy).toBeUndefined();
  });
});

describe('the solver finds the named minimizers, at their closed-form energies', () => {
  const cases = [
    { label: 'simplex ETF, n = 5, d = 4', spec: { energy: 'ce', n: 5, d: 4, s: 1 }, name: 'simplex-etf' },
    {
      label: 'simplex ETF, n = 4, d = 6, s = 8',
      spec: { energy: 'ce', n: 4, d: 6, s: 8 },
      name: 'simplex-etf',
    },
    {
      label: 'octahedron, n = 6, d = 3, s = 0.5',
      spec: { energy: 'ce', n: 6, d: 3, s: 0.5 },
      name: 'cross-polytope',
    },
    // orthoplex regime: at s = 1 simplices of 3, 3, 2 (dimensions 2 + 2 + 1 = 5), at s = 2 of 4, 2, 2
    {
      label: 'orthoplex regime n = 8, d = 5, s = 1',
      spec: { energy: 'ce', n: 8, d: 5, s: 1 },
      name: 'simplex-sum',
      parts: [3, 3, 2],
    },
    {
      label: 'orthoplex regime n = 8, d = 5, s = 2',
      spec: { energy: 'ce', n: 8, d: 5, s: 2, restarts: 4 },
      name: 'simplex-sum',
      parts: [4, 2, 2],
    },
    {
      label: 'orthoplex regime n = 8, d = 4',
      spec: { energy: 'ce', n: 8, d: 4, s: 1 },
      name: 'cross-polytope',
    },
    { label: 'heptagon, d = 2', spec: { energy: 'ce', n: 7, d: 2, s: 2 }, name: 'polygon' },
    {
      label: 'Thomson n = 12 (Riesz 1)',
      spec: { energy: 'riesz', n: 12, d: 3, alpha: 1 },
      name: 'icosahedron',
    },
    { label: 'frame potential n = 3, d = 4', spec: { energy: 'frame', n: 3, d: 4 }, name: 'orthonormal' },
  ] as const;
  it.each(cases)('$label', async (c) => {
    const { summary } = await solve({ seed: 1, restarts: 2, ...c.spec });
    const found = summary.configuration!;
    expect(found.name).toBe(c.name);
    if ('parts' in c) expect(found.parts).toEqual(c.parts);
    expect(Math.abs(found.gap!)).toBeLessThanOrEqual(1e-9 * Math.abs(found.closedFormEnergy!));
  });
});

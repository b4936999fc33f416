import type { Configuration } from '../configuration/schema';
import type { EnergyKind } from '../energies/energy';
import { configurationLabel } from '../configuration/label';
import type { SolveHooks, SolveResult } from '../solve';
import type { RunSpecInput } from '../spec/run-spec';
import type { ConfigurationKey, Direction, PathPhase, PathResult, PathStep, Transition } from './schema';
import { PATH_RESOLUTION } from './schema';
import { energySlope, kinkIntervals, SCALE_ENERGIES } from './slope';

/**
 * Continuation in s (issue 13 section 4): solve at s0 from fresh multi-starts, step s up to s1
 * warm-starting every step from the previous minimizer, then step back down from the better of that
 * branch's end and fresh multi-starts at s1, so a branch that survives past the point where another
 * becomes lower shows as hysteresis; fresh multi-starts at chosen s guard against a branch both sweeps
 * follow. The path of minimizers is the lowest of these at each s;
 * wherever its configuration's name changes between two steps, the transition is located by
 * bisection in s: at each midpoint both branches are continued (warm starts from the last points on
 * either side) and the lower energy decides the side. That is the s where the two branches' energies
 * cross (for named configurations: where their closed forms cross). Where the name stays and dE/ds
 * has no kink but the certificate's lambda_min (core/certificate, computed by every solve) changes
 * sign between two steps (positive: a strict minimum; zero or negative: degenerate or a saddle), that
 * is located by bisection too: a bifurcation the name and the energy do not show.
 */

export interface PathSpec {
  /** the run spec at every step, without s (restarts are used at the fresh starts) */
  base: Omit<RunSpecInput, 's'>;
  sFrom: number;
  sTo: number;
  /** intervals of the s grid; steps + 1 solves per sweep */
  steps: number;
  /** bisection stops when the bracket is this narrow; default 1e-6 */
  resolution?: number;
  /**
   * fresh multi-starts at every `freshEvery`-th grid point (default 1: every point; 0: only at the
   * two ends), against a metastable branch that both sweeps follow
   */
  freshEvery?: number;
}

export type { ConfigurationKey, Direction, PathPhase, PathResult, PathStep, Transition } from './schema';

/** Told before every solve of the path: its phase, its s, and how many solves began so far. */
export interface PathHooks extends SolveHooks {
  onSolve?: ((event: { phase: PathPhase; s: number; solves: number; transitions: number }) => void) | undefined;
}

/** A solve as the path needs it: core/solve's `solve`, or one with other evaluators. */
export type SolveAt = (spec: RunSpecInput, hooks: SolveHooks) => Promise<SolveResult>;

interface Point {
  s: number;
  result: SolveResult;
  slope: number;
}

const key = (c: Configuration | undefined): ConfigurationKey =>
  c ? { name: c.name, ...(c.parts ? { parts: c.parts } : {}) } : { name: 'unrecognised' };
const label = (c: Configuration | undefined) => (c ? configurationLabel(c) : 'unrecognised');
const lambdaMin = (p: Point) => p.result.summary.certificate?.lambdaMin ?? null;
/** a strict minimum's side of a lambda_min zero crossing; null where no certificate was computed */
const positive = (p: Point) => {
  const value = lambdaMin(p);
  return value === null ? null : value > 0;
};

/** Thrown when `hooks.signal` aborts the path between two solves. */
export class PathCancelled extends Error {
  constructor() {
    super('the path was cancelled');
  }
}

export function sGrid(from: number, to: number, steps: number): number[] {
  return Array.from({ length: steps + 1 }, (_, k) => (k === steps ? to : from + ((to - from) * k) / steps));
}

export async function continuationPath(
  spec: PathSpec,
  solveAt: SolveAt,
  hooks: PathHooks = {},
): Promise<PathResult> {
  if (!(spec.sFrom > 0 && spec.sTo > spec.sFrom)) throw new RangeError('the path needs 0 < s-from < s-to');
  if (!Number.isInteger(spec.steps) || spec.steps < 1)
    throw new RangeError('steps must be a positive integer');
  const kind = spec.base.energy ?? 'ce';
  if (!(SCALE_ENERGIES as readonly EnergyKind[]).includes(kind))
    throw new RangeError(
      `s does not enter the ${kind} energy; a path in s needs one of ${SCALE_ENERGIES.join(', ')}`,
    );
  const resolution = spec.resolution ?? PATH_RESOLUTION;
  const grid = sGrid(spec.sFrom, spec.sTo, spec.steps);
  const { onSolve, ...solveHooks } = hooks;
  let solves = 0;
  const transitions: Transition[] = [];
  const at = (phase: PathPhase, s: number, start?: Float64Array) => {
    // between solves: a cancelled path stops instead of solving the rest with cancelled solves
    if (hooks.signal?.aborted) throw new PathCancelled();
    onSolve?.({ phase, s, solves: ++solves, transitions: transitions.length });
    return solveAt(
      { ...spec.base, s, ...(start ? { restarts: 1 } : {}) },
      { ...solveHooks, startPoints: start },
    ).then((result) => ({
      s,
      result,
      slope: energySlope(kind, result.points.data, result.points.n, result.points.d, s),
    }));
  };
  const lower = (a: Point, b: Point) => (b.result.summary.energy < a.result.summary.energy ? b : a);

  const up: Point[] = [];
  for (const s of grid) up.push(await at('up', s, up.at(-1)?.result.points.data));
  const down: Point[] = [lower(up.at(-1)!, await at('down', spec.sTo))];
  for (const s of grid.slice(0, -1).reverse()) down.push(await at('down', s, down.at(-1)!.result.points.data));
  down.reverse();

  const freshEvery = spec.freshEvery ?? 1;
  const fresh: (Point | null)[] = [];
  for (const [k, s] of grid.entries()) {
    const wanted = freshEvery > 0 && k % freshEvery === 0 && k > 0 && k < spec.steps;
    fresh.push(wanted ? await at('fresh', s) : null);
  }
  const best = grid.map((_, k) => [up[k]!, down[k]!, fresh[k]].reduce((a, b) => (b ? lower(a!, b) : a))!);
  const bisectAt = (s: number, start: Float64Array) => at('bisection', s, start);
  const kinks = new Set(
    kinkIntervals(
      grid,
      best.map((p) => p.slope),
    ),
  );
  for (let k = 0; k + 1 < best.length; k++) {
    const a = best[k]!;
    const b = best[k + 1]!;
    if (label(a.result.summary.configuration) !== label(b.result.summary.configuration))
      transitions.push(await bisect('configuration', a, b, bisectAt, lower, resolution));
    else if (kinks.has(k)) transitions.push(await bisect('kink', a, b, bisectAt, lower, resolution));
    else if (positive(a) !== null && positive(b) !== null && positive(a) !== positive(b))
      transitions.push(await bisect('lambda-min', a, b, bisectAt, lower, resolution));
  }
  const step =
    (direction: Direction) =>
    (p: Point): PathStep => ({
      s: p.s,
      direction,
      energy: p.result.summary.energy,
      dEds: p.slope,
      lambdaMin: lambdaMin(p),
      configuration: p.result.summary.configuration ?? { name: 'unrecognised' },
    });
  return {
    steps: [
      ...up.map(step('up')),
      ...down.map(step('down')),
      ...fresh.filter((p): p is Point => p !== null).map(step('fresh')),
    ],
    transitions,
    jumps: [...sweepJumps(up, 'up'), ...sweepJumps(down, 'down')],
  };
}

/**
 * The s in [a.s, b.s] where the branch through a and the branch through b exchange the lower
 * energy: each midpoint continues both (warm starts from the nearest points of each side) and the
 * lower one says which side the midpoint is on: by its configuration's name, for a kink (one
 * name on both sides) by whose slope dE/ds it is nearer, for lambda-min by the sign of its lambda_min.
 */
async function bisect(
  kind: Transition['kind'],
  a: Point,
  b: Point,
  at: (s: number, start: Float64Array) => Promise<Point>,
  lower: (p: Point, q: Point) => Point,
  resolution: number,
): Promise<Transition> {
  const left = label(a.result.summary.configuration);
  let lo = a;
  let hi = b;
  while (hi.s - lo.s > resolution) {
    const s = (lo.s + hi.s) / 2;
    const fromLeft = await at(s, lo.result.points.data);
    const fromRight = await at(s, hi.result.points.data);
    const winner = lower(fromLeft, fromRight);
    const leftSide =
      kind === 'configuration'
        ? label(winner.result.summary.configuration) === left
        : kind === 'kink'
          ? Math.abs(winner.slope - lo.slope) <= Math.abs(winner.slope - hi.slope)
          : positive(winner) === positive(a);
    if (leftSide) lo = winner;
    else hi = winner;
  }
  return {
    s: (lo.s + hi.s) / 2,
    kind,
    from: key(a.result.summary.configuration),
    to: key(b.result.summary.configuration),
    bracket: [lo.s, hi.s],
  };
}

function sweepJumps(points: Point[], direction: 'up' | 'down'): PathResult['jumps'] {
  const jumps: PathResult['jumps'] = [];
  const ordered = direction === 'up' ? points : [...points].reverse();
  for (let k = 0; k + 1 < ordered.length; k++) {
    const a = ordered[k]!.result.summary.configuration;
    const b = ordered[k + 1]!.result.summary.configuration;
    if (label(a) !== label(b))
      jumps.push({ direction, between: [ordered[k]!.s, ordered[k + 1]!.s], from: key(a), to: key(b) });
  }
  return jumps;
}

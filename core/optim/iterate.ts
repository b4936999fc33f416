import { innerProduct, norm, retract } from '../sphere';
import { hagerZhang } from './line-search';
import { freshStagnation, type Stagnation } from './stopping';
import type { Target } from './target';

/**
 * The whole state of one optimizer run between two iterations: everything the next iteration reads,
 * so that a copy of it (a checkpoint) continues bit for bit. Vectors are rows x d, row-major, and
 * tangent at x.
 */
export interface MemoryPair {
  /** the step, transported to the current tangent space */
  s: Float64Array;
  /** the gradient change, transported likewise */
  y: Float64Array;
  /** 1 / <s, y> when the pair was made */
  rho: number;
}

export interface IterateState {
  iteration: number;
  evaluations: number;
  x: Float64Array;
  /** Riemannian gradient of the value (E or log E) at x */
  grad: Float64Array;
  value: number;
  energy: number;
  /** |grad| of the value */
  gradNorm: number;
  /** last accepted step length; 0 before the first step */
  step: number;
  /** slope phi'(0) = <grad, p> of the last step */
  slope: number;
  /** L-BFGS pairs, oldest first; empty for gradient descent */
  memory: MemoryPair[];
  stagnation: Stagnation;
  /** trust-region radius of the Riemannian trust-region method; absent until it has run (rtr.ts) */
  radius?: number | undefined;
  /** Hessian-vector products so far, counted apart from evaluations */
  hessVecs?: number | undefined;
}

/** A rise of E by this relative amount still counts as rounding noise in the line search. */
const NOISE_RISE = 1e-10;
/** First trial step without curvature information: the largest row moves by this angle (radians). */
const FIRST_ANGLE = 0.01;

export async function startIterate(target: Target, x0: Float64Array): Promise<IterateState> {
  const x = Float64Array.from(x0);
  const grad = new Float64Array(x.length);
  const { value, energy } = await target.evaluate(x, grad);
  const gradNorm = norm(grad);
  return {
    iteration: 0,
    evaluations: 1,
    x,
    grad,
    value,
    energy,
    gradNorm,
    step: 0,
    slope: 0,
    memory: [],
    stagnation: freshStagnation(energy, target.relativeGradNorm(gradNorm, energy)),
  };
}

/** Scratch vectors of one optimizer run. */
export interface Workspace {
  direction: Float64Array;
  x: Float64Array;
  grad: Float64Array;
}

export function workspace(size: number): Workspace {
  return { direction: new Float64Array(size), x: new Float64Array(size), grad: new Float64Array(size) };
}

/**
 * First trial step along p with slope <grad, p>: the last step scaled so that the first-order change
 * repeats (Nocedal-Wright 3.60), or a small rotation when there is no last step.
 */
export function initialStep(state: IterateState, p: Float64Array, slope: number): number {
  if (state.step > 0 && state.slope < 0) return (state.step * state.slope) / slope;
  let largest = 0;
  for (let i = 0; i < p.length; i++) largest = Math.max(largest, Math.abs(p[i]));
  return FIRST_ANGLE / largest;
}

/**
 * One line search along the retraction R_x(alpha p) = (x + alpha p) / |x + alpha p| (rows). On success
 * the new point, its gradient and value move into `state`, the old x and gradient are left in
 * work.x and work.grad, and the step length is returned; null when no acceptable step was found.
 */
export async function moveAlong(
  state: IterateState,
  target: Target,
  interrupted: () => boolean,
  p: Float64Array,
  alpha0: number,
  work: Workspace,
) {
  const d = target.d;
  let lastAlpha = Number.NaN;
  let last = { value: Number.NaN, energy: Number.NaN };
  const phi = async (alpha: number) => {
    retract(state.x, p, alpha, d, work.x);
    last = await target.evaluate(work.x, work.grad);
    lastAlpha = alpha;
    return { alpha, value: last.value, slope: retractedSlope(state.x, p, alpha, work.grad, d) };
  };
  const slope = innerProduct(state.grad, p);
  const origin = { alpha: 0, value: state.value, slope };
  const found = await hagerZhang(
    phi,
    origin,
    alpha0,
    target.tolerance(NOISE_RISE, state.energy),
    interrupted,
  );
  state.evaluations += found.evaluations;
  if (found.point === null) return null;
  const alpha = found.point.alpha;
  if (alpha !== lastAlpha) {
    await phi(alpha);
    state.evaluations++;
  }
  [state.x, work.x] = [work.x, state.x];
  [state.grad, work.grad] = [work.grad, state.grad];
  state.value = last.value;
  state.energy = last.energy;
  state.gradNorm = norm(state.grad);
  state.step = alpha;
  state.slope = slope;
  return alpha;
}

/** 1 / |x_i + alpha p_i| for the row at offset o: the normalization of the retraction. */
function inverseRowNorm(x: Float64Array, p: Float64Array, alpha: number, o: number, d: number): number {
  let nn = 0;
  for (let k = o; k < o + d; k++) nn += (x[k] + alpha * p[k]) ** 2;
  return 1 / Math.sqrt(nn);
}

/**
 * phi'(alpha) = sum_rows <g_i, p_i> / |x_i + alpha p_i|: d/dalpha of the retraction is
 * (I - y_i y_i^T) p_i / |x_i + alpha p_i|, and g (tangent at y) absorbs the projection.
 */
function retractedSlope(x: Float64Array, p: Float64Array, alpha: number, g: Float64Array, d: number): number {
  let slope = 0;
  for (let o = 0; o < x.length; o += d) {
    let gp = 0;
    for (let k = o; k < o + d; k++) gp += g[k] * p[k];
    slope += gp * inverseRowNorm(x, p, alpha, o, d);
  }
  return slope;
}

/** out_i = alpha (I - y_i y_i^T) p_i / |x_i + alpha p_i|: the step, carried to the new point y. */
export function transportedStep(
  x: Float64Array,
  p: Float64Array,
  alpha: number,
  y: Float64Array,
  d: number,
  out: Float64Array,
): Float64Array {
  for (let o = 0; o < x.length; o += d) {
    let py = 0;
    for (let k = o; k < o + d; k++) py += p[k] * y[k];
    const scale = alpha * inverseRowNorm(x, p, alpha, o, d);
    for (let k = o; k < o + d; k++) out[k] = scale * (p[k] - py * y[k]);
  }
  return out;
}

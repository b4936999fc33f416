import { RunSpec } from '../../core/spec/run-spec';
import { UsageError } from './command';
import { DB_FLAG } from './database';
import { allowedOf, type FlagTable, type FlagValues } from './flags';

/**
 * The `run` command's flags and their translation into a RunSpec. Each value is checked against its
 * RunSpec field as it is read, then the whole spec against RunSpec (its cross-field rule).
 */
const shape = RunSpec.shape;
const POSITIVE = 'a positive finite number';
const problem = 'Problem:';
const solver = 'Solver:';
const output = 'Output:';

export const RUN_FLAGS = {
  energy: {
    value: 'E',
    help: 'the energy (ce: the cross-entropy energy E_s)',
    schema: shape.energy,
    default: 'ce',
    group: problem,
  },
  n: { value: 'N', help: 'number of points (classes); required', schema: shape.n, group: problem },
  d: { value: 'D', help: 'dimension of the ambient space R^d; required', schema: shape.d, group: problem },
  s: {
    value: 'S',
    help: 'scale (inverse temperature) of the exponential kernels, S > 0',
    schema: shape.s,
    allowed: POSITIVE,
    group: problem,
  },
  alpha: {
    value: 'A',
    help: 'exponent of the Riesz energy, A > 0',
    schema: shape.alpha,
    allowed: POSITIVE,
    group: problem,
  },
  seed: { value: 'K', help: 'seed of the random starts', schema: shape.seed, group: solver },
  restarts: {
    value: 'R',
    help: 'number of random starts; the best is reported',
    schema: shape.restarts,
    group: solver,
  },
  optimizer: {
    value: 'O',
    help: 'lbfgs: Riemannian L-BFGS; rgd: Riemannian gradient descent; rtr: Riemannian trust-region Newton; auto: L-BFGS, then trust-region Newton near the minimum',
    schema: shape.optimizer,
    group: solver,
  },
  tol: {
    value: 'T',
    help: 'stop when |grad| / |E| < T',
    schema: shape.tol,
    allowed: POSITIVE,
    group: solver,
  },
  'max-iter': { value: 'M', help: 'iteration budget per start', schema: shape.maxIter, group: solver },
  'time-limit': {
    value: 'SEC',
    help: 'wall-clock budget of the whole run, seconds',
    schema: shape.timeLimitSec,
    allowed: POSITIVE,
    group: solver,
  },
  threads: {
    value: 'K',
    help: "worker threads for the energy kernels, by default the machine's cores",
    schema: shape.threads,
    group: solver,
  },
  json: {
    help: 'print one JSON object on stdout: runId, energy, energyPerPoint, gradNorm, iterations, wallMs, seed, restarts {total, reachedBest}, metrics {...}, certificate {lambdaMin, negativeDirections, zeroModes, gap, verdict}, stopReason, spec',
    group: output,
  },
  points: {
    help: "include the configuration (n rows of d numbers; two-set: H's rows, then W's)",
    group: output,
  },
  progress: {
    help: 'progress lines on stderr even when it is not a terminal (one a second); a terminal always shows a live line',
    group: output,
  },
  db: {
    ...DB_FLAG.db,
    help: `store the run in this database; spherelab show RUNID shows it later (default: $SPHERELAB_DB, else spherelab.db in the user data folder)`,
    group: output,
  },
} as const satisfies FlagTable;

export interface RunRequest {
  spec: RunSpec;
  /** print one JSON object instead of the readable summary */
  json: boolean;
  /** include the configuration */
  points: boolean;
  /** progress lines on stderr even off a terminal */
  progress: boolean;
}

/** RunSpec field -> flag, for the spec's own messages */
const SPEC_FLAGS: Partial<Record<keyof RunSpec, keyof typeof RUN_FLAGS>> = {
  energy: 'energy',
  n: 'n',
  d: 'd',
  s: 's',
  alpha: 'alpha',
  seed: 'seed',
  restarts: 'restarts',
  optimizer: 'optimizer',
  tol: 'tol',
  maxIter: 'max-iter',
  timeLimitSec: 'time-limit',
  threads: 'threads',
};

export function runRequest(flags: FlagValues<typeof RUN_FLAGS>): RunRequest {
  for (const flag of ['n', 'd'] as const)
    if (flags[flag] === undefined)
      throw new UsageError(`--${flag} is required: ${allowedOf(RUN_FLAGS[flag])}`);
  const parsed = RunSpec.safeParse({
    energy: flags.energy,
    n: flags.n,
    d: flags.d,
    s: flags.s,
    alpha: flags.alpha,
    seed: flags.seed,
    restarts: flags.restarts,
    optimizer: flags.optimizer,
    tol: flags.tol,
    maxIter: flags['max-iter'],
    timeLimitSec: flags['time-limit'],
    threads: flags.threads,
  });
  if (!parsed.success) {
    // each value passed its field's schema as it was read: what is left is the cross-field rule
    const issue = parsed.error.issues[0]!;
    const flag = SPEC_FLAGS[issue.path[0] as keyof RunSpec];
    const where = flag === 'n' ? `--n ${flags.n} --d ${flags.d}` : flag ? `--${flag}` : 'spec';
    throw new UsageError(`${where}: ${issue.message}`);
  }
  return { spec: parsed.data, json: flags.json, points: flags.points, progress: flags.progress };
}

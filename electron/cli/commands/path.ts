import { z } from 'zod';
import { configurationLabel } from '../../../core/configuration/label';
import { createFastEvaluator } from '../../solver/kernel-pool';
import { continuationPath, PathCancelled, type PathResult } from '../../../core/path/path';
import { enginePathSpec, PathExperimentSpec } from '../../../core/path/schema';
import { DB_FLAG, openCliStore } from '../database';
import { SCALE_ENERGIES } from '../../../core/path/slope';
import { formatTransitionS } from '../../../core/path/text';
import { solve } from '../../../core/solve';
import { RunSpec } from '../../../core/spec/run-spec';
import { EXIT_INTERRUPTED, EXIT_OK, UsageError } from '../command';
import { allowedOf, type FlagValues } from '../flags';
import { defineCommand } from '../parser';
import { RUN_FLAGS } from '../run-flags';
import { jsonLine } from '../terminal-text';

const shape = RunSpec.shape;
const PATH_FLAGS = {
  energy: {
    ...RUN_FLAGS.energy,
    schema: z.enum(SCALE_ENERGIES).default('ce'),
  },
  n: RUN_FLAGS.n,
  d: RUN_FLAGS.d,
  's-from': {
    value: 'A',
    help: 'first s of the path; required',
    schema: shape.s.unwrap(),
    allowed: 'a positive finite number',
  },
  's-to': {
    value: 'B',
    help: 'last s of the path, B > A; required',
    schema: shape.s.unwrap(),
    allowed: 'a positive finite number',
  },
  steps: {
    value: 'K',
    help: 'intervals of the s grid (K + 1 solves each way)',
    schema: z.int().min(1).max(1000).default(20),
  },
  seed: RUN_FLAGS.seed,
  restarts: {
    ...RUN_FLAGS.restarts,
    help: 'random starts at s-from and s-to (the steps between warm-start from their neighbour)',
    schema: shape.restarts.default(8),
  },
  tol: RUN_FLAGS.tol,
  'max-iter': RUN_FLAGS['max-iter'],
  threads: RUN_FLAGS.threads,
  json: {
    help: 'one JSON object: {id, steps: [{s, direction, energy, dEds, lambdaMin, configuration}], transitions: [{s, kind, from, to, bracket}], jumps}',
  },
  db: {
    ...DB_FLAG.db,
    help: 'store the path in this database under the id it prints; spherelab figure path draws it by that id, the workbench lists it (default: $SPHERELAB_DB, else spherelab.db in the user data folder)',
  },
} as const;

export const pathCommand = defineCommand({
  description: `Continuation in s: minimizes the energy at s-from (fresh random starts), steps s up to s-to
warm-starting each step from the previous minimizer, then steps back down from the better of that
branch and fresh starts at s-to, exposing hysteresis; fresh starts at every inner s guard against a
metastable branch. Where the lowest of these changes its configuration (docs/configurations.md),
dE/ds has a kink, or lambdaMin (the lowest Hessian eigenvalue off the rotation orbit, from each
solve's certificate) changes sign, the transition is located by bisection in s to 1e-6: for a new
configuration or a kink, the s where the two branches' energies cross.`,
  flags: PATH_FLAGS,
  epilog: `Exit codes: 0 done, 2 bad input, 130 interrupted (Ctrl-C).

Example:
  spherelab path --n 8 --d 5 --s-from 1.5 --s-to 2.5 --steps 4 --json`,
  async main({ flags }, context) {
    const spec = pathSpec(flags);
    const store = openCliStore(flags.db);
    const lease = store.acquireLease();
    const cancel = new AbortController();
    const stop = context.onInterrupt(() => cancel.abort());
    // stored like the workbench's paths (core/contract/paths.ts), so the figure and the UI can show it
    const { id } = store.createPath(spec, lease.id);
    store.markPathRunning(id);
    let result: PathResult;
    try {
      result = await continuationPath(enginePathSpec(spec, flags.threads), solve, {
        signal: cancel.signal,
        createEvaluator: createFastEvaluator,
      });
      store.finishPath(id, result);
    } catch (error) {
      const cancelled = error instanceof PathCancelled;
      store.endPath(
        id,
        cancelled ? 'cancelled' : 'failed',
        error instanceof Error ? error.message : String(error),
      );
      if (!cancelled) throw error;
      context.stderr.write(`spherelab path: cancelled (path ${id})\n`);
      return EXIT_INTERRUPTED;
    } finally {
      stop();
      lease.release();
      store.close();
    }
    context.stdout.write(
      flags.json ? jsonLine({ id, ...result }) : `${pathText(result)}stored as path ${id}\n`,
    );
    return EXIT_OK;
  },
});

function pathSpec(flags: FlagValues<typeof PATH_FLAGS>) {
  for (const flag of ['n', 'd', 's-from', 's-to'] as const)
    if (flags[flag] === undefined)
      throw new UsageError(`--${flag} is required: ${allowedOf(PATH_FLAGS[flag])}`);
  const sFrom = flags['s-from']!;
  const sTo = flags['s-to']!;
  if (!(sTo > sFrom)) throw new UsageError(`--s-to must exceed --s-from (got ${sFrom} and ${sTo})`);
  const base = {
    energy: flags.energy,
    n: flags.n!,
    d: flags.d!,
    seed: flags.seed,
    restarts: flags.restarts,
    tol: flags.tol,
    maxIter: flags['max-iter'],
  };
  // PathExperimentSpec checks that both ends are valid runs (RunSpec refuses an s at which the energy
  // leaves the doubles); its issue is given back under the flag that set the field
  const parsed = PathExperimentSpec.safeParse({ ...base, sFrom, sTo, steps: flags.steps ?? 20 });
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const flag = SPEC_FLAGS[String(issue.path[0])] ?? String(issue.path[0]);
  const value = flags[flag as keyof typeof flags];
  throw new UsageError(`--${flag}${value === undefined ? '' : ` ${value}`}: ${issue.message}`);
}

const SPEC_FLAGS: Record<string, string> = { sFrom: 's-from', sTo: 's-to', maxIter: 'max-iter' };

const TRANSITION_KIND: Record<PathResult['transitions'][number]['kind'], string> = {
  configuration: '',
  kink: 'kink in dE/ds, ',
  'lambda-min': 'lambdaMin changes sign, ',
};

function pathText(result: PathResult): string {
  const lines = ['   s             sweep  energy              lambdaMin   configuration               gap'];
  for (const p of result.steps) {
    const c = p.configuration;
    lines.push(
      `  ${p.s.toPrecision(8).padEnd(13)} ${p.direction.padEnd(6)} ${p.energy.toPrecision(13).padEnd(19)} ${(p.lambdaMin === null ? '-' : p.lambdaMin.toPrecision(4)).padEnd(11)} ${configurationLabel(c).padEnd(27)} ${c.gap === undefined ? '-' : c.gap.toExponential(1)}`,
    );
  }
  lines.push(result.transitions.length ? 'transitions (lowest energy):' : 'no transitions');
  for (const t of result.transitions)
    lines.push(
      `  s = ${formatTransitionS(t)}  ${TRANSITION_KIND[t.kind]}${configurationLabel(t.from)} -> ${configurationLabel(t.to)}`,
    );
  for (const j of result.jumps)
    lines.push(
      `  the ${j.direction} sweep jumps between s = ${j.between[0]} and ${j.between[1]}: ${configurationLabel(j.from)} -> ${configurationLabel(j.to)}`,
    );
  return lines.join('\n') + '\n';
}

import { z } from 'zod';
import { RunSpec } from '../../core/spec/run-spec';
import { UsageError } from './command';
import { notAllowed, numberValue, parseFlags, type FlagSpec } from './flags';

/**
 * The `run` command's flags and their translation into a RunSpec. What each flag allows is read off
 * the RunSpec schema, so the messages cannot drift from the validation.
 */
const SPEC_FLAGS = {
  energy: 'energy',
  n: 'n',
  d: 'd',
  s: 's',
  alpha: 'alpha',
  seed: 'seed',
  restarts: 'restarts',
  optimizer: 'optimizer',
  tol: 'tol',
  'max-iter': 'maxIter',
  'time-limit': 'timeLimitSec',
  threads: 'threads',
} as const satisfies Record<string, keyof RunSpec>;
type SpecFlag = keyof typeof SPEC_FLAGS;

const REQUIRED: SpecFlag[] = ['energy', 'n', 'd'];

export const RUN_FLAGS: Record<string, FlagSpec> = {
  ...Object.fromEntries(
    Object.entries(SPEC_FLAGS).map(([flag, key]) => [
      flag,
      { type: 'string', allowed: allowedOf(RunSpec.shape[key]) },
    ]),
  ),
  points: { type: 'boolean', allowed: 'no value' },
  json: { type: 'boolean', allowed: 'no value' },
  progress: { type: 'boolean', allowed: 'no value' },
};

export interface RunRequest {
  spec: RunSpec;
  /** print one JSON object instead of the readable summary */
  json: boolean;
  /** include the configuration */
  points: boolean;
  /** progress lines on stderr even off a terminal */
  progress: boolean;
}

export function parseRunFlags(args: string[]): RunRequest {
  const values = parseFlags(args, RUN_FLAGS);
  const input: Record<string, unknown> = {};
  for (const [flag, key] of Object.entries(SPEC_FLAGS) as [SpecFlag, keyof RunSpec][]) {
    const raw = values[flag];
    if (typeof raw !== 'string') {
      if (REQUIRED.includes(flag)) throw new UsageError(`--${flag} is required: ${RUN_FLAGS[flag].allowed}`);
      continue;
    }
    const isNumber = unwrap(RunSpec.shape[key]) instanceof z.ZodNumber;
    input[key] = isNumber ? numberValue(flag, raw, RUN_FLAGS[flag].allowed) : raw;
  }
  const parsed = RunSpec.safeParse(input);
  if (!parsed.success) throw new UsageError(describeSpecIssue(parsed.error.issues[0], values));
  return {
    spec: parsed.data,
    json: values.json === true,
    points: values.points === true,
    progress: values.progress === true,
  };
}

function describeSpecIssue(issue: z.core.$ZodIssue, values: Record<string, unknown>): string {
  const key = issue.path[0];
  const flag = (Object.keys(SPEC_FLAGS) as SpecFlag[]).find((f) => SPEC_FLAGS[f] === key);
  if (!flag) return issue.message;
  // The schema's cross-field rules: the memory a solve of n x d points needs (refined on n) ...
  if (key === 'n' && issue.code === 'custom') return `--n ${values.n} --d ${values.d}: ${issue.message}`;
  // ... and the range of s in which the energy's values are doubles (named, with the range, in the message)
  if (key === 's' && issue.code === 'custom') return `--s: ${issue.message}`;
  return notAllowed(flag, String(values[flag]), RUN_FLAGS[flag].allowed);
}

function unwrap(schema: z.ZodType): z.ZodType {
  let inner = schema;
  while (inner instanceof z.ZodDefault || inner instanceof z.ZodOptional) inner = inner.unwrap() as z.ZodType;
  return inner;
}

/** "an integer from 2 to 100000", "one of lbfgs, rgd"; RunSpec's other numbers are positive finite. */
function allowedOf(schema: z.ZodType): string {
  const inner = unwrap(schema);
  if (inner instanceof z.ZodEnum) return `one of ${inner.options.join(', ')}`;
  if (inner instanceof z.ZodNumber && inner.isInt)
    return `an integer from ${inner.minValue} to ${inner.maxValue}`;
  return 'a positive finite number';
}

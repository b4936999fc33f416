import { z } from 'zod';
import { UsageError } from './command';

/**
 * A command's flags as data: the parser (parser.ts) builds commander options and the help from this
 * table, and checks every value against the flag's zod schema, so a message names the flag and what
 * it allows, and the help cannot drift from what is parsed.
 */
export interface FlagSpec {
  /** one line (or a few) for --help */
  help: string;
  /** the value's name in help, e.g. 'N' or 'FILE'; absent: a switch that takes no value */
  value?: string;
  /**
   * A list: repeatable, and each value may hold several, comma-separated (`--tag a,b --tag c`).
   * Space-separated values (`--tag a b`) are still read, for scripts written that way.
   */
  list?: boolean;
  /** what one value must be; a numeric schema gets the text as a number */
  schema?: z.ZodType;
  /** what one value may be, for messages; default: read off the schema */
  allowed?: string;
  /** the value used when the flag is absent, as typed on the command line */
  default?: string;
  /** other names accepted for this flag (older spellings) */
  aliases?: readonly string[];
  /** the heading it is listed under in --help (default "Flags:") */
  group?: string;
}

export type FlagTable = Record<string, FlagSpec>;

type ValueOf<S extends FlagSpec> = S extends { schema: infer Z extends z.ZodType } ? z.output<Z> : string;

/** What a command receives: a switch is a boolean, a list an array, anything else one value. */
export type FlagValues<F extends FlagTable> = {
  [K in keyof F]: F[K] extends { value: string }
    ? F[K] extends { list: true }
      ? ValueOf<F[K]>[] | undefined
      : F[K] extends { default: string }
        ? ValueOf<F[K]>
        : ValueOf<F[K]> | undefined
    : boolean;
};

function unwrap(schema: z.ZodType): z.ZodType {
  let inner = schema;
  while (inner instanceof z.ZodDefault || inner instanceof z.ZodOptional) inner = inner.unwrap() as z.ZodType;
  return inner;
}

const isNumeric = (schema: z.ZodType | undefined) => !!schema && unwrap(schema) instanceof z.ZodNumber;

/** "an integer from 2 to 100000", "one of lbfgs, rgd", "a number from 0.1 to 3600" */
export function allowedOf(flag: Omit<FlagSpec, 'help'>): string {
  if (flag.allowed) return flag.allowed;
  const inner = flag.schema ? unwrap(flag.schema) : undefined;
  if (inner instanceof z.ZodEnum) return `one of ${inner.options.join(', ')}`;
  if (inner instanceof z.ZodNumber) {
    const { minValue: min, maxValue: max } = inner;
    const kind = inner.isInt ? 'an integer' : 'a number';
    // z.int()'s own bounds are the safe integers: no bound a user chose
    const finite = (v: number | null): v is number => v !== null && Math.abs(v) < Number.MAX_SAFE_INTEGER;
    if (finite(min) && finite(max)) return `${kind} from ${min} to ${max}`;
    if (finite(min)) return `${kind} from ${min}`;
    return kind;
  }
  return flag.value ? `a ${flag.value}` : 'no value';
}

/** The default shown in help: the flag's own, else the schema's. */
export function defaultOf(flag: FlagSpec): string | undefined {
  if (flag.default !== undefined) return flag.default;
  if (flag.schema instanceof z.ZodDefault) return String(flag.schema.def.defaultValue);
  return undefined;
}

/** The one-line message for a value a flag does not accept. */
function notAllowed(name: string, raw: string, allowed: string): string {
  return `--${name} ${shown(raw)}: must be ${allowed}`;
}

const shown = (raw: string) => (/^\S+$/.test(raw) ? raw : JSON.stringify(raw));

/** One value of a flag, checked against its schema (numbers converted first). */
export function parseValue(name: string, flag: Omit<FlagSpec, 'help'>, raw: string): unknown {
  return flag.schema ? checked(name, flag.schema, raw, allowedOf(flag)) : raw;
}

/** `raw` as `schema` reads it, or a UsageError naming the flag and what it allows. */
export function checked<S extends z.ZodType>(
  name: string,
  schema: S,
  raw: string,
  allowed = allowedOf({ schema }),
): z.output<S> {
  const value = isNumeric(schema) ? (raw.trim() === '' ? NaN : Number(raw)) : raw;
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new UsageError(notAllowed(name, raw, allowed));
  return parsed.data;
}

/** The values of a list flag's one occurrence: comma-separated, blanks dropped. */
export function splitList(raw: string): string[] {
  return raw
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v.length > 0);
}

/**
 * Maps a zod error of a request built from flags back to the flags: `fields` names the flag of each
 * field path ("n.max" -> "n-max"), so `--n-min 10 --n-max 1` answers "--n-max: min must not exceed max"
 * rather than the schema's JSON.
 */
export function flagIssue(error: z.ZodError, fields: Record<string, string>): UsageError {
  const issue = error.issues[0]!;
  const path = issue.path.map(String);
  for (let length = path.length; length > 0; length--) {
    const flag = fields[path.slice(0, length).join('.')];
    if (flag === undefined) continue;
    return new UsageError(`--${flag}: ${issue.message}`);
  }
  return new UsageError(`${path.join('.') || 'input'}: ${issue.message}`);
}

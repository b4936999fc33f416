import { parseArgs } from 'node:util';
import { UsageError } from './command';

/**
 * Strict flag parsing for every command: node:util parseArgs, with its errors rewritten as one line
 * that names the flag and what is allowed. Values stay strings here; each command converts and
 * validates them (numbers with `numberValue`, then its zod schema).
 */
export interface FlagSpec {
  type: 'string' | 'boolean';
  /** what the flag accepts, for messages: "an integer from 2 to 100000" */
  allowed: string;
}

export type FlagValues = Record<string, string | boolean | undefined>;

export function parseFlags(args: string[], flags: Record<string, FlagSpec>): FlagValues {
  const options = Object.fromEntries(Object.entries(flags).map(([name, f]) => [name, { type: f.type }]));
  try {
    return parseArgs({
      args: joinNegativeValues(args, flags),
      options,
      strict: true,
      allowPositionals: false,
    }).values as FlagValues;
  } catch (error) {
    throw new UsageError(rewriteParseError(error, flags));
  }
}

/** `--seed -1` reads as a value, not as a flag named 1: parseArgs wants it as `--seed=-1`. */
function joinNegativeValues(args: string[], flags: Record<string, FlagSpec>): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const name = args[i].startsWith('--') ? args[i].slice(2) : null;
    const next = args[i + 1];
    if (name && flags[name]?.type === 'string' && next !== undefined && /^-(\d|\.\d|inf)/i.test(next)) {
      out.push(`${args[i]}=${next}`);
      i++;
    } else out.push(args[i]);
  }
  return out;
}

function rewriteParseError(error: unknown, flags: Record<string, FlagSpec>): string {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  const flag = /'(-{1,2}[^' <=]+)/.exec(message)?.[1] ?? '';
  const known = Object.keys(flags)
    .map((f) => `--${f}`)
    .join(', ');
  const spec = flags[flag.replace(/^-+/, '')];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown flag ${flag}; allowed: ${known}`;
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    const arg = /'([^']*)'/.exec(message)?.[1] ?? '';
    return `unexpected argument "${arg}": every value follows a flag (${known})`;
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && spec) {
    return spec.type === 'boolean' ? `${flag} takes no value` : `${flag} needs a value: ${spec.allowed}`;
  }
  return message.split('\n')[0];
}

/** A flag's value as a number; anything that is not plain numeric text is a usage error. */
export function numberValue(flag: string, raw: string, allowed: string): number {
  const value = raw.trim() === '' ? NaN : Number(raw);
  if (Number.isNaN(value)) throw new UsageError(notAllowed(flag, raw, allowed));
  return value;
}

/** The one-line message for a value a flag does not accept. */
export function notAllowed(flag: string, raw: string, allowed: string): string {
  const shown = /^\S+$/.test(raw) ? raw : JSON.stringify(raw);
  return `--${flag} ${shown}: must be ${allowed}`;
}

import { databasePath } from '../backend/data-dir';
import { openStore, type SqliteStore } from '../backend/store/store';
import { UsageError } from './command';
import { numberValue, type FlagSpec } from './flags';

/**
 * Arguments of the archive commands (sweep, list, show, resume, export, import, rm): flags as in
 * flags.ts, plus positionals (RUN, FILE) and list flags that take one or more values
 * (`--experiment A B`, or repeated). `--db FILE` is common to all of them.
 */
export interface ArchiveFlagSpec extends FlagSpec {
  /** takes every following value up to the next flag */
  multiple?: boolean;
}

export const DB_FLAG: Record<string, ArchiveFlagSpec> = {
  db: { type: 'string', allowed: 'a database file (default: $SPHERELAB_DB, else the user data folder)' },
};

export interface ParsedArgs {
  values: Record<string, string | boolean | undefined>;
  lists: Record<string, string[]>;
  positionals: string[];
}

export function parseArchiveArgs(
  args: string[],
  flags: Record<string, ArchiveFlagSpec>,
  maxPositionals: number,
): ParsedArgs {
  const parsed: ParsedArgs = { values: {}, lists: {}, positionals: [] };
  const known = () =>
    Object.keys(flags)
      .map((f) => `--${f}`)
      .join(', ');
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('--') || arg === '--') {
      if (parsed.positionals.length >= maxPositionals) {
        throw new UsageError(
          `unexpected argument "${arg}"${maxPositionals === 0 ? '' : ` (at most ${maxPositionals})`}; flags: ${known()}`,
        );
      }
      parsed.positionals.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    const spec = flags[name];
    if (!spec) throw new UsageError(`unknown flag --${name}; allowed: ${known()}`);
    if (spec.type === 'boolean') {
      if (inline !== undefined) throw new UsageError(`--${name} takes no value`);
      parsed.values[name] = true;
    } else if (spec.multiple) {
      const list = (parsed.lists[name] ??= []);
      if (inline !== undefined) list.push(inline);
      while (inline === undefined && i + 1 < args.length && !args[i + 1]!.startsWith('--'))
        list.push(args[++i]!);
      if (list.length === 0) throw new UsageError(`--${name} needs a value: ${spec.allowed}`);
    } else {
      const value = inline ?? args[++i];
      if (value === undefined || (inline === undefined && value.startsWith('--'))) {
        throw new UsageError(`--${name} needs a value: ${spec.allowed}`);
      }
      parsed.values[name] = value;
    }
  }
  return parsed;
}

/** An integer flag within [min, max], or undefined when absent. */
export function intValue(
  values: ParsedArgs['values'],
  flag: string,
  min: number,
  max: number,
): number | undefined {
  const raw = values[flag];
  if (typeof raw !== 'string') return undefined;
  const allowed = `an integer from ${min} to ${max}`;
  const value = numberValue(flag, raw, allowed);
  if (!Number.isInteger(value) || value < min || value > max)
    throw new UsageError(`--${flag} ${raw}: must be ${allowed}`);
  return value;
}

/** A number flag, or undefined when absent. */
export function floatValue(values: ParsedArgs['values'], flag: string): number | undefined {
  const raw = values[flag];
  if (typeof raw !== 'string') return undefined;
  const value = numberValue(flag, raw, 'a finite number');
  if (!Number.isFinite(value)) throw new UsageError(`--${flag} ${raw}: must be a finite number`);
  return value;
}

/** `--checkpoint-every SEC` in milliseconds, or undefined (the queue's default). */
export function checkpointMs(values: ParsedArgs['values']): number | undefined {
  const seconds = floatValue(values, 'checkpoint-every');
  if (seconds === undefined) return undefined;
  if (seconds < 0.1 || seconds > 3600)
    throw new UsageError(`--checkpoint-every ${seconds}: must be seconds from 0.1 to 3600`);
  return seconds * 1000;
}

/** Opens the database the flags name (and marks runs of dead processes interrupted). */
export function openCliStore(values: ParsedArgs['values']): SqliteStore {
  return openStore(databasePath(typeof values.db === 'string' ? values.db : undefined));
}

/** Runs `work` on the database the flags name, and closes it whatever happens. */
export async function withCliStore<T>(
  values: ParsedArgs['values'],
  work: (store: SqliteStore) => T | Promise<T>,
): Promise<T> {
  const store = openCliStore(values);
  try {
    return await work(store);
  } finally {
    store.close();
  }
}

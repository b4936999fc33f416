import type { SqliteStore } from '../backend/store/store';
import { UsageError } from './command';

/**
 * Run and experiment ids as every command takes them: a full id or a unique prefix of at least 4
 * characters, several comma-separated or repeated. An id that names nothing, or more than one thing,
 * is bad input (exit 2).
 */

const PREFIX = 'ids or unique prefixes of at least 4 characters';

/** `RUN...`: runs as arguments (rm, resume) */
export const RUNS_ARGUMENT = { name: 'RUN', many: true, help: `run ${PREFIX}, comma-separated too` } as const;

/** `--experiment ID`, the same in every command */
export function experimentFlag<const H extends string>(help: H) {
  return { value: 'ID', list: true, help: `${help} (${PREFIX})` } as const;
}

/** `--run ID` (also `--runs`, figure's older name), the same in every command */
export function runFlag<const H extends string>(help: H) {
  return { value: 'ID', list: true, aliases: ['runs'], help: `${help} (${PREFIX})` } as const;
}

/** `label` prefixes the message: "--run abcd" for a flag, "" for an argument. */
export function resolveRunIds(store: SqliteStore, given: readonly string[], label = ''): string[] {
  return [
    ...new Set(
      given.map((id) => {
        try {
          return store.resolveRunId(id);
        } catch (error) {
          // the store says why an id resolves to no single run; anything else is not the id's fault
          if (!(error instanceof Error) || error.name !== 'Error') throw error;
          throw new UsageError(`${label ? `${label} ${id}: ` : ''}${error.message}`);
        }
      }),
    ),
  ];
}

export function resolveExperimentIds(store: SqliteStore, given: readonly string[]): string[] {
  return resolvePrefixes(store.listExperiments().map((e) => e.id), given, '--experiment', 'experiment', store.path);
}

export function resolvePathIds(store: SqliteStore, given: readonly string[]): string[] {
  return resolvePrefixes(store.listPaths().map((p) => p.id), given, '--path', 'path', store.path);
}

/** Each given id or prefix to the one id of `all` it names. */
function resolvePrefixes(all: string[], given: readonly string[], flag: string, what: string, where: string): string[] {
  return [
    ...new Set(
      given.map((id) => {
        const prefix = id.trim().toLowerCase();
        if (!/^[0-9a-f-]{4,36}$/.test(prefix))
          throw new UsageError(`${flag} ${id}: not ${article(what)} id (at least 4 characters of a UUID)`);
        const matches = all.filter((e) => e.startsWith(prefix));
        if (matches.length === 1) return matches[0]!;
        if (matches.length === 0) throw new UsageError(`${flag} ${id}: no ${what} with this id in ${where}`);
        throw new UsageError(`${flag} ${id}: matches ${matches.length} ${what}s (${matches.slice(0, 5).join(', ')})`);
      }),
    ),
  ];
}

const article = (word: string) => (/^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`);

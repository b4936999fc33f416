/**
 * What every `spherelab` subcommand provides. A command is one file in commands/ and one line in
 * command-table.ts; main.ts dispatches, prints `--help`, and turns a UsageError into one line on
 * stderr and exit code 2.
 */
export interface CliContext {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  /** registers a Ctrl-C listener for the life of the command; returns its remover */
  onInterrupt(listener: () => void): () => void;
}

export interface Command {
  /** the text `spherelab <name> --help` prints */
  help: string;
  /** runs with the arguments after the command name; resolves to the exit code */
  main(args: string[], context: CliContext): Promise<number>;
}

export interface CommandEntry {
  name: string;
  /** one line for `spherelab --help` */
  summary: string;
  /** loaded on use, so a command's dependencies (SQLite, renderers) cost nothing to the others */
  load(): Promise<Command>;
}

/** Bad input: main prints `spherelab <command>: <message>` (one line) and exits with code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
/** 128 + SIGINT, the shell's convention for a command ended by Ctrl-C */
export const EXIT_INTERRUPTED = 130;

import type { Command as Commander } from 'commander';

/**
 * What every `spherelab` subcommand provides. A command is one file in commands/ (a `defineCommand`
 * of parser.ts) and one line in command-table.ts; main.ts dispatches, prints help, and turns a
 * UsageError into one line on stderr and exit code 2.
 */
export interface CliContext {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  /** registers a Ctrl-C listener for the life of the command; returns its remover */
  onInterrupt(listener: () => void): () => void;
}

export interface Command {
  /** the command for commander: its flags, arguments, help, and an action that runs it */
  toCommander(name: string, context: CliContext, finish: (code: number) => void): Commander;
  /** parses the arguments after the command name and runs; bad input throws a UsageError */
  main(args: string[], context: CliContext): Promise<number>;
}

export interface CommandEntry {
  name: string;
  /** one line for `spherelab --help` */
  summary: string;
  /** loaded on use, so a command's dependencies (SQLite, renderers) cost nothing to the others */
  load(): Promise<Command>;
}

/**
 * Bad input: main prints `spherelab <command>: <message>` (one line) and exits with code 2. That
 * covers everything the command line names that is not there or not allowed (a flag, a value, a run
 * or experiment id, a file or folder), found before any work is done: running it again unchanged
 * fails the same way. Exit code 1 is for work that was tried and failed (a solver, a refused archive).
 */
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

import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pino, type Logger } from 'pino';
import { createStream, type RotatingFileStream } from 'rotating-file-stream';
import { databasePath } from '../data-dir';
import { installProcessLogger } from './process-logger';

/**
 * The one logger of every SphereLab process (desktop app, `serve`, CLI): JSON lines into
 * DATADIR/logs/spherelab.log beside the database, rotated at 10 MB, five old files kept
 * (spherelab.log.1 ... .5). Internal errors go here with their stacks (`logger.error({ err }, ...)`);
 * replies to clients carry messages only.
 *
 * Why pino with rotating-file-stream: pino writes to any Writable in this process, so the esbuild
 * bundle inside the asar needs nothing at run time; pino's own rotating transport (pino-roll) runs
 * in a worker thread it loads by module name, which a bundle cannot resolve. electron-log's file
 * transport keeps a single `.old` file and writes plain text.
 *
 * Several processes may share the folder (the app and a CLI sweep): each appends whole lines; when
 * one rotates, the others finish their lines in the renamed file and rotate on their own count, so
 * a line can land one file early but none is lost.
 */
export type { Logger };
export const LOG_FOLDER = 'logs';
export const LOG_FILE = 'spherelab.log';
export type ProcessKind = 'desktop' | 'serve' | 'cli';

export interface FileLogger {
  readonly logger: Logger;
  readonly path: string;
  /** resolves once every line logged so far is in the file */
  flush(): Promise<void>;
  /** writes what is buffered and closes the file */
  close(): Promise<void>;
}

export function logPath(dataDir: string): string {
  return join(dataDir, LOG_FOLDER, LOG_FILE);
}

export function createFileLogger(dataDir: string, kind: ProcessKind): FileLogger {
  const folder = join(dataDir, LOG_FOLDER);
  // Opened at the first line, so a command that never logs creates no folder.
  let stream: RotatingFileStream | null = null;
  const open = (): RotatingFileStream => {
    mkdirSync(folder, { recursive: true });
    const opened = createStream(LOG_FILE, { path: folder, size: '10M', rotate: 5, mode: 0o600 });
    // Logging is best effort: a full disk or a removed folder must never end the process it watches.
    opened.on('error', () => undefined);
    return opened;
  };
  const destination = { write: (line: string) => void (stream ??= open()).write(line) };
  const logger = pino(
    { base: { pid: process.pid, process: kind }, timestamp: pino.stdTimeFunctions.isoTime },
    destination,
  );
  return {
    logger,
    path: join(folder, LOG_FILE),
    flush: () => new Promise<void>((resolve) => (stream ? stream.write('', () => resolve()) : resolve())),
    close: () => new Promise<void>((resolve) => (stream ? stream.end(() => resolve()) : resolve())),
  };
}

/**
 * The logger of a process started from the command line (the CLI, `serve`): the file beside the
 * database it opens by default ($SPHERELAB_DB, else the data folder), installed as the process
 * logger.
 */
export function startProcessLog(kind: ProcessKind): FileLogger {
  const log = createFileLogger(dirname(databasePath()), kind);
  installProcessLogger(log.logger);
  return log;
}

/** For code that takes a `log(message)` line sink: each line at `level`. */
export function lineSink(logger: Logger, level: 'info' | 'warn' | 'error' = 'warn') {
  return (message: string): void => logger[level](message);
}

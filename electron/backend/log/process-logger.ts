import { pino } from 'pino';
import type { Logger } from './logger';

/**
 * The logger of this process, set once by its entry (electron/main/main.ts, electron/cli/main.ts),
 * so code deep in the host (the dispatcher, the browser-mode server) logs to the data folder's file
 * without every caller threading it through. Until an entry installs one, warnings and errors go
 * to stderr as JSON lines.
 */
let installed: Logger | null = null;
let fallback: Logger | null = null;

export function installProcessLogger(logger: Logger): void {
  installed = logger;
}

export function processLogger(): Logger {
  return installed ?? (fallback ??= pino({ level: 'warn' }, process.stderr));
}

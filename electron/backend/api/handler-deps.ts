import type { EventName, EventPayload, Out, Parsed, RequestName } from '../../../core/contract';
import { ApiRequestError } from '../../../core/contract';
import type { PathRunner } from '../paths/path-runner';
import type { RunQueue } from '../queue/run-queue';
import type { Store } from '../store/store-api';

/**
 * What the handlers work with. Every effect is passed in (store, queue, archive functions, clock,
 * event sink), so the same handlers serve Electron IPC, the WebSocket host and the tests.
 */
export interface ArchiveOps {
  /** writes the selection (nothing selected: everything) as an archive file at `path` */
  exportArchive(
    path: string,
    selection: { experimentIds?: string[]; runIds?: string[] },
  ): Promise<{ experiments: number; runs: number }>;
  /** merges the archive at `path` by run UUID; throws ApiRequestError 'bad-archive' when it cannot be read */
  importArchive(path: string): Promise<{
    experimentsAdded: number;
    experimentsSkipped: number;
    runsAdded: number;
    runsSkipped: number;
  }>;
}

export interface HostInfo {
  version: string;
  host: 'serve' | 'electron';
  dbPath: string;
  dataDir: string;
  cores: number;
}

export interface ApiDeps {
  store: Store;
  queue: RunQueue;
  /** paths in s, each in a solver process of its own */
  paths: PathRunner;
  archive: ArchiveOps;
  /** archive/export writes and archive/import reads only here */
  archivesDir: string;
  info: HostInfo;
  now(): Date;
  /** pushes an event to every connected renderer */
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
}

/** One handler per request name; the payload is already validated by the dispatcher. */
export type Handlers = { [K in RequestName]: (payload: Parsed<K>) => Promise<Out<K>> };

export function notFound(what: string, id: string): ApiRequestError {
  return new ApiRequestError({ code: 'not-found', message: `no ${what} with id ${id}` });
}

export function conflict(message: string): ApiRequestError {
  return new ApiRequestError({ code: 'conflict', message });
}

/** Event payloads list ids only up to this many; beyond it listeners reload. */
export const MAX_LISTED_IDS = 1000;

export function listedIds(ids: string[]): string[] | undefined {
  return ids.length <= MAX_LISTED_IDS ? ids : undefined;
}

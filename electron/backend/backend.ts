import { mkdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import type { EventName, EventPayload } from '../../core/contract';
import type { SolverSpawner } from '../solver/spawner';
import type { ArchiveOps } from './api/handler-deps';
import { createDispatch, type Dispatch } from './api/dispatch';
import { createHandlers } from './api/handlers';
import { exportArchive, importArchive } from './archive/archive';
import { createPathRunner, type PathRunner } from './paths/path-runner';
import { createRunQueue } from './queue/run-queue';
import { appVersion } from './store/app-info';
import { openStore } from './store/store';
import type { RunQueue } from './queue/run-queue';
import type { Store } from './store/store-api';

/**
 * One backend: the store on one database file, the run queue with its solver processes, and the
 * contract's handlers behind one `dispatch`. Electron main binds `dispatch` to IPC, `serve` to a
 * WebSocket; both forward `onEvent` to their renderers. Effects (spawner, clock, folders) come in.
 */
export interface BackendOptions {
  dbPath: string;
  spawner: SolverSpawner;
  /** default: the database's folder; archives live in DATADIR/archives */
  dataDir?: string;
  /** solver processes at once (default: the machine's cores) */
  parallel?: number;
  host: 'serve' | 'electron';
  now?: () => Date;
  log?: (message: string) => void;
}

export interface Backend {
  readonly dispatch: Dispatch;
  onEvent(listener: (name: EventName, payload: unknown) => void): () => void;
  readonly store: Store;
  readonly queue: RunQueue;
  readonly paths: PathRunner;
  readonly archivesDir: string;
  /** stops the queue (running runs end interrupted, resumable) and closes the database */
  close(): Promise<void>;
}

export async function createBackend(options: BackendOptions): Promise<Backend> {
  const dataDir = options.dataDir ?? dirname(options.dbPath);
  const archivesDir = join(dataDir, 'archives');
  mkdirSync(archivesDir, { recursive: true });
  const cores = availableParallelism();
  const store = openStore(options.dbPath);
  const queue = createRunQueue({ store, spawner: options.spawner, parallel: options.parallel ?? cores });

  const listeners = new Set<(name: EventName, payload: unknown) => void>();
  function emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    for (const listener of listeners) listener(name, payload);
  }
  const unsubscribe = [
    queue.on('run/progress', (p) => emit('run/progress', p)),
    queue.on('run/status', (p) => emit('run/status', p)),
    queue.on('run/finished', (p) => emit('run/finished', p)),
    queue.on('queue/state', (p) => emit('queue/changed', p)),
  ];

  // a path's solves run one after another; half the cores leave the run queue room beside it
  const paths = createPathRunner({
    store,
    spawner: options.spawner,
    emit,
    parallel: Math.max(1, Math.floor(cores / 2)),
    log: options.log,
  });

  const archive: ArchiveOps = {
    exportArchive: async (path, selection) => exportArchive(store, path, selection),
    importArchive: async (path) => importArchive(store, path),
  };
  const handlers = createHandlers({
    store,
    queue,
    paths,
    archive,
    archivesDir,
    info: { version: appVersion(), host: options.host, dbPath: store.path, dataDir, cores },
    now: options.now ?? (() => new Date()),
    emit,
  });

  return {
    dispatch: createDispatch(handlers, options.log),
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    store,
    queue,
    paths,
    archivesDir,
    async close() {
      for (const off of unsubscribe) off();
      await paths.close();
      listeners.clear();
      await queue.close();
      store.close();
    },
  };
}

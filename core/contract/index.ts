import { REQUEST_NAMES, type In, type Out, type RequestName } from './requests';
import type { EventName } from './events';
import type { Reply } from './wire';

/**
 * The one contract between the renderer and a host (Electron main or `serve`). Each transport
 * builds its `Api` with `bindApi` from one typed `call`, so every request name is there by
 * construction and a misspelled name or a wrong payload is a compile error where it is called; the
 * backend's `Handlers` (electron/backend/api) is the same mapped type on the host side.
 */
export type Api = { [K in RequestName]: (payload: In<K>) => Promise<Out<K>> };

/** A function that carries any request of the contract, e.g. over a socket or IPC. */
export type Call = <K extends RequestName>(name: K, payload: In<K>) => Promise<Out<K>>;

/** The Api object of a transport: one method per request name, each forwarding to `call`. */
export function bindApi(call: Call): Api {
  return Object.fromEntries(
    REQUEST_NAMES.map((name) => [name, (payload: never) => call(name, payload)]),
  ) as Api;
}

export * from './errors';
export * from './records';
export * from './paths';
export * from './queries';
export * from './requests';
export * from './events';
export * from './wire';

/**
 * What Electron's preload exposes on `window.spherelab` (contextBridge cannot carry Error classes,
 * so requests resolve to a Reply; renderer/platform turns an error reply into an ApiRequestError).
 */
export interface HostBridge {
  request(name: RequestName, payload: unknown): Promise<Reply>;
  on(event: EventName, listener: (payload: unknown) => void): () => void;
  /** save dialog, then copies the file out of the archives folder; false when the user cancelled */
  saveArchive(fileName: string): Promise<boolean>;
  /** open dialog, then copies the chosen file into the archives folder; its name there, or null */
  addArchive(): Promise<string | null>;
}

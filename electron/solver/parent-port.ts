/**
 * The solver's line to its host, whichever way it was started: Electron's utilityProcess gives the
 * child `process.parentPort` (structured clone), child_process.fork gives `process.send` (with
 * serialization 'advanced', also structured clone). Nothing here imports 'electron': in a utility
 * process parentPort is a property of `process`.
 */
export interface HostPort {
  send(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  /** the host went away (fork only: the IPC channel closed) */
  onDisconnect(listener: () => void): void;
  /** resolves once every message sent so far has left this process */
  flush(): Promise<void>;
}

interface ElectronParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

export function connectHostPort(proc: NodeJS.Process = process): HostPort {
  const parentPort = (proc as NodeJS.Process & { parentPort?: ElectronParentPort }).parentPort;
  if (parentPort) return utilityProcessPort(parentPort);
  if (proc.send) return forkPort(proc);
  throw new Error('the solver must be started by a host: no process.parentPort and no IPC channel');
}

function utilityProcessPort(port: ElectronParentPort): HostPort {
  return {
    send: (message) => port.postMessage(message),
    onMessage: (listener) => port.on('message', (event) => listener(event.data)),
    // A utility process dies with its parent; there is no channel to watch.
    onDisconnect: () => {},
    // postMessage gives no delivery callback; a short pause lets the port hand the last message over
    // before process.exit tears the port down (the host kills a solver that stays after `done`).
    flush: () => new Promise((resolve) => setTimeout(resolve, 100)),
  };
}

function forkPort(proc: NodeJS.Process): HostPort {
  let pending: Promise<void> = Promise.resolve();
  return {
    send(message) {
      if (!proc.connected) return;
      // process.send is asynchronous; keeping the last callback lets flush() wait for it.
      const sent = new Promise<void>((resolve) => proc.send!(message, undefined, {}, () => resolve()));
      pending = Promise.all([pending, sent]).then(() => undefined);
    },
    onMessage: (listener) => proc.on('message', listener),
    onDisconnect(listener) {
      // The host may have gone while this process was still loading, before anyone listened.
      if (!proc.connected) setImmediate(listener);
      else proc.on('disconnect', listener);
    },
    flush: () => pending,
  };
}

import type { EventPayload } from '../../../core/contract/events';
import type { RunStatus } from '../../../core/contract/records';

/**
 * The run queue's events and their emitter. The payloads are the contract's (core/contract/events.ts),
 * which the hosts forward to every renderer; `queue/state` is the contract's `queue/changed`.
 */
export type RunProgressEvent = EventPayload<'run/progress'>;
export type RunStatusEvent = EventPayload<'run/status'>;
export type RunFinishedEvent = EventPayload<'run/finished'>;
export type QueueState = EventPayload<'queue/changed'>;

export interface QueueEvents {
  'run/progress': RunProgressEvent;
  'run/status': RunStatusEvent;
  'run/finished': RunFinishedEvent;
  /** after any change of QueueState */
  'queue/state': QueueState;
  /** nothing running, queued or waiting to be stored */
  'queue/idle': QueueState;
}
export type QueueEventName = keyof QueueEvents;

/** A small typed event emitter: listeners per event, removed by the function `on` returns. */
export class QueueEmitter {
  private readonly listeners = new Map<QueueEventName, Set<(payload: never) => void>>();

  on<E extends QueueEventName>(event: E, listener: (payload: QueueEvents[E]) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => void set.delete(listener);
  }

  emit<E extends QueueEventName>(event: E, payload: QueueEvents[E]): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) {
      try {
        (listener as (p: QueueEvents[E]) => void)(payload);
      } catch (error) {
        // a failing listener (a closed socket, a UI bug) must not stop the queue
        process.stderr.write(`spherelab queue: a ${event} listener failed: ${String(error)}\n`);
      }
    }
  }

  /** A run left `previous` for good: its status change, then its end. */
  ended(event: RunFinishedEvent, previous: RunStatus): void {
    const { runId, experimentId, status } = event;
    this.emit('run/status', { runId, experimentId, status, previous });
    this.emit('run/finished', event);
  }
}

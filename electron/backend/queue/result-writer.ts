import type { FinalResult, Store } from '../store/store-api';

/**
 * Stores finished runs many to a transaction. Results wait at most `maxDelayMs` (or until `maxBatch`
 * are waiting); `stored` is called only after their transaction committed, so whatever the queue
 * reports as finished is on disk. A host killed meanwhile loses no stored run: the runs still
 * waiting are 'running' in the database, and recovery marks them interrupted, to be resumed.
 */
export interface PendingResult<T> {
  runId: string;
  result: FinalResult;
  /** handed back to `stored` */
  tag: T;
}

export class ResultWriter<T> {
  private waiting: PendingResult<T>[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly store: Store,
    private readonly stored: (results: PendingResult<T>[]) => void,
    private readonly log: (message: string) => void,
    private readonly maxBatch = 64,
    private readonly maxDelayMs = 10,
  ) {}

  get size(): number {
    return this.waiting.length;
  }

  add(result: PendingResult<T>): void {
    this.waiting.push(result);
    if (this.waiting.length >= this.maxBatch) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.maxDelayMs);
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.waiting.length === 0) return;
    const batch = this.waiting;
    this.waiting = [];
    let failed: { id: string; error: string }[];
    try {
      failed = this.store.finishRuns(batch.map(({ runId, result }) => ({ id: runId, result })));
    } catch (error) {
      // the whole transaction failed (a busy or closing database): nothing of this batch is stored
      const message = error instanceof Error ? error.message : String(error);
      failed = batch.map(({ runId }) => ({ id: runId, error: message }));
    }
    for (const { id, error } of failed) this.log(`saving the result of run ${id}: ${error}`);
    const lost = new Set(failed.map((f) => f.id));
    this.stored(batch.filter((r) => !lost.has(r.runId)));
  }
}

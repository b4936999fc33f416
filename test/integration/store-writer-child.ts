/**
 * A host process that writes as fast as it can: `store-writer-child.ts DB RUNS PEERS`. It queues an
 * experiment of RUNS runs, waits until PEERS experiments exist (so the writers really overlap), and
 * for each run claims it, records progress with trace samples and a checkpoint five times, and writes
 * the result. It prints {"errors": [...], "completed": k}.
 */
import { openStore } from '../../electron/backend/store/store';
import { fakeResult } from './store-results';

const [path, count, peers] = process.argv.slice(2);
const store = openStore(path!);
const lease = store.acquireLease();
const errors: string[] = [];
let completed = 0;
const n = 50;
const d = 3;
const { runIds } = store.createExperiment(
  {
    spec: {
      name: `writer ${process.pid}`,
      energy: 'ce',
      n,
      d,
      seeds: { from: 1, to: Number(count), step: 1 },
    },
  },
  lease.id,
);
const experiments = store.db.prepare('SELECT count(*) FROM experiments').pluck();
for (
  const until = Date.now() + 60_000;
  (experiments.get() as number) < Number(peers) && Date.now() < until;
) {
  await new Promise((resolve) => setTimeout(resolve, 10));
}
for (const [i, id] of runIds.entries()) {
  try {
    if (!store.claimRun(id, lease.id)) throw new Error(`could not claim ${id}`);
    for (let k = 0; k < 5; k++) {
      const progress = { restart: 0, iteration: k, energy: 100 - k, gradNorm: 1 / (k + 1), elapsedMs: k };
      const points = new Float64Array(n * d).fill(k);
      store.recordProgress(id, {
        progress,
        trace: [progress],
        checkpoint: { points, rows: n, d, restart: 0, iteration: k, energy: 100 - k },
      });
    }
    store.finishRun(id, fakeResult(n, d, i + 1));
    completed++;
  } catch (error) {
    errors.push(`${(error as { code?: string }).code ?? ''} ${(error as Error).message}`);
  }
}
lease.release();
store.close();
process.stdout.write(JSON.stringify({ errors, completed }) + '\n');

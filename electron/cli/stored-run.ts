import { RunRecorder } from '../backend/queue/run-recorder';
import type { CliContext } from './command';
import { openCliStore } from './database';
import type { RunHooks } from './execute-run';
import type { RunRequest } from './run-flags';

/**
 * `spherelab run` with the database: the run is stored under the id `run --json` prints (runId),
 * marked running under this process's lease, its progress and checkpoints persisted as it goes, and
 * its result (or failure) written at the end. `--db FILE` (or $SPHERELAB_DB) picks the database.
 */
export async function runStored(
  request: RunRequest,
  db: string | undefined,
  context: CliContext,
  run: (request: RunRequest, hooks: RunHooks) => Promise<number>,
): Promise<number> {
  const store = openCliStore(db);
  const lease = store.acquireLease();
  const log = (message: string) => context.stderr.write(`spherelab run: ${message}\n`);
  let recorder: RunRecorder | undefined;
  try {
    return await run(request, {
      onStart(runId, spec) {
        store.insertRun(spec, { id: runId, owner: lease.id });
        store.claimRun(runId, lease.id);
        recorder = new RunRecorder(store, runId, 2000, log);
      },
      onProgress: (p) => recorder?.progress(p),
      onCheckpoint: ({ checkpoint }) => recorder?.checkpoint(checkpoint),
      onFinish(outcome) {
        if (outcome.status === 'done') recorder?.done(outcome.done);
        else
          recorder?.end(outcome.error.failure === 'killed' ? 'cancelled' : 'failed', outcome.error.message);
      },
    });
  } finally {
    lease.release();
    store.close();
  }
}

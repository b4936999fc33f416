import { databasePath } from '../backend/data-dir';
import { RunRecorder } from '../backend/queue/run-recorder';
import { openStore } from '../backend/store/store';
import type { CliContext } from './command';
import type { RunHooks } from './execute-run';
import { parseArchiveArgs } from './archive-args';
import { parseRunFlags, type RunRequest } from './run-flags';

/**
 * `spherelab run` with the archive: the run is stored under the id `run --json` prints (runId),
 * marked running under this process's lease, its progress and checkpoints persisted as it goes, and
 * its result (or failure) written at the end. `--db FILE` (or $SPHERELAB_DB) picks the database.
 */
export async function runStored(
  args: string[],
  context: CliContext,
  run: (request: RunRequest, hooks: RunHooks) => Promise<number>,
): Promise<number> {
  const { db, rest } = takeDbFlag(args);
  const request = parseRunFlags(rest); // bad input fails before the database is touched
  const store = openStore(databasePath(db));
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

/** Takes `--db FILE` out of the run flags (which the run command parses strictly). */
function takeDbFlag(args: string[]): { db: string | undefined; rest: string[] } {
  const at = args.findIndex((a) => a === '--db' || a.startsWith('--db='));
  if (at < 0) return { db: undefined, rest: args };
  const width = args[at]!.includes('=') ? 1 : 2;
  const { values } = parseArchiveArgs(
    args.slice(at, at + width),
    { db: { type: 'string', allowed: 'a database file' } },
    0,
  );
  return { db: values.db as string, rest: [...args.slice(0, at), ...args.slice(at + width)] };
}

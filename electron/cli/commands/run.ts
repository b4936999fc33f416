import { EXIT_FAILURE, EXIT_INTERRUPTED, EXIT_OK, type CliContext } from '../command';
import { executeRun, type RunHooks } from '../execute-run';
import { progressLine } from '../progress-line';
import { runJson, runSummaryText } from '../run-report';
import { defineCommand } from '../parser';
import { RUN_FLAGS, runRequest, type RunRequest } from '../run-flags';
import { runStored } from '../stored-run';

export const runCommand = defineCommand({
  description: `Minimizes an energy of n unit vectors in R^d in a separate solver process and prints the result:
the energy (total and per point), the ETF bound (*) and the uniform-distribution energy U_d beside
it, and the metrics of the final configuration.`,
  flags: RUN_FLAGS,
  epilog: `Ctrl-C stops the solver cleanly: the best configuration so far is reported with stopReason
"cancelled" and the exit code is 130. A second Ctrl-C kills the solver at once (no result).

Exit codes: 0 done, 1 the solver failed (the reason is printed), 2 bad input, 130 interrupted.

Example:
  spherelab run --n 4 --d 3 --json`,
  main: ({ flags }, context) =>
    // bad input fails here, before the database is touched
    runStored(runRequest(flags), flags.db, context, (request, hooks) =>
      runAndReport(request, context, hooks),
    ),
});

/**
 * Runs a parsed request with Ctrl-C handling and a progress line, prints the result and returns the
 * exit code. `hooks` let a caller follow the run (stored-run.ts stores it in the database).
 */
export async function runAndReport(
  request: RunRequest,
  context: CliContext,
  hooks: RunHooks = {},
): Promise<number> {
  const { spec } = request;
  const line = progressLine(context.stderr, spec.restarts, request.progress);
  const cancel = new AbortController();
  const kill = new AbortController();
  let interrupts = 0;
  const stopListening = context.onInterrupt(() => {
    interrupts++;
    line.clear();
    if (interrupts === 1) {
      context.stderr.write(
        'spherelab run: cancelling; the best result so far follows (Ctrl-C again kills the solver)\n',
      );
      cancel.abort();
    } else kill.abort();
  });
  let outcome;
  try {
    outcome = await executeRun(spec, {
      signal: cancel.signal,
      killSignal: kill.signal,
      // A person at the terminal decides when a cancel has taken too long: the second Ctrl-C kills.
      killAfterMs: Infinity,
      hooks: {
        ...hooks,
        onProgress(progress) {
          line.update(progress);
          hooks.onProgress?.(progress);
        },
      },
    });
  } finally {
    stopListening();
    line.clear();
  }
  if (outcome.status === 'failed') {
    context.stderr.write(`spherelab run: ${outcome.error.message}\n`);
    return interrupts > 0 ? EXIT_INTERRUPTED : EXIT_FAILURE;
  }
  const { done } = outcome;
  if (request.json) context.stdout.write(runJson(done, spec, request.points));
  else context.stdout.write(runSummaryText(done, spec, request.points));
  return done.summary.stopReason === 'cancelled' ? EXIT_INTERRUPTED : EXIT_OK;
}

import { EXIT_FAILURE, EXIT_INTERRUPTED, EXIT_OK, type CliContext, type Command } from '../command';
import { executeRun, type RunHooks } from '../execute-run';
import { progressLine } from '../progress-line';
import { runJson, runSummaryText } from '../run-report';
import { type RunRequest } from '../run-flags';
import { runStored } from '../stored-run';

const HELP = `Usage: spherelab run --energy E --n N --d D [flags]

Minimizes an energy of n unit vectors in R^d in a separate solver process and prints the result:
the energy (total and per point), the ETF bound (*) and the uniform-distribution energy U_d beside
it, and the metrics of the final configuration.

Problem:
  --energy E        ce | two-set | pair | frame | riesz | log   (ce: the cross-entropy energy E_s)
  --n N             number of points (classes), N >= 2
  --d D             dimension of the ambient space R^d, D >= 2
  --s S             scale (inverse temperature) of the exponential kernels, S > 0 (default 1)
  --alpha A         exponent of the Riesz energy, A > 0 (default 1)

Solver:
  --seed K          seed of the random starts, 0 <= K < 2^32 (default 1)
  --restarts R      number of random starts; the best is reported (default 1)
  --optimizer O     lbfgs | rgd | rtr | auto (default lbfgs: Riemannian L-BFGS; rtr: trust-region
                    Newton; auto: L-BFGS, then Newton near the minimum)
  --tol T           stop when |grad| / |E| < T (default 1e-9)
  --max-iter M      iteration budget per start (default 20000)
  --time-limit SEC  wall-clock budget of the whole run, seconds
  --threads K       worker threads for the energy kernels (default: the machine's cores)

Output:
  --json            print one JSON object on stdout: runId, energy, energyPerPoint, gradNorm, iterations,
                    wallMs, seed, restarts {total, reachedBest}, metrics {...}, stopReason, spec
  --points          include the configuration (n rows of d numbers; two-set: H's rows, then W's)
  --progress        print progress lines on stderr even when it is not a terminal (one a second);
                    on a terminal a live progress line is always shown
  --db FILE         store the run in this database (default: $SPHERELAB_DB, else spherelab.db in
                    the user data folder); spherelab show RUNID shows it later

Ctrl-C stops the solver cleanly: the best configuration so far is reported with stopReason
"cancelled" and the exit code is 130. A second Ctrl-C kills the solver at once (no result).

Exit codes: 0 done, 1 the solver failed (the reason is printed), 2 bad input, 130 interrupted.

Example:
  spherelab run --energy ce --n 4 --d 3 --json
`;

export const runCommand: Command = {
  help: HELP,
  main: (args, context) =>
    runStored(args, context, (request, hooks) => runAndReport(request, context, hooks)),
};

/**
 * Runs a parsed request with Ctrl-C handling and a progress line, prints the result and returns the
 * exit code. `hooks` let a caller follow the run (the archive stores it).
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
  if (request.json) context.stdout.write(runJson(done, spec, request.points) + '\n');
  else context.stdout.write(runSummaryText(done, spec, request.points));
  return done.summary.stopReason === 'cancelled' ? EXIT_INTERRUPTED : EXIT_OK;
}

import { describe, expect, it } from 'vitest';
import type { SolveCheckpoint } from '../../core/optim/checkpoint';
import type { RunSpecInput } from '../../core/spec/run-spec';
import type { ProgressMessage } from '../../electron/solver/protocol';
import { runSolver, SolverError, SolverProcess } from '../../electron/solver/solver-client';
import { exitOf, until, watchedForkSpawner } from '../helpers/processes';

/**
 * The solver protocol through really forked solver processes (child_process.fork, tsx loader,
 * structured clone): progress, checkpoints, done with the points, resume, cancel, crash and errors.
 */

/** the simplex ETF bound (*) at n = 4, s = 1, docs/math.md#etf-bound */
const ETF_BOUND_N4 = 2.330630612247;
/** long enough that it is still running when the test cancels or kills it */
const LONG: RunSpecInput = { energy: 'ce', n: 3000, d: 3, maxIter: 100_000 };

function rowNorms(data: Float64Array, d: number): number[] {
  const norms: number[] = [];
  for (let o = 0; o < data.length; o += d) norms.push(Math.hypot(...data.subarray(o, o + d)));
  return norms;
}

/** Resolves with the first progress message that satisfies `when`. */
function progressWhere(when: (p: ProgressMessage) => boolean) {
  let resolve!: (p: ProgressMessage) => void;
  const reached = new Promise<ProgressMessage>((r) => (resolve = r));
  return { reached, onProgress: (p: ProgressMessage) => when(p) && resolve(p) };
}

describe('solver process', () => {
  it('streams progress and ends with done carrying the points as a Float64Array', async () => {
    const { spawner, handles } = watchedForkSpawner();
    const progress: ProgressMessage[] = [];
    const done = await runSolver(
      spawner,
      { runId: 'run-a', spec: { energy: 'ce', n: 4, d: 3, restarts: 3, seed: 7 }, progressEveryMs: 1 },
      { onProgress: (p) => progress.push(p) },
    );
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((p) => p.runId === 'run-a')).toBe(true);
    expect(new Set(progress.map((p) => p.restart))).toEqual(new Set([0, 1, 2]));
    expect(done.runId).toBe('run-a');
    expect(done.points.data).toBeInstanceOf(Float64Array);
    expect(done.points.data.length).toBe(12);
    for (const norm of rowNorms(done.points.data, 3)) expect(norm).toBeCloseTo(1, 14);
    // d >= n - 1: the minimum is the simplex ETF, so the bound (*) is reached (1e-10 relative).
    expect(Math.abs(done.summary.energy - ETF_BOUND_N4) / ETF_BOUND_N4).toBeLessThan(1e-10);
    expect(done.summary.restarts).toEqual({ total: 3, reachedBest: 3, completed: 3 });
    expect(done.trace.length).toBeGreaterThan(0);
    expect(await exitOf(handles[0])).toEqual({ code: 0, signal: null });
  });

  it('sends checkpoints a later solver resumes from, bit for bit', async () => {
    const spec: RunSpecInput = { energy: 'ce', n: 400, d: 3, maxIter: 12, tol: 1e-14 };
    const checkpoints: SolveCheckpoint[] = [];
    const { spawner } = watchedForkSpawner();
    const whole = await runSolver(
      spawner,
      { runId: 'whole', spec, checkpointEveryMs: 1 },
      { onCheckpoint: (c) => checkpoints.push(c.checkpoint) },
    );
    expect(whole.summary.stopReason).toBe('max-iter');
    const middle = checkpoints.find((c) => c.iteration > 0 && c.iteration < 12);
    expect(middle, `checkpoints at iterations ${checkpoints.map((c) => c.iteration)}`).toBeDefined();
    expect(middle!.points.data).toBeInstanceOf(Float64Array);

    const resumed = await runSolver(spawner, { runId: 'resumed', spec, resume: middle });
    expect(resumed.summary.iterations).toBe(12);
    expect(resumed.summary.energy).toBe(whole.summary.energy);
    expect(resumed.points.data).toEqual(whole.points.data);
  });

  it('answers cancel mid-run with the best configuration so far', async () => {
    const { spawner, handles } = watchedForkSpawner();
    const cancel = new AbortController();
    const started = progressWhere((p) => p.iteration >= 2);
    const running = runSolver(
      spawner,
      { runId: 'cancel', spec: LONG },
      { signal: cancel.signal, onProgress: started.onProgress },
    );
    const seen = await started.reached;
    cancel.abort();
    const done = await running;
    expect(done.summary.stopReason).toBe('cancelled');
    expect(done.summary.iterations).toBeGreaterThanOrEqual(seen.iteration);
    expect(done.summary.iterations).toBeLessThan(LONG.maxIter!);
    expect(done.summary.energy).toBeLessThanOrEqual(seen.energy);
    expect(done.points.data.length).toBe(3000 * 3);
    expect(await exitOf(handles[0])).toEqual({ code: 0, signal: null });
  });

  it('rejects with the signal when the solver is killed', async () => {
    const { spawner, handles } = watchedForkSpawner();
    const started = progressWhere(() => true);
    const running = runSolver(spawner, { runId: 'kill', spec: LONG }, { onProgress: started.onProgress });
    await started.reached;
    process.kill(handles[0].pid!, 'SIGKILL');
    const error = await running.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SolverError);
    expect((error as SolverError).failure).toBe('crash');
    expect((error as SolverError).exitSignal).toBe('SIGKILL');
    expect((error as SolverError).message).toMatch(/killed by SIGKILL/);
  });

  it("reports the solve's own error as that run's failure", async () => {
    const { spawner, handles } = watchedForkSpawner();
    const small = await runSolver(spawner, {
      runId: 'small',
      spec: { energy: 'ce', n: 5, d: 3, maxIter: 3 },
    });
    const wrongSize = { restart: 0, iteration: 3, energy: 1, elapsedMs: 1, points: small.points };
    const failed = runSolver(spawner, {
      runId: 'bad-resume',
      spec: { energy: 'ce', n: 6, d: 3 },
      resume: wrongSize,
    });
    await expect(failed).rejects.toThrow(
      /solver failed: cannot resume from this checkpoint: it is for n = 5/,
    );
    await expect(failed).rejects.toMatchObject({ failure: 'error' });
    // the process survived its run's error; runSolver then ends it, as after every run
    expect(await exitOf(handles[1])).toEqual({ code: 0, signal: null });
  });

  it('validates the start message it receives and names the field', async () => {
    const { spawner, handles } = watchedForkSpawner();
    const failed = runSolver(spawner, { runId: 'bad-spec', spec: { energy: 'ce', n: 1, d: 3 } });
    await expect(failed).rejects.toThrow(/solver failed: invalid request at spec\.n/);
    expect(await exitOf(handles[0])).toEqual({ code: 0, signal: null });
  });

  it('runs batch after batch in one process, answering each run once, in order', async () => {
    const { spawner, handles } = watchedForkSpawner();
    const answers: string[] = [];
    let ended: (value: { error: SolverError; unanswered: string[] }) => void;
    const exit = new Promise<{ error: SolverError; unanswered: string[] }>((resolve) => (ended = resolve));
    const solver = new SolverProcess(spawner, {
      done: (m) => answers.push(`done ${m.runId} ${m.summary.stopReason}`),
      failed: (runId, message) => answers.push(`failed ${runId}: ${message}`),
      dropped: (runId) => answers.push(`dropped ${runId}`),
      exit: (error, unanswered) => ended({ error, unanswered }),
    });
    const small = (runId: string, n: number) => ({ runId, spec: { energy: 'ce' as const, n, d: 3 } });
    solver.start([small('a', 4), { runId: 'bad', spec: { energy: 'ce', n: 1, d: 3 } }, small('b', 5)]);
    // the third run is cancelled while it waits: dropped, never run
    solver.start([{ runId: 'long', spec: LONG }, small('c', 6), small('d', 7)]);
    solver.cancel('c', Infinity);
    await until(() => answers.length >= 4);
    solver.cancel('long', Infinity);
    await until(() => answers.length === 6);
    // the drop comes whenever the solver reads the cancel; the runs it ran come in order
    expect(answers).toContain('dropped c');
    expect(answers.filter((a) => !a.startsWith('dropped'))).toEqual([
      expect.stringMatching(/^failed bad: solver failed: invalid request at spec\.n/),
      'done a converged',
      'done b converged',
      'done long cancelled',
      'done d converged',
    ]);
    expect(handles).toHaveLength(1);
    solver.suspend();
    const { error, unanswered } = await exit;
    expect(unanswered).toEqual([]);
    expect(error.exitCode).toBe(0);
  });

  it('hands back the runs a crashed solver never answered, the one going first', async () => {
    const { spawner, handles } = watchedForkSpawner();
    let progress: (() => void) | undefined;
    const going = new Promise<void>((resolve) => (progress = resolve));
    let ended: (value: { error: SolverError; unanswered: string[] }) => void;
    const exit = new Promise<{ error: SolverError; unanswered: string[] }>((resolve) => (ended = resolve));
    const solver = new SolverProcess(spawner, {
      progress: () => progress?.(),
      done: () => {},
      failed: () => {},
      dropped: () => {},
      exit: (error, unanswered) => ended({ error, unanswered }),
    });
    solver.start([
      { runId: 'long', spec: LONG },
      { runId: 'next', spec: { energy: 'ce', n: 4, d: 3 } },
    ]);
    await going;
    process.kill(handles[0]!.pid!, 'SIGKILL');
    const { error, unanswered } = await exit;
    expect(unanswered).toEqual(['long', 'next']);
    expect(error).toMatchObject({ failure: 'crash', exitSignal: 'SIGKILL' });
  });
});

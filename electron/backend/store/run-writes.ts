import { LOWER_UUID } from '../../../core/contract/records';
import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import type { RunCertificate, TracePoint } from '../../../core/spec/run-result';
import type { Configuration } from '../../../core/configuration/schema';
import { RunSpec } from '../../../core/spec/run-spec';
import { appVersion, machineSummary } from './app-info';
import { float64Blob, int32Blob, readFloat64Blob, readInt32Blob } from './blobs';
import { snakeCase } from './run-columns';
import { serialize } from 'node:v8';
import { SCALAR_METRICS } from '../../../core/contract';
import type { FinalResult, ProgressUpdate, RunTrace } from './store-api';

/** Every write to a run's life: insert, claim, progress, finish, end, requeue. */

/**
 * Prepared statements, once per connection: a sweep of small runs writes thousands of results a
 * second, and preparing costs as much as running these statements.
 */
const prepared = new WeakMap<Database.Database, Map<string, Database.Statement>>();
export function statement(db: Database.Database, sql: string): Database.Statement {
  let cache = prepared.get(db);
  if (!cache) prepared.set(db, (cache = new Map()));
  let found = cache.get(sql);
  if (!found) cache.set(sql, (found = db.prepare(sql)));
  return found;
}

export function insertRun(
  db: Database.Database,
  input: RunSpec,
  experimentId: string | null,
  owner: string | null,
  createdAt = Date.now(),
  id: string = randomUUID(),
  /** JSON of a RunOrigin, or null for a run of this machine's own queue */
  origin: string | null = null,
): string {
  const spec = RunSpec.parse(input);
  if (!LOWER_UUID.test(id)) throw new Error(`run id ${id} is not a lower-case UUID`);
  statement(
    db,
    `INSERT INTO runs (id, experiment_id, status, owner, energy_kind, n, d, s, alpha, seed, restarts, optimizer, tol,
       max_iter, time_limit_sec, memory, log_energy, threads, spec, version, machine, created_at, origin)
     VALUES (?, ?, 'queued', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    id,
    experimentId,
    owner,
    spec.energy,
    spec.n,
    spec.d,
    spec.s,
    spec.alpha,
    spec.seed,
    spec.restarts,
    spec.optimizer,
    spec.tol,
    spec.maxIter,
    spec.timeLimitSec ?? null,
    spec.memory,
    spec.logEnergy,
    spec.threads ?? null,
    JSON.stringify(spec),
    appVersion(),
    machineSummary(),
    createdAt,
    origin,
  );
  return id;
}

export function claimRun(db: Database.Database, id: string, owner: string): boolean {
  const result = statement(
    db,
    `UPDATE runs SET status = 'running', started_at = ?, error = NULL, machine = ?, version = ?
     WHERE id = ? AND status = 'queued' AND owner = ?`,
  ).run(Date.now(), machineSummary(), appVersion(), id, owner);
  return result.changes === 1;
}

function appendTrace(db: Database.Database, id: string, trace: readonly TracePoint[]): void {
  if (trace.length === 0) return;
  const next = statement(db, 'SELECT coalesce(max(chunk) + 1, 0) FROM traces WHERE run_id = ?')
    .pluck()
    .get(id) as number;
  statement(
    db,
    `INSERT INTO traces (run_id, chunk, count, restart, iteration, energy, grad_norm, elapsed_ms)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    id,
    next,
    trace.length,
    int32Blob(trace.map((p) => p.restart)),
    int32Blob(trace.map((p) => p.iteration)),
    float64Blob(trace.map((p) => p.energy)),
    float64Blob(trace.map((p) => p.gradNorm)),
    float64Blob(trace.map((p) => p.elapsedMs)),
  );
}

export function readTrace(db: Database.Database, id: string): RunTrace {
  const chunks = statement(
    db,
    'SELECT restart, iteration, energy, grad_norm, elapsed_ms FROM traces WHERE run_id = ? ORDER BY chunk',
  ).all(id) as Record<'restart' | 'iteration' | 'energy' | 'grad_norm' | 'elapsed_ms', Uint8Array>[];
  // each column's chunks are consecutive BLOBs of one array
  const column = (name: keyof (typeof chunks)[number]) => Buffer.concat(chunks.map((c) => c[name]));
  return {
    restart: readInt32Blob(column('restart')),
    iteration: readInt32Blob(column('iteration')),
    energy: readFloat64Blob(column('energy')),
    gradNorm: readFloat64Blob(column('grad_norm')),
    elapsedMs: readFloat64Blob(column('elapsed_ms')),
  };
}

function traceSamples(trace: RunTrace): TracePoint[] {
  return Array.from(trace.energy, (energy, i) => ({
    restart: trace.restart[i]!,
    iteration: trace.iteration[i]!,
    energy,
    gradNorm: trace.gradNorm[i]!,
    elapsedMs: trace.elapsedMs[i]!,
  }));
}

/** A checkpoint as ProgressUpdate carries it, or the final configuration; elapsedMs is required here. */
type ConfigurationWrite = NonNullable<ProgressUpdate['checkpoint']> & { elapsedMs: number };

function writeConfiguration(
  db: Database.Database,
  id: string,
  kind: 'final' | 'checkpoint',
  c: ConfigurationWrite,
) {
  if (c.points.length !== c.rows * c.d)
    throw new Error(
      `a configuration of ${c.rows} x ${c.d} needs ${c.rows * c.d} values, got ${c.points.length}`,
    );
  statement(
    db,
    `INSERT OR REPLACE INTO configurations
       (run_id, kind, n, rows, d, restart, iteration, energy, elapsed_ms, created_at, points, optimizer_state)
     VALUES (?, ?, (SELECT n FROM runs WHERE id = ?), ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    id,
    kind,
    id,
    c.rows,
    c.d,
    c.restart,
    c.iteration,
    c.energy,
    c.elapsedMs,
    Date.now(),
    float64Blob(c.points),
    c.optimizerState ? serialize(c.optimizerState) : null,
  );
}

export function recordProgress(db: Database.Database, id: string, update: ProgressUpdate): void {
  db.transaction(() => {
    const p = update.progress;
    const changed = statement(
      db,
      `UPDATE runs SET progress_restart = ?, progress_iteration = ?, progress_energy = ?, progress_grad_norm = ?,
           progress_elapsed_ms = ? WHERE id = ? AND status = 'running'`,
    ).run(p.restart, p.iteration, p.energy, p.gradNorm, p.elapsedMs, id).changes;
    if (changed === 0) return;
    appendTrace(db, id, update.trace);
    if (update.checkpoint)
      writeConfiguration(db, id, 'checkpoint', { elapsedMs: p.elapsedMs, ...update.checkpoint });
  })();
}

const before = (a: TracePoint, b: TracePoint) =>
  a.restart < b.restart || (a.restart === b.restart && a.iteration < b.iteration);

/** The certificate's columns (migrations/0004_certificate.sql), in the order of certificateValues. */
const CERTIFICATE_SQL = ['lambda_min', 'negative_directions', 'zero_modes', 'spectral_gap', 'verdict'];

function certificateValues(c: RunCertificate | null): (number | string | null)[] {
  return c
    ? [c.lambdaMin, c.negativeDirections, c.zeroModes, c.gap, c.verdict]
    : [null, null, null, null, null];
}

/** The columns of a run's named configuration (migrations/0005_configuration.sql), in the order `configurationValues` gives. */
const CONFIGURATION_COLUMNS = [
  'configuration_name',
  'configuration_parts',
  'configuration_closed_form',
  'configuration_gap',
  'configuration_invariants',
];

function configurationValues(c: Configuration | undefined): (string | number | null)[] {
  if (!c) return [null, null, null, null, null];
  return [
    c.name,
    c.parts ? JSON.stringify(c.parts) : null,
    c.closedFormEnergy ?? null,
    c.gap ?? null,
    c.invariants ? JSON.stringify(c.invariants) : null,
  ];
}

/** the UPDATE that stores an outcome (its metric columns come from SCALAR_METRICS) */
const FINISH_SQL = `UPDATE runs SET status = ?, owner = NULL, finished_at = ?, wall_ms = ?, iterations = ?, evaluations = ?,
     final_energy = ?, energy_per_point = ?, grad_norm = ?, stop_reason = ?, restarts_reached_best = ?,
     restarts_completed = ?, evaluator = ?, error = NULL, gegenbauer = ?,
     ${SCALAR_METRICS.map((name) => `${snakeCase(name)} = ?`).join(', ')},
     ${CERTIFICATE_SQL.map((c) => `${c} = ?`).join(', ')},
     ${CONFIGURATION_COLUMNS.map((c) => `${c} = ?`).join(', ')}
   WHERE id = ? AND status = 'running'`;

/**
 * Writes the outcome, the final configuration and the trace in one transaction. The solver's trace
 * covers this attempt; samples stored by earlier attempts (before a resume) are kept where they come
 * before its first sample.
 */
export function finishRun(db: Database.Database, id: string, result: FinalResult): void {
  const { summary, points, rows } = result;
  const m = summary.metrics;
  const d = points.length / rows;
  db.transaction(() => {
    const changed = statement(db, FINISH_SQL).run(
      result.status ?? 'completed',
      Date.now(),
      summary.wallMs,
      summary.iterations,
      summary.evaluations,
      summary.energy,
      summary.energyPerPoint,
      summary.gradNorm,
      summary.stopReason,
      summary.restarts.reachedBest,
      summary.restarts.completed,
      summary.evaluator,
      float64Blob(m.gegenbauer),
      ...SCALAR_METRICS.map((name) => m[name]),
      ...certificateValues(summary.certificate ?? null),
      ...configurationValues(summary.configuration),
      id,
    ).changes;
    if (changed === 0) throw new Error(`run ${id} is not running; its result was not stored`);
    const first = result.trace[0];
    const stored = traceSamples(readTrace(db, id));
    const kept = first ? stored.filter((p) => before(p, first)) : stored;
    statement(db, 'DELETE FROM traces WHERE run_id = ?').run(id);
    appendTrace(db, id, [...kept, ...result.trace]);
    const last = result.trace.at(-1);
    writeConfiguration(db, id, 'final', {
      points,
      rows,
      d,
      energy: summary.energy,
      elapsedMs: summary.wallMs,
      restart: last?.restart ?? 0,
      iteration: last?.iteration ?? summary.iterations,
    });
    statement(db, "DELETE FROM configurations WHERE run_id = ? AND kind = 'checkpoint'").run(id);
  })();
}

/**
 * finishRun for many runs in one transaction. Each run is its own savepoint: one that cannot be
 * stored (no longer running) is left as it was and named in the answer, the others are stored.
 */
export function finishRuns(
  db: Database.Database,
  results: readonly { id: string; result: FinalResult }[],
): { id: string; error: string }[] {
  const failures: { id: string; error: string }[] = [];
  db.transaction(() => {
    for (const { id, result } of results) {
      try {
        finishRun(db, id, result);
      } catch (error) {
        failures.push({ id, error: error instanceof Error ? error.message : String(error) });
      }
    }
  }).immediate();
  return failures;
}

export function endRun(
  db: Database.Database,
  id: string,
  status: 'failed' | 'cancelled' | 'interrupted',
  error: string,
): void {
  statement(
    db,
    `UPDATE runs SET status = ?, error = ?, owner = NULL, finished_at = ? WHERE id = ? AND status IN ('queued', 'running')`,
  ).run(status, error, Date.now(), id);
}

/** interrupted, failed or cancelled -> queued under `owner`, outcome cleared, checkpoint kept. */
export function requeueRuns(db: Database.Database, ids: readonly string[], owner: string): string[] {
  const outcome = [
    'finished_at',
    'wall_ms',
    'iterations',
    'evaluations',
    'final_energy',
    'energy_per_point',
    'grad_norm',
    'stop_reason',
    'restarts_reached_best',
    'restarts_completed',
    'error',
    'gegenbauer',
    ...SCALAR_METRICS.map(snakeCase),
    ...CERTIFICATE_SQL,
    ...CONFIGURATION_COLUMNS,
  ];
  const requeue = db.prepare(
    `UPDATE runs SET status = 'queued', owner = ?, ${outcome.map((c) => `${c} = NULL`).join(', ')}
     WHERE id = ? AND status IN ('interrupted', 'failed', 'cancelled')`,
  );
  const dropFinal = db.prepare("DELETE FROM configurations WHERE run_id = ? AND kind = 'final'");
  return db
    .transaction(() =>
      ids.filter((id) => {
        if (requeue.run(owner, id).changes === 0) return false;
        dropFinal.run(id);
        return true;
      }),
    )
    .immediate();
}

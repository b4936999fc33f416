import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { deserialize } from 'node:v8';
import { PrintableName, PrintableText } from '../../../core/spec/printable';
import type { CompareQuery, HistoryQuery, RunStatus } from '../../../core/contract';
import { ExperimentSpec, expandExperiment } from '../../../core/spec/experiment-spec';
import type { RunSpec } from '../../../core/spec/run-spec';
import { takeShard } from '../../../core/spec/shard';
import { LOWER_UUID, RunOrigin } from '../../../core/contract/records';
import { readFloat64Blob } from './blobs';
import { CHECKSUM_MISMATCH } from './checksum';
import { compareRuns } from './compare';
import { readExperiments } from './experiment-rows';
import { listRuns } from './history';
import { openDatabase, type OpenOptions } from './migrate';
import { OwnerLease, recoverInterrupted } from './owner-lease';
import { RUN_EXTRAS, toRunRow, type RawRun } from './run-columns';
import * as writes from './run-writes';
import * as paths from './path-rows';
import type {
  FinalResult,
  NewExperiment,
  OptimizerState,
  ProgressUpdate,
  StoredConfiguration,
  Store,
  Target,
} from './store-api';
import { Problems, storedTime } from './stored-values';

/** The Store on one SQLite file (see store-api.ts for the contract of each method). */

export interface StoreOptions extends OpenOptions {
  /** mark runs of dead owners interrupted on open (default true) */
  recover?: boolean;
}

/** null when absent or unreadable (written by a newer runtime): the resume then starts from the points. */
function readOptimizerState(blob: Uint8Array | null): OptimizerState | null {
  if (!blob) return null;
  try {
    return deserialize(blob) as OptimizerState;
  } catch {
    return null;
  }
}

export function openStore(path: string, options: StoreOptions = {}): SqliteStore {
  const store = new SqliteStore(openDatabase(path, options), path);
  if (options.recover !== false) {
    store.recoverPaths();
    store.recoverInterrupted();
  }
  return store;
}

/** A configuration or trace whose stored bytes fail their checksum or cannot be read. */
export class DamagedDataError extends Error {
  override name = 'DamagedDataError';
}

const ACTIVE: readonly RunStatus[] = ['queued', 'running'];
// the CLI calls the store directly: what the contract checks for the UI is checked here again
const StoredTag = PrintableName.max(100);
const normalizeTags = (tags: string[]) =>
  [...new Set(tags.map((t) => StoredTag.parse(t.trim())).filter((t) => t.length > 0))].sort();
const targetColumn = (target: Target) =>
  'runId' in target ? (['run_id', target.runId] as const) : (['experiment_id', target.experimentId] as const);

export class SqliteStore implements Store {
  constructor(
    readonly db: Database.Database,
    readonly path: string,
  ) {}

  createExperiment(input: NewExperiment, owner: string | null) {
    const spec = ExperimentSpec.parse(input.spec);
    const runSpecs = takeShard(expandExperiment(spec), input.shard);
    const id = input.id ?? randomUUID();
    const origin = input.origin ? JSON.stringify(RunOrigin.parse(input.origin)) : null;
    if (input.id !== undefined && !LOWER_UUID.test(input.id))
      throw new Error(`experiment id ${input.id} is not a lower-case UUID`);
    const runIds = this.db
      .transaction(() => {
        const now = Date.now();
        const existing = this.db.prepare('SELECT spec FROM experiments WHERE id = ?').pluck().get(id) as
          string | undefined;
        // a second shard of the same job in one database joins its experiment; any other spec is refused
        if (existing !== undefined && existing !== JSON.stringify(spec))
          throw new Error(`experiment ${id} is already in this database with another spec`);
        if (existing === undefined)
          this.db
            .prepare(
              'INSERT INTO experiments (id, name, description, spec, created_at) VALUES (?, ?, ?, ?, ?)',
            )
            .run(id, spec.name, spec.description, JSON.stringify(spec), now);
        this.setTags({ experimentId: id }, input.tags ?? []);
        return runSpecs.map((runSpec) =>
          writes.insertRun(this.db, runSpec, id, owner, now, undefined, origin),
        );
      })
      .immediate();
    return { experiment: this.getExperiment(id)!, runIds };
  }

  getExperiment(id: string) {
    return readExperiments(this.db, 'e.id = ?', [id])[0] ?? null;
  }

  listExperiments() {
    return readExperiments(this.db, '1', []);
  }

  /** Deletes the experiment and its runs; refuses while any of its runs is queued or running. */
  deleteExperiment(id: string): number {
    return this.db
      .transaction(() => {
        const active = this.db
          .prepare(`SELECT count(*) FROM runs WHERE experiment_id = ? AND status IN ('queued', 'running')`)
          .pluck()
          .get(id) as number;
        if (active > 0)
          throw new Error(`experiment ${id} has ${active} queued or running runs; cancel them first`);
        return this.db.prepare('DELETE FROM experiments WHERE id = ?').run(id).changes;
      })
      .immediate();
  }

  renameExperiment(id: string, name: string) {
    const spec = this.db.prepare('SELECT spec FROM experiments WHERE id = ?').pluck().get(id) as string | undefined;
    if (spec === undefined) throw new Error(`no experiment with id ${id}`);
    // the stored spec is what a clone or an archive carries: it must say the same name
    const renamed = ExperimentSpec.parse({ ...(JSON.parse(spec) as ExperimentSpec), name });
    this.db
      .prepare('UPDATE experiments SET name = ?, spec = ? WHERE id = ?')
      .run(renamed.name, JSON.stringify(renamed), id);
    return this.getExperiment(id)!;
  }

  insertRun(
    spec: RunSpec,
    options: { experimentId?: string | null; owner?: string | null; id?: string } = {},
  ) {
    return writes.insertRun(
      this.db,
      spec,
      options.experimentId ?? null,
      options.owner ?? null,
      Date.now(),
      options.id,
    );
  }

  getRun(id: string) {
    const raw = writes.statement(this.db, `SELECT r.*, ${RUN_EXTRAS} FROM runs r WHERE r.id = ?`).get(id) as
      RawRun | undefined;
    return raw ? toRunRow(raw) : null;
  }

  resolveRunId(prefix: string): string {
    const p = prefix.trim().toLowerCase();
    if (!/^[0-9a-f-]{4,36}$/.test(p))
      throw new Error(`"${prefix}" is not a run id (at least 4 characters of a UUID)`);
    const ids = this.db
      .prepare("SELECT id FROM runs WHERE id >= ? AND id < ? || 'g' LIMIT 6")
      .pluck()
      .all(p, p) as string[];
    if (ids.length === 1) return ids[0]!;
    if (ids.length === 0) throw new Error(`no run with id ${prefix} in ${this.path}`);
    throw new Error(
      `run id ${prefix} is ambiguous: ${ids.slice(0, 5).join(', ')}${ids.length > 5 ? ', ...' : ''}`,
    );
  }

  listRuns(query: HistoryQuery) {
    return listRuns(this.db, query);
  }

  compare(query: CompareQuery) {
    return compareRuns(this.db, query);
  }

  /** Deletes runs that are not queued or running; returns how many went. */
  deleteRuns(ids: string[]): number {
    const remove = this.db.prepare(
      `DELETE FROM runs WHERE id = ? AND status NOT IN (${ACTIVE.map((s) => `'${s}'`).join(', ')})`,
    );
    return this.db.transaction(() => ids.reduce((sum, id) => sum + remove.run(id).changes, 0)).immediate();
  }

  /**
   * A damaged run is never started (its placeholders are not what was asked), nor resumed from a
   * damaged checkpoint: it ends failed, saying why.
   */
  claimRun(id: string, owner: string) {
    let damaged = this.getRun(id)?.damaged;
    try {
      this.getConfiguration(id, 'checkpoint');
    } catch (error) {
      if (!(error instanceof DamagedDataError)) throw error;
      damaged ??= error.message;
    }
    if (damaged) {
      writes.endRun(this.db, id, 'failed', `the stored run is damaged: ${damaged}`);
      return false;
    }
    return writes.claimRun(this.db, id, owner);
  }

  recordProgress(id: string, update: ProgressUpdate) {
    writes.recordProgress(this.db, id, update);
  }

  claimRuns(ids: string[], owner: string) {
    return this.db.transaction(() => ids.filter((id) => this.claimRun(id, owner))).immediate();
  }

  finishRun(id: string, result: FinalResult) {
    writes.finishRun(this.db, id, result);
  }

  finishRuns(results: { id: string; result: FinalResult }[]) {
    return writes.finishRuns(this.db, results);
  }

  endRun(id: string, status: 'failed' | 'cancelled' | 'interrupted', error: string) {
    writes.endRun(this.db, id, status, error);
  }

  /** Damaged runs are left as they are (see claimRun). */
  requeueRuns(ids: string[], owner: string) {
    return writes.requeueRuns(
      this.db,
      ids.filter((id) => !this.getRun(id)?.damaged),
      owner,
    );
  }

  /** Throws DamagedDataError when a chunk's bytes no longer match its checksum. */
  getTrace(id: string) {
    const bad = this.db
      .prepare(`SELECT chunk FROM traces t WHERE t.run_id = ? AND ${CHECKSUM_MISMATCH.traces}`)
      .pluck()
      .all(id) as number[];
    if (bad.length > 0)
      throw new DamagedDataError(
        `the trace of run ${id} is damaged: chunk ${bad.join(', ')} no longer matches its checksum`,
      );
    return writes.readTrace(this.db, id);
  }

  /** Throws DamagedDataError when the points no longer match their checksum, or cannot be read. */
  getConfiguration(id: string, kind: 'final' | 'checkpoint'): StoredConfiguration | null {
    const raw = writes
      .statement(
        this.db,
        `SELECT t.n, t.rows, t.d, restart, iteration, t.energy, t.elapsed_ms, t.created_at, points, optimizer_state,
           ${CHECKSUM_MISMATCH.configurations} AS mismatch, r.n AS run_n, r.d AS run_d,
           CASE r.energy_kind WHEN 'two-set' THEN 2 * r.n ELSE r.n END AS run_rows
         FROM configurations t JOIN runs r ON r.id = t.run_id WHERE t.run_id = ? AND t.kind = ?`,
      )
      .get(id, kind) as Record<string, number | Uint8Array | null> | undefined;
    if (!raw) return null;
    const problems = new Problems();
    const createdAt = storedTime(raw.created_at, 'createdAt', 'created_at', problems);
    const points = raw.points as Uint8Array;
    if (raw.n !== raw.run_n || raw.d !== raw.run_d || raw.rows !== raw.run_rows)
      problems.add(
        'shape',
        `n, d, rows are ${raw.n}, ${raw.d}, ${raw.rows}; the run has ${raw.run_n}, ${raw.run_d}, ${raw.run_rows}`,
      );
    else if (points.byteLength !== 8 * (raw.rows as number) * (raw.d as number))
      problems.add('points', `the points hold ${points.byteLength} bytes, not rows x d float64`);
    else if (raw.mismatch) problems.add('points', 'the points no longer match their checksum');
    if (problems.size > 0 || createdAt === undefined)
      throw new DamagedDataError(`the ${kind} configuration of run ${id} is damaged: ${problems.toString()}`);
    return {
      runId: id,
      kind,
      rows: raw.rows as number,
      d: raw.d as number,
      points: readFloat64Blob(points),
      iteration: raw.iteration as number,
      restart: raw.restart as number,
      energy: (raw.energy as number | null) ?? Number.NaN,
      elapsedMs: raw.elapsed_ms as number,
      createdAt,
      optimizerState: readOptimizerState(raw.optimizer_state as Uint8Array | null),
    };
  }

  setTags(target: Target, tags: string[]) {
    const [column, id] = targetColumn(target);
    this.db.transaction(() => {
      this.db.prepare(`DELETE FROM tags WHERE ${column} = ?`).run(id);
      const insert = this.db.prepare(`INSERT INTO tags (${column}, tag) VALUES (?, ?)`);
      for (const tag of normalizeTags(tags)) insert.run(id, tag);
    })();
  }

  setNote(target: Target, note: string) {
    PrintableText.parse(note);
    const [column, id] = targetColumn(target);
    this.db.transaction(() => {
      this.db.prepare(`DELETE FROM notes WHERE ${column} = ?`).run(id);
      if (note.trim())
        this.db
          .prepare(`INSERT INTO notes (${column}, body, updated_at) VALUES (?, ?, ?)`)
          .run(id, note, Date.now());
    })();
  }

  createPath(spec: Parameters<typeof paths.insertPath>[1], owner: string | null) {
    return paths.insertPath(this.db, spec, owner);
  }

  getPath(id: string) {
    return paths.getPath(this.db, id);
  }

  listPaths(statuses?: Parameters<typeof paths.listPaths>[1]) {
    return paths.listPaths(this.db, statuses);
  }

  markPathRunning(id: string) {
    return paths.markPathRunning(this.db, id);
  }

  recordPathProgress(id: string, progress: Parameters<typeof paths.recordPathProgress>[2]) {
    paths.recordPathProgress(this.db, id, progress);
  }

  finishPath(id: string, result: Parameters<typeof paths.finishPath>[2]) {
    return paths.finishPath(this.db, id, result);
  }

  endPath(id: string, status: 'failed' | 'cancelled', error: string) {
    return paths.endPath(this.db, id, status, error);
  }

  deletePath(id: string) {
    return paths.deletePath(this.db, id);
  }

  recoverPaths() {
    return paths.recoverPaths(this.db);
  }

  acquireLease() {
    return new OwnerLease(this.db);
  }

  recoverInterrupted() {
    return recoverInterrupted(this.db);
  }

  close() {
    if (!this.db.open) return;
    // keeps the planner's statistics current for the history queries (cheap when nothing changed)
    try {
      this.db.pragma('optimize');
    } finally {
      this.db.close();
    }
  }
}

import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { deserialize } from 'node:v8';
import { ExperimentSpec, expandExperiment } from '../../../core/spec/experiment-spec';
import type { RunSpec } from '../../../core/spec/run-spec';
import { readFloat64Blob } from './blobs';
import { compareRuns } from './compare';
import { listRuns } from './history';
import { openDatabase, type OpenOptions } from './migrate';
import { OwnerLease, recoverInterrupted } from './owner-lease';
import { isoTime, RUN_EXTRAS, toRunRow, type RawRun } from './run-columns';
import * as writes from './run-writes';
import {
  RUN_STATUSES,
  type CompareQuery,
  type ExperimentRow,
  type FinalResult,
  type HistoryQuery,
  type NewExperiment,
  type OptimizerState,
  type ProgressUpdate,
  type RunStatus,
  type StoredConfiguration,
  type Store,
  type Target,
} from './types';

/** The Store on one SQLite file (see types.ts for the contract of each method). */

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
  if (options.recover !== false) store.recoverInterrupted();
  return store;
}

const ACTIVE: readonly RunStatus[] = ['queued', 'running'];
const normalizeTags = (tags: string[]) =>
  [...new Set(tags.map((t) => t.trim()).filter((t) => t.length > 0))].sort();
const targetColumn = (target: Target) =>
  'runId' in target ? (['run_id', target.runId] as const) : (['experiment_id', target.experimentId] as const);

export class SqliteStore implements Store {
  constructor(
    readonly db: Database.Database,
    readonly path: string,
  ) {}

  createExperiment(input: NewExperiment, owner: string | null) {
    const spec = ExperimentSpec.parse(input.spec);
    const runSpecs = expandExperiment(spec);
    const id = randomUUID();
    const runIds = this.db
      .transaction(() => {
        const now = Date.now();
        this.db
          .prepare('INSERT INTO experiments (id, name, description, spec, created_at) VALUES (?, ?, ?, ?, ?)')
          .run(id, spec.name, spec.description, JSON.stringify(spec), now);
        this.setTags({ experimentId: id }, input.tags ?? []);
        return runSpecs.map((runSpec) => writes.insertRun(this.db, runSpec, id, owner, now));
      })
      .immediate();
    return { experiment: this.getExperiment(id)!, runIds };
  }

  private experimentRows(where: string, params: unknown[]): ExperimentRow[] {
    const raws = this.db
      .prepare(
        `SELECT e.*,
           (SELECT json_group_array(tag) FROM (SELECT tag FROM tags WHERE experiment_id = e.id ORDER BY tag)) AS tags_json,
           (SELECT body FROM notes WHERE experiment_id = e.id) AS note,
           (SELECT json_group_object(status, c) FROM (SELECT status, count(*) AS c FROM runs WHERE experiment_id = e.id GROUP BY status)) AS counts_json
         FROM experiments e WHERE ${where} ORDER BY e.created_at DESC, e.id`,
      )
      .all(...params) as Record<string, string | number | null>[];
    return raws.map((e) => ({
      id: e.id as string,
      name: e.name as string,
      description: e.description as string,
      spec: JSON.parse(e.spec as string) as ExperimentSpec,
      createdAt: isoTime(e.created_at as number)!,
      tags: JSON.parse(e.tags_json as string) as string[],
      note: (e.note as string | null) ?? '',
      counts: {
        ...(Object.fromEntries(RUN_STATUSES.map((s) => [s, 0])) as Record<RunStatus, number>),
        ...(JSON.parse(e.counts_json as string) as Partial<Record<RunStatus, number>>),
      },
    }));
  }

  getExperiment(id: string) {
    return this.experimentRows('e.id = ?', [id])[0] ?? null;
  }

  listExperiments() {
    return this.experimentRows('1', []);
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

  renameExperiment(id: string, name: string): ExperimentRow {
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
    const raw = this.db.prepare(`SELECT r.*, ${RUN_EXTRAS} FROM runs r WHERE r.id = ?`).get(id) as
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

  claimRun(id: string, owner: string) {
    return writes.claimRun(this.db, id, owner);
  }

  recordProgress(id: string, update: ProgressUpdate) {
    writes.recordProgress(this.db, id, update);
  }

  finishRun(id: string, result: FinalResult) {
    writes.finishRun(this.db, id, result);
  }

  endRun(id: string, status: 'failed' | 'cancelled' | 'interrupted', error: string) {
    writes.endRun(this.db, id, status, error);
  }

  requeueRuns(ids: string[], owner: string) {
    return writes.requeueRuns(this.db, ids, owner);
  }

  getTrace(id: string) {
    return writes.readTrace(this.db, id);
  }

  getConfiguration(id: string, kind: 'final' | 'checkpoint'): StoredConfiguration | null {
    const raw = this.db
      .prepare(
        `SELECT rows, d, restart, iteration, energy, elapsed_ms, created_at, points, optimizer_state
         FROM configurations WHERE run_id = ? AND kind = ?`,
      )
      .get(id, kind) as Record<string, number | Uint8Array | null> | undefined;
    if (!raw) return null;
    return {
      runId: id,
      kind,
      rows: raw.rows as number,
      d: raw.d as number,
      points: readFloat64Blob(raw.points as Uint8Array),
      iteration: raw.iteration as number,
      restart: raw.restart as number,
      energy: (raw.energy as number | null) ?? Number.NaN,
      elapsedMs: raw.elapsed_ms as number,
      createdAt: isoTime(raw.created_at as number)!,
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
    const [column, id] = targetColumn(target);
    this.db.transaction(() => {
      this.db.prepare(`DELETE FROM notes WHERE ${column} = ?`).run(id);
      if (note.trim())
        this.db
          .prepare(`INSERT INTO notes (${column}, body, updated_at) VALUES (?, ?, ?)`)
          .run(id, note, Date.now());
    })();
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

import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import {
  PathRecord,
  PathSummary,
  type PathStatus,
} from '../../../core/contract/paths';
import {
  PathExperimentSpec,
  PathProgress,
  PathResult,
  type PathExperimentSpecInput,
} from '../../../core/path/schema';
import { formatParameter } from '../../../core/format';
import { goneOwners } from './owner-lease';
import {
  checkedRecord,
  Problems,
  storedJson,
  storedNullableTime,
  storedTime,
} from './stored-values';

/**
 * The paths table (migrations/0006_paths.sql): paths in s with their spec, progress and result as
 * JSON. Every read goes through the contract's schemas: a damaged row reads as damaged (placeholders
 * and `damaged` saying what is wrong), never as a throw; every write is validated first.
 */

const ACTIVE = `('queued', 'running')`;

/** Shown in place of what a damaged path cannot say. */
const PLACEHOLDER: PathRecord = {
  id: '',
  name: '',
  spec: PathExperimentSpec.parse({ energy: 'ce', n: 2, d: 2, sFrom: 1, sTo: 2 }),
  status: 'failed',
  progress: null,
  createdAt: new Date(0).toISOString(),
  startedAt: null,
  finishedAt: null,
  result: null,
  error: null,
};

/** "ce, n = 6, d = 4, s 0.5 to 4": a path's name when it was given none. */
export function defaultPathName(spec: PathExperimentSpec): string {
  return `${spec.energy}, n = ${spec.n}, d = ${spec.d}, s ${formatParameter(spec.sFrom)} to ${formatParameter(spec.sTo)}`;
}

const nullableJson = (text: unknown, field: string, column: string, problems: Problems) =>
  text === null || text === undefined ? null : storedJson(text, field, column, problems);

function toPathRecord(raw: Record<string, unknown>): PathRecord {
  const problems = new Problems();
  return checkedRecord(
    PathRecord,
    {
      id: raw.id,
      name: raw.name,
      spec: storedJson(raw.spec, 'spec', 'spec', problems),
      status: raw.status,
      progress: nullableJson(raw.progress, 'progress', 'progress', problems),
      createdAt: storedTime(raw.created_at, 'createdAt', 'created_at', problems),
      startedAt: storedNullableTime(raw.started_at, 'startedAt', 'started_at', problems),
      finishedAt: storedNullableTime(raw.finished_at, 'finishedAt', 'finished_at', problems),
      result: nullableJson(raw.result, 'result', 'result', problems),
      error: raw.error ?? null,
    },
    { ...PLACEHOLDER, id: String(raw.id) },
    problems,
  );
}

export function insertPath(
  db: Database.Database,
  input: PathExperimentSpecInput,
  owner: string | null,
  now = Date.now(),
): PathRecord {
  const spec = PathExperimentSpec.parse(input);
  const id = randomUUID();
  db.prepare(
    `INSERT INTO paths (id, name, status, owner, spec, created_at) VALUES (?, ?, 'queued', ?, ?, ?)`,
  ).run(id, spec.name || defaultPathName(spec), owner, JSON.stringify(spec), now);
  return getPath(db, id)!;
}

export function getPath(db: Database.Database, id: string): PathRecord | null {
  const raw = db.prepare('SELECT * FROM paths WHERE id = ?').get(id) as Record<string, unknown> | undefined;
  return raw ? toPathRecord(raw) : null;
}

/** Newest first, without their steps (a list needs the transitions only). */
export function listPaths(db: Database.Database, statuses?: readonly PathStatus[]): PathSummary[] {
  const where = statuses?.length ? `WHERE status IN (SELECT value FROM json_each(?))` : '';
  const raws = db
    .prepare(
      `SELECT id, name, status, owner, spec, progress, json_extract(result, '$.transitions') AS transitions,
         error, created_at, started_at, finished_at
       FROM paths ${where} ORDER BY created_at DESC, id`,
    )
    .all(...(statuses?.length ? [JSON.stringify(statuses)] : [])) as Record<string, unknown>[];
  return raws.map((raw) => {
    const problems = new Problems();
    const transitions = nullableJson(raw.transitions, 'transitions', 'result', problems);
    const { result: _result, ...record } = toPathRecord({ ...raw, result: null });
    const checked = PathSummary.shape.transitions.safeParse(transitions);
    if (!checked.success) problems.add('transitions', `result.transitions: ${checked.error.issues[0]!.message}`);
    const damaged = [record.damaged, problems.size ? problems.toString() : undefined].filter(Boolean).join('; ');
    return {
      ...record,
      transitions: checked.success ? checked.data : null,
      ...(damaged ? { damaged } : {}),
    };
  });
}

/** queued -> running; false when it is no longer queued (cancelled meanwhile). */
export function markPathRunning(db: Database.Database, id: string, now = Date.now()): boolean {
  return (
    db
      .prepare(`UPDATE paths SET status = 'running', started_at = ? WHERE id = ? AND status = 'queued'`)
      .run(now, id).changes === 1
  );
}

export function recordPathProgress(db: Database.Database, id: string, progress: PathProgress): void {
  const checked = PathProgress.parse(progress);
  db.prepare(`UPDATE paths SET progress = ? WHERE id = ? AND status = 'running'`).run(JSON.stringify(checked), id);
}

/** running -> done with its result (validated first); false when it was not running any more. */
export function finishPath(db: Database.Database, id: string, result: PathResult, now = Date.now()): boolean {
  const checked = PathResult.parse(result);
  return (
    db
      .prepare(
        `UPDATE paths SET status = 'done', result = ?, owner = NULL, finished_at = ? WHERE id = ? AND status = 'running'`,
      )
      .run(JSON.stringify(checked), now, id).changes === 1
  );
}

/** queued or running -> failed | cancelled, with the reason; false when it had ended already. */
export function endPath(
  db: Database.Database,
  id: string,
  status: 'failed' | 'cancelled',
  error: string,
  now = Date.now(),
): boolean {
  return (
    db
      .prepare(
        `UPDATE paths SET status = ?, error = ?, owner = NULL, finished_at = ? WHERE id = ? AND status IN ${ACTIVE}`,
      )
      .run(status, error, now, id).changes === 1
  );
}

/** Deletes a path that is not queued or running; false when there is none such. */
export function deletePath(db: Database.Database, id: string): boolean {
  return db.prepare(`DELETE FROM paths WHERE id = ? AND status NOT IN ${ACTIVE}`).run(id).changes === 1;
}

/**
 * Paths left queued or running by a process that is gone (owner-lease.ts decides) end failed: a
 * path keeps nothing to resume from, so it is started again instead. Returns their ids.
 */
export function recoverPaths(db: Database.Database, now = Date.now()): string[] {
  // every CLI command opens the store: only a database with an active path pays for the write lock
  if (db.prepare(`SELECT 1 FROM paths WHERE status IN ${ACTIVE} LIMIT 1`).get() === undefined) return [];
  return db
    .transaction(() => {
      const gone = JSON.stringify(goneOwners(db, now));
      const ids = db
        .prepare(
          `SELECT id FROM paths WHERE status IN ${ACTIVE} AND (owner IS NULL OR owner IN (SELECT value FROM json_each(?)))`,
        )
        .pluck()
        .all(gone) as string[];
      for (const id of ids)
        endPath(db, id, 'failed', 'the process that ran this path ended before it finished; start it again', now);
      return ids;
    })
    .immediate();
}

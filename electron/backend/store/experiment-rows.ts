import type Database from 'better-sqlite3';
import { ExperimentRecord, RUN_STATUSES, type RunStatus } from '../../../core/contract';
import { ExperimentSpec } from '../../../core/spec/experiment-spec';
import { checkedRecord, Problems, storedJson, storedTime } from './stored-values';

/** Experiments as the contract has them, with their tags, note and run counts; never throws. */

const ZERO_COUNTS = Object.fromEntries(RUN_STATUSES.map((s) => [s, 0])) as Record<RunStatus, number>;

/** Shown in place of what a damaged experiment cannot say; `damaged` tells the reader. */
const PLACEHOLDER: ExperimentRecord = {
  id: '',
  name: '',
  description: '',
  spec: ExperimentSpec.parse({ name: '(damaged)', energy: 'ce', n: 2, d: 2 }),
  createdAt: new Date(0).toISOString(),
  tags: [],
  note: '',
  counts: ZERO_COUNTS,
};

/** What `SELECT e.*, <extras>` returns for one experiment. */
export type RawExperiment = Record<string, unknown>;

export const EXPERIMENT_EXTRAS = `
  (SELECT json_group_array(tag) FROM (SELECT tag FROM tags WHERE experiment_id = e.id ORDER BY tag)) AS tags_json,
  (SELECT body FROM notes WHERE experiment_id = e.id) AS note,
  (SELECT json_group_object(status, c) FROM (SELECT status, count(*) AS c FROM runs WHERE experiment_id = e.id GROUP BY status)) AS counts_json`;

export function toExperimentRow(e: RawExperiment): ExperimentRecord {
  const problems = new Problems();
  const spec = storedJson(e.spec, 'spec', 'spec', problems);
  const parsed = ExperimentSpec.safeParse(spec);
  if (parsed.success && (e.name !== parsed.data.name || e.description !== parsed.data.description))
    problems.add('name', 'name and description: the columns and the spec disagree');
  const counts = storedJson(e.counts_json, 'counts', 'run counts', problems);
  return checkedRecord(
    ExperimentRecord,
    {
      id: e.id,
      name: e.name,
      description: e.description,
      spec,
      createdAt: storedTime(e.created_at, 'createdAt', 'created_at', problems),
      tags: storedJson(e.tags_json, 'tags', 'tags', problems),
      note: e.note ?? '',
      counts: { ...ZERO_COUNTS, ...(counts as object) },
    },
    { ...PLACEHOLDER, id: String(e.id) },
    problems,
  );
}

export function readExperiments(db: Database.Database, where: string, params: unknown[]): ExperimentRecord[] {
  const raws = db
    .prepare(
      `SELECT e.*, ${EXPERIMENT_EXTRAS} FROM experiments e WHERE ${where} ORDER BY e.created_at DESC, e.id`,
    )
    .all(...params) as RawExperiment[];
  return raws.map(toExperimentRow);
}

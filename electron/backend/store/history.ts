import type Database from 'better-sqlite3';
import { COLUMN_OF, RUN_EXTRAS, toRunRow, type RawRun } from './run-columns';
import {
  HistoryFilters as HistoryFiltersSchema,
  HistoryQuery as HistoryQuerySchema,
  type HistoryFilters,
  type HistoryPage,
  type HistoryQuery,
} from '../../../core/contract';

/**
 * History: filtered, sorted, paged runs with the total count. Every input is validated and only
 * whitelisted column names reach the SQL text; values are always bound parameters.
 */

// The schemas are the contract's: the UI, the CLI and the store validate history queries alike.
export { HistoryFiltersSchema, HistoryQuerySchema };

export interface SqlFilter {
  /** a condition on `runs r`, "1" when there is none */
  where: string;
  params: unknown[];
}

/**
 * Free text: one set of run rowids, the union of the places text is looked for. Each part reads a
 * small table or an index (run ids match by prefix, what people copy: a range on the primary key,
 * as every character of a UUID sorts below 'g'), so the wide runs rows are read only for matches.
 */
const LIKE = "LIKE ? ESCAPE '\\'";
const TEXT_SEARCH = `r.rowid IN (
  SELECT rowid FROM runs WHERE id >= ? AND id < ?
  UNION SELECT rowid FROM runs WHERE error IS NOT NULL AND error ${LIKE}
  UNION SELECT rowid FROM runs WHERE id IN (SELECT run_id FROM tags WHERE run_id IS NOT NULL AND tag ${LIKE})
  UNION SELECT rowid FROM runs WHERE id IN (SELECT run_id FROM notes WHERE run_id IS NOT NULL AND body ${LIKE})
  UNION SELECT rowid FROM runs WHERE experiment_id IN (
    SELECT id FROM experiments WHERE name ${LIKE} OR description ${LIKE}
    UNION SELECT experiment_id FROM tags WHERE experiment_id IS NOT NULL AND tag ${LIKE}))`;
const TEXT_SEARCH_LIKES = TEXT_SEARCH.split('LIKE ?').length - 1;

const placeholders = (values: readonly unknown[]) => values.map(() => '?').join(', ');
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export function buildFilter(filters: HistoryFilters = {}): SqlFilter {
  const f = HistoryFiltersSchema.parse(filters);
  const where: string[] = [];
  const params: unknown[] = [];
  const anyOf = (column: string, values: readonly unknown[] | undefined) => {
    if (values === undefined) return;
    where.push(values.length === 0 ? '0' : `${column} IN (${placeholders(values)})`);
    params.push(...values);
  };
  anyOf('r.experiment_id', f.experimentIds);
  anyOf('r.id', f.runIds);
  anyOf('r.energy_kind', f.energyKinds);
  anyOf('r.status', f.statuses);
  anyOf('r.verdict', f.verdicts);
  anyOf('r.configuration_name', f.configurationNames);
  for (const column of ['n', 'd', 's'] as const) {
    const range = f[column];
    if (range?.min !== undefined) {
      where.push(`r.${column} >= ?`);
      params.push(range.min);
    }
    if (range?.max !== undefined) {
      where.push(`r.${column} <= ?`);
      params.push(range.max);
    }
  }
  for (const tag of f.tags ?? []) {
    // a tag on the run or on its experiment
    where.push(
      `(r.id IN (SELECT run_id FROM tags WHERE tag = ? AND run_id IS NOT NULL)
        OR r.experiment_id IN (SELECT experiment_id FROM tags WHERE tag = ? AND experiment_id IS NOT NULL))`,
    );
    params.push(tag, tag);
  }
  const text = f.text?.trim();
  if (text) {
    const prefix = text.toLowerCase();
    where.push(TEXT_SEARCH);
    params.push(prefix, `${prefix}g`, ...Array<string>(TEXT_SEARCH_LIKES).fill(likePattern(text)));
  }
  return { where: where.length ? where.join(' AND ') : '1', params };
}

export function listRuns(db: Database.Database, query: HistoryQuery): HistoryPage {
  const q = HistoryQuerySchema.parse(query);
  const filter = buildFilter(q.filters);
  const { offset, limit } = q.page ?? { offset: 0, limit: 100 };
  // Ties go by creation (rowid) in the direction of the last key, which lets SQLite read a sorted
  // page straight off a one-column index (see the indexes in migrations/0001).
  const keys = q.sort?.length ? q.sort : [{ column: 'createdAt' as const, direction: 'desc' as const }];
  const order = [
    ...keys.map((k) => `${COLUMN_OF[k.column]} ${k.direction === 'asc' ? 'ASC' : 'DESC'} NULLS LAST`),
    `r.rowid ${keys.at(-1)!.direction === 'asc' ? 'ASC' : 'DESC'}`,
  ].join(', ');
  const total = db
    .prepare(`SELECT count(*) FROM runs r WHERE ${filter.where}`)
    .pluck()
    .get(...filter.params) as number;
  const raws = db
    .prepare(`SELECT r.*, ${RUN_EXTRAS} FROM runs r WHERE ${filter.where} ORDER BY ${order} LIMIT ? OFFSET ?`)
    .all(...filter.params, limit, offset) as RawRun[];
  return { rows: raws.map(toRunRow), total, offset, limit };
}

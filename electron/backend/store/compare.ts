import type Database from 'better-sqlite3';
import {
  CompareQuery as CompareQuerySchema,
  SETTING_KEYS,
  type CompareQuery,
  type CompareResult,
  type CompareSeries,
  type RunParameter,
  type SettingKey,
  type SettingValue,
} from '../../../core/contract';
import { buildFilter } from './history';
import { snakeCase } from './run-columns';

/**
 * The series behind the comparison charts, aggregated in SQL: completed runs, y against x, one series
 * per combination of the groupBy parameters. A point never pools runs that differ in anything but
 * their seed and restarts: every other setting (SETTING_KEYS) that varies in the selection and is
 * neither x nor grouped by splits the series too, and the result says which (`split`). With aggregate
 * 'seeds', runs that share x and every setting are reduced to best (the y of the lowest-energy run,
 * or the lowest y), mean, min, max, sample stddev (two-pass: sum of squared deviations from the
 * window mean, so no cancellation), count and the ids of all of them.
 */

/** The contract's schema: the UI and the CLI send what the store accepts. */
export { CompareQuerySchema };

interface RawPoint {
  [column: `g${number}`]: SettingValue;
  x: number;
  y: number;
  run_id: string;
  run_ids: string;
  mean?: number;
  min?: number;
  max?: number;
  stddev?: number;
  count?: number;
}

/** Each setting's distinct values over the selected runs, sorted (SQLite's order: NULL, numbers, text). */
function settingValues(
  db: Database.Database,
  selection: string,
  params: unknown[],
): Record<SettingKey, SettingValue[]> {
  const columns = SETTING_KEYS.map(
    (k, i) =>
      `(SELECT json_group_array(v) FROM (SELECT DISTINCT ${snakeCase(k)} AS v FROM sel ORDER BY v)) AS k${i}`,
  );
  const sql = `WITH sel AS (${selection}) SELECT ${columns.join(', ')}`;
  const row = db.prepare(sql).get(...params) as Record<string, string>;
  return Object.fromEntries(
    SETTING_KEYS.map((k, i) => [k, JSON.parse(row[`k${i}`]) as SettingValue[]]),
  ) as Record<SettingKey, SettingValue[]>;
}

export function compareRuns(db: Database.Database, query: CompareQuery): CompareResult {
  const q = CompareQuerySchema.parse(query);
  const groupBy = [...new Set(q.groupBy ?? [])] as RunParameter[];
  const filter = buildFilter(q.filters);
  const settings = SETTING_KEYS.map((k) => `r.${snakeCase(k)}`).join(', ');
  const selection = `SELECT r.id AS run_id, r.created_at, r.final_energy, ${settings},
      r.${snakeCase(q.x)} AS x, r.${snakeCase(q.y)} AS y
    FROM runs r WHERE r.status = 'completed' AND ${filter.where}
      AND r.${snakeCase(q.x)} IS NOT NULL AND r.${snakeCase(q.y)} IS NOT NULL`;
  const values = settingValues(db, selection, filter.params);
  const split = SETTING_KEYS.filter(
    (k) => values[k].length > 1 && k !== q.x && !(groupBy as string[]).includes(k),
  );
  const keys: SettingKey[] = [...(groupBy as SettingKey[]), ...split];
  // group columns: the groupBy parameters (seed and restarts may be among them), then the split settings
  const groupColumns = [...groupBy.map((p) => snakeCase(p)), ...split.map((k) => snakeCase(k))];
  const g = groupColumns.map((_, i) => `g${i}`);
  const projected = `SELECT sel.*, ${[...groupColumns.map((c, i) => `${c} AS g${i}`), 'run_id AS run_ids'].join(', ')} FROM (${selection}) sel`;
  const order = [...g, 'x'].join(', ');
  let sql: string;
  if (q.aggregate === 'none') {
    sql = `SELECT * FROM (${projected}) ORDER BY ${order}, created_at, run_id`;
  } else {
    // every setting is in the partition, so only seeds and restarts share a point
    const partition = [...g, 'x', ...SETTING_KEYS.map((k) => snakeCase(k))].filter(
      (c, i, all) => all.indexOf(c) === i,
    );
    const bestOrder = q.best === 'lowest-value' ? 'y' : 'final_energy NULLS LAST, y';
    sql = `WITH w AS (
        SELECT p.*, avg(y) OVER win AS window_mean,
               row_number() OVER (PARTITION BY ${partition.join(', ')} ORDER BY ${bestOrder}, created_at, run_id) AS rank
        FROM (${projected}) p WINDOW win AS (PARTITION BY ${partition.join(', ')}))
      SELECT ${[...g, 'x'].join(', ')},
             max(CASE WHEN rank = 1 THEN y END) AS y, max(CASE WHEN rank = 1 THEN run_id END) AS run_id,
             group_concat(run_id, ',' ORDER BY run_id) AS run_ids,
             avg(y) AS mean, min(y) AS min, max(y) AS max, count(*) AS count,
             CASE WHEN count(*) > 1 THEN sqrt(sum((y - window_mean) * (y - window_mean)) / (count(*) - 1)) ELSE 0 END AS stddev
      FROM w GROUP BY ${partition.join(', ')} ORDER BY ${order}`;
  }
  const rows = db.prepare(sql).all(...filter.params) as RawPoint[];
  const series = new Map<string, CompareSeries>();
  for (const row of rows) {
    const group = Object.fromEntries(groupBy.map((p, i) => [p, row[`g${i}`]])) as CompareSeries['group'];
    const splitValues = Object.fromEntries(split.map((k, i) => [k, row[`g${groupBy.length + i}`]]));
    const key = keys.length ? keys.map((k, i) => `${k}=${row[`g${i}`]}`).join(', ') : 'all';
    let s = series.get(key);
    if (!s)
      series.set(key, (s = { key, group, ...(split.length ? { split: splitValues } : {}), points: [] }));
    const { x, y, run_id: runId } = row;
    const runIds = row.run_ids.split(',');
    s.points.push(
      q.aggregate === 'none'
        ? { x, y, runId, runIds }
        : {
            x,
            y,
            runId,
            mean: row.mean!,
            min: row.min!,
            max: row.max!,
            stddev: row.stddev!,
            count: row.count!,
            runIds,
          },
    );
  }
  return { x: q.x, y: q.y, groupBy, aggregate: q.aggregate, series: [...series.values()], split, values };
}

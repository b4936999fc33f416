import type Database from 'better-sqlite3';
import {
  CompareQuery as CompareQuerySchema,
  type CompareQuery,
  type CompareResult,
  type CompareSeries,
  type RunParameter,
} from '../../../core/contract';
import { buildFilter } from './history';
import { snakeCase } from './run-columns';

/**
 * The series behind the comparison charts, aggregated in SQL: completed runs, y against x, one series
 * per combination of the groupBy parameters. With aggregate 'seeds', runs that share x and the group
 * are reduced to best (the y of the lowest-energy run, or the lowest y), mean, min, max, sample stddev
 * (two-pass: sum of squared deviations from the window mean, so no cancellation) and count.
 */

/** The contract's schema: the UI and the CLI send what the store accepts. */
export { CompareQuerySchema };

interface RawPoint {
  [group: `g${number}`]: number;
  x: number;
  y: number;
  run_id: string;
  mean?: number;
  min?: number;
  max?: number;
  stddev?: number;
  count?: number;
}

export function compareRuns(db: Database.Database, query: CompareQuery): CompareResult {
  const q = CompareQuerySchema.parse(query);
  const groupBy = [...new Set(q.groupBy ?? [])] as RunParameter[];
  const filter = buildFilter(q.filters);
  const groups = groupBy.map((p, i) => `r.${snakeCase(p)} AS g${i}`);
  const g = groupBy.map((_, i) => `g${i}`);
  const selection = `SELECT r.id AS run_id, r.created_at, r.final_energy, ${[...groups, `r.${snakeCase(q.x)} AS x`, `r.${snakeCase(q.y)} AS y`].join(', ')}
    FROM runs r WHERE r.status = 'completed' AND ${filter.where}
      AND r.${snakeCase(q.x)} IS NOT NULL AND r.${snakeCase(q.y)} IS NOT NULL`;
  const order = [...g, 'x'].join(', ');
  let sql: string;
  if (q.aggregate === 'none') {
    sql = `SELECT * FROM (${selection}) ORDER BY ${order}, created_at, run_id`;
  } else {
    const partition = [...g, 'x'].join(', ');
    const bestOrder = q.best === 'lowest-value' ? 'y' : 'final_energy NULLS LAST, y';
    sql = `WITH w AS (
        SELECT sel.*, avg(y) OVER p AS window_mean,
               row_number() OVER (PARTITION BY ${partition} ORDER BY ${bestOrder}, created_at, run_id) AS rank
        FROM (${selection}) sel WINDOW p AS (PARTITION BY ${partition}))
      SELECT ${[...g, 'x'].join(', ')},
             max(CASE WHEN rank = 1 THEN y END) AS y, max(CASE WHEN rank = 1 THEN run_id END) AS run_id,
             avg(y) AS mean, min(y) AS min, max(y) AS max, count(*) AS count,
             CASE WHEN count(*) > 1 THEN sqrt(sum((y - window_mean) * (y - window_mean)) / (count(*) - 1)) ELSE 0 END AS stddev
      FROM w GROUP BY ${partition} ORDER BY ${order}`;
  }
  const rows = db.prepare(sql).all(...filter.params) as RawPoint[];
  const series = new Map<string, CompareSeries>();
  for (const row of rows) {
    const group = Object.fromEntries(groupBy.map((p, i) => [p, row[`g${i}`]])) as CompareSeries['group'];
    const key = groupBy.length ? groupBy.map((p) => `${p}=${group[p]}`).join(', ') : 'all';
    let s = series.get(key);
    if (!s) series.set(key, (s = { key, group, points: [] }));
    const { x, y, run_id: runId } = row;
    s.points.push(
      q.aggregate === 'none'
        ? { x, y, runId }
        : {
            x,
            y,
            runId,
            mean: row.mean!,
            min: row.min!,
            max: row.max!,
            stddev: row.stddev!,
            count: row.count!,
          },
    );
  }
  return { x: q.x, y: q.y, groupBy, aggregate: q.aggregate, series: [...series.values()] };
}

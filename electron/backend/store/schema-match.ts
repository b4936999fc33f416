import Database from 'better-sqlite3';
import { addChecksumFunction } from './checksum';
import type { Migration } from './migrate';

/**
 * SphereLab's schema at each version, as SQLite records it (sqlite_schema), built once per version in
 * memory from the migrations; and the differences between a file's schema and it. Archives must match
 * exactly before any row is read (a view or trigger could run arbitrary, even endless, SQL), and a
 * file that lost its user_version is adopted only when its tables are SphereLab's.
 */

export interface SchemaObject {
  type: string;
  name: string;
  sql: string | null;
}

// SQLite's planner statistics (ANALYZE, PRAGMA optimize) are not part of the schema.
const readSql = (schema: string) =>
  `SELECT type, name, sql FROM ${schema}.sqlite_schema WHERE name NOT LIKE 'sqlite_stat%' ORDER BY type, name`;

export const readSchema = (db: Database.Database, schema = 'main') =>
  db.prepare(readSql(schema)).all() as SchemaObject[];

const built = new WeakMap<Migration[], Map<number, SchemaObject[]>>();

export function schemaAt(migrations: Migration[], version: number): SchemaObject[] {
  let versions = built.get(migrations);
  if (!versions) built.set(migrations, (versions = new Map()));
  let objects = versions.get(version);
  if (!objects) {
    const db = new Database(':memory:');
    try {
      addChecksumFunction(db);
      for (const m of migrations.slice(0, version)) db.exec(m.sql);
      objects = readSchema(db);
    } finally {
      db.close();
    }
    versions.set(version, objects);
  }
  return objects;
}

export interface SchemaDifferences {
  /** objects SphereLab's schema does not have, e.g. "view runs", "trigger boom" */
  extra: string[];
  /** objects it has that are missing */
  missing: string[];
  /** objects of the same name whose definition differs */
  changed: string[];
}

export function schemaDifferences(actual: SchemaObject[], expected: SchemaObject[]): SchemaDifferences {
  const key = (o: SchemaObject) => `${o.type} ${o.name}`;
  const want = new Map(expected.map((o) => [key(o), o]));
  const have = new Map(actual.map((o) => [key(o), o]));
  return {
    extra: [...have.keys()].filter((k) => !want.has(k)),
    missing: [...want.keys()].filter((k) => !have.has(k)),
    changed: [...have].filter(([k, o]) => want.has(k) && want.get(k)!.sql !== o.sql).map(([k]) => k),
  };
}

export const sameSchema = (d: SchemaDifferences) =>
  d.extra.length + d.missing.length + d.changed.length === 0;

/** "view runs and trigger boom are not SphereLab's; table runs is missing" (at most a few of each). */
export function describeDifferences(d: SchemaDifferences): string {
  const few = (names: string[]) =>
    names.length > 4 ? `${names.slice(0, 4).join(', ')} and ${names.length - 4} more` : names.join(', ');
  return [
    d.extra.length ? `${few(d.extra)} ${d.extra.length === 1 ? 'is' : 'are'} not SphereLab's` : '',
    d.changed.length
      ? `${few(d.changed)} ${d.changed.length === 1 ? 'differs' : 'differ'} from SphereLab's`
      : '',
    d.missing.length ? `${few(d.missing)} ${d.missing.length === 1 ? 'is' : 'are'} missing` : '',
  ]
    .filter(Boolean)
    .join('; ');
}

/** The version whose schema `db` has exactly, or null. */
export function versionOfSchema(db: Database.Database, migrations: Migration[]): number | null {
  const actual = readSchema(db);
  for (let v = migrations.length; v >= 1; v--)
    if (sameSchema(schemaDifferences(actual, schemaAt(migrations, v)))) return v;
  return null;
}

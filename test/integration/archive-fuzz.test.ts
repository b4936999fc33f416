import Database from 'better-sqlite3';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApiRequestError, ExperimentRecord, HistoryPage } from '../../core/contract';
import { importArchive } from '../../electron/backend/archive/archive';
import { addChecksumFunction } from '../../electron/backend/store/checksum';
import { openStore, type SqliteStore } from '../../electron/backend/store/store';
import { smallSource } from './archive-fixtures';
import { contentHash, numbers, tempDir } from './store-fixtures';

/**
 * Seeded fuzzing of archives and of a live database: random hostile values written into random rows,
 * as a forger would (CHECK constraints and foreign keys off). An archive is either refused with
 * 'bad-archive' and the target left exactly as it was, or imported with every row reading back sound;
 * a damaged live database still lists every row, each damaged one saying so, and never throws.
 */

type Mutation = { category: string; sql: string; params?: unknown[] };

const CONTROL = [
  '\u0000',
  '\u0007',
  '\u001b[2J',
  '\u001b]0;x\u0007',
  '\u007f',
  '\u009b1m',
  '\u202e',
  '\u2066',
];
const TIMES = [-1, 8.64e15 + 1, 9e18, 2 ** 53, 253402300800000];
const INTS = [-5, 0, 1, 2 ** 31, -(2 ** 31)];
const REALS = [-1, 0, -0, 1e308 * 10, -1e308 * 10];
const SPECS = ['{}', '[]', '"x"', 'null', '1', '{"energy":"ce"}'];

const twice = (value: unknown) => [value, value];

function mutations(pick: <T>(values: readonly T[]) => T): Mutation[] {
  const text = () => `x${pick(CONTROL)}y`;
  return [
    ...['runs', 'experiments'].map((t) => ({
      category: 'times',
      sql: `UPDATE ${t} SET created_at = ? WHERE rowid = 1`,
      params: [BigInt(pick(TIMES))],
    })),
    {
      category: 'times',
      sql: 'UPDATE runs SET started_at = ?, finished_at = ?',
      params: [BigInt(pick(TIMES)), 1],
    },
    { category: 'times', sql: 'UPDATE notes SET updated_at = ?', params: [BigInt(pick(TIMES))] },
    { category: 'times', sql: 'UPDATE configurations SET created_at = ?', params: [BigInt(pick(TIMES))] },
    ...['runs', 'experiments'].map((t) => ({
      category: 'shapes',
      sql: `UPDATE ${t} SET spec = ? WHERE rowid = 1`,
      params: [pick(SPECS)],
    })),
    { category: 'shapes', sql: `UPDATE runs SET spec = json_remove(spec, '$.d')` },
    { category: 'shapes', sql: `UPDATE experiments SET spec = json_set(spec, '$.energy', 'nope')` },
    { category: 'shapes', sql: `UPDATE runs SET status = 'bogus' WHERE rowid = 2` },
    { category: 'shapes', sql: `UPDATE runs SET stop_reason = 'nope' WHERE gegenbauer IS NOT NULL` },
    { category: 'shapes', sql: `UPDATE runs SET gegenbauer = zeroblob(63) WHERE gegenbauer IS NOT NULL` },
    { category: 'shapes', sql: `UPDATE runs SET id = 'not-a-uuid' WHERE rowid = 3` },
    { category: 'shapes', sql: `UPDATE runs SET experiment_id = '00000000-0000-4000-8000-000000000000'` },
    ...['n', 'd', 'seed', 'restarts', 'max_iter', 'memory'].map((c) => ({
      category: 'ranges',
      sql: `UPDATE runs SET ${c} = ?, spec = json_set(spec, '$.${c === 'max_iter' ? 'maxIter' : c}', ?) WHERE rowid = 1`,
      params: twice(pick(INTS)),
    })),
    ...['s', 'alpha', 'tol'].map((c) => ({
      category: 'ranges',
      sql: `UPDATE runs SET ${c} = ? WHERE rowid = 2`,
      params: [pick(REALS)],
    })),
    ...['name', 'description'].map((c) => ({
      category: 'names',
      sql: `UPDATE experiments SET ${c} = ?, spec = json_set(spec, '$.${c}', ?)`,
      params: twice(text()),
    })),
    { category: 'names', sql: 'UPDATE tags SET tag = ?', params: [text()] },
    { category: 'names', sql: 'UPDATE notes SET body = ?', params: [text()] },
    ...['error', 'machine', 'version', 'evaluator'].map((c) => ({
      category: 'names',
      sql: `UPDATE runs SET ${c} = ? WHERE rowid = 1`,
      params: [text()],
    })),
    { category: 'blobs', sql: `UPDATE configurations SET d = 7 WHERE rowid = 1` },
    { category: 'blobs', sql: `UPDATE configurations SET rows = 2 * n WHERE rowid = 1` },
    {
      category: 'blobs',
      sql: `UPDATE configurations SET points = zeroblob(length(points) - 8) WHERE rowid = 1`,
    },
    {
      category: 'blobs',
      sql: `UPDATE configurations SET points = randomblob(length(points)) WHERE rowid = 1`,
    },
    { category: 'blobs', sql: `UPDATE traces SET count = count + 1` },
    { category: 'blobs', sql: `UPDATE traces SET energy = zeroblob(3)` },
    { category: 'blobs', sql: `UPDATE traces SET energy = randomblob(length(energy))` },
    // sound changes: these must import
    { category: 'sound', sql: `UPDATE tags SET tag = 'renamed'` },
    { category: 'sound', sql: `UPDATE notes SET body = 'two\nlines\tand a tab'` },
  ];
}

function apply(file: string, chosen: Mutation[]): void {
  const db = new Database(file);
  try {
    addChecksumFunction(db);
    db.pragma('foreign_keys = OFF');
    db.pragma('ignore_check_constraints = ON');
    for (const m of chosen) db.prepare(m.sql).run(...(m.params ?? []));
  } finally {
    db.close();
  }
}

/** Every read the UI and the CLI make; throws if any read throws. */
function readEverything(store: SqliteStore): { damaged: number; rows: number } {
  const page = HistoryPage.parse(store.listRuns({ page: { offset: 0, limit: 1000 } }));
  let damaged = page.rows.filter((r) => r.damaged).length;
  for (const e of store.listExperiments()) if (ExperimentRecord.parse(e).damaged) damaged++;
  for (const row of page.rows) {
    store.getRun(row.id);
    for (const kind of ['final', 'checkpoint'] as const)
      try {
        store.getConfiguration(row.id, kind);
      } catch (error) {
        if (!/damaged/.test((error as Error).message)) throw error;
        damaged++;
      }
    try {
      store.getTrace(row.id);
    } catch (error) {
      if (!/damaged/.test((error as Error).message)) throw error;
      damaged++;
    }
  }
  return { damaged, rows: page.rows.length };
}

interface Tally {
  tried: number;
  /** refused with 'bad-archive' and the target unchanged, or imported and read back sound */
  handled: number;
  /** anything thrown that is not a refusal */
  crashes: number;
  /** imported, but a row reads back damaged */
  unsound: number;
  /** a run that was in the target before reads differently after */
  lost: number;
}

const ITERATIONS = 120;

describe('seeded fuzzing of archives and stored rows', () => {
  it(`${ITERATIONS} doctored archives: each refused with the target unchanged, or imported sound`, () => {
    const dir = tempDir();
    const source = smallSource(dir);
    const target = openStore(join(dir, 'target.db'));
    const random = numbers(20261130);
    const pick = <T>(values: readonly T[]) => values[Math.floor(random() * values.length)]!;
    const tally = new Map<string, Tally>();
    for (let i = 0; i < ITERATIONS; i++) {
      const pool = mutations(pick);
      const chosen = Array.from({ length: 1 + Math.floor(random() * 2) }, () => pick(pool));
      const category = chosen.find((m) => m.category !== 'sound')?.category ?? 'sound';
      const t = tally.get(category) ?? { tried: 0, handled: 0, crashes: 0, unsound: 0, lost: 0 };
      tally.set(category, t);
      t.tried++;
      const file = join(dir, `fuzz-${i}.spherelab`);
      copyFileSync(source.archive, file);
      apply(file, chosen);
      const before = contentHash(target.db);
      const kept = target.listRuns({ page: { offset: 0, limit: 1000 } }).rows;
      try {
        importArchive(target, file);
        // imported: everything reads back sound
        const read = readEverything(target);
        if (read.damaged === 0) t.handled++;
        else t.unsound++;
      } catch (error) {
        if (
          error instanceof ApiRequestError &&
          error.code === 'bad-archive' &&
          contentHash(target.db) === before
        )
          t.handled++;
        else if (!(error instanceof ApiRequestError)) t.crashes++;
      }
      for (const run of kept) if (JSON.stringify(target.getRun(run.id)) !== JSON.stringify(run)) t.lost++;
    }
    console.table(Object.fromEntries(tally));
    for (const [category, t] of tally) {
      expect(t.crashes, category).toBe(0);
      expect(t.unsound, category).toBe(0);
      expect(t.lost, category).toBe(0);
      expect(t.handled, category).toBe(t.tried);
    }
    expect(tally.size).toBeGreaterThanOrEqual(5);
    source.store.close();
    target.close();
  });

  it(`${ITERATIONS / 2} damaged live databases: every row listed, the damaged ones flagged, nothing throws`, () => {
    const dir = tempDir();
    const source = smallSource(dir);
    source.store.close();
    const random = numbers(7);
    const pick = <T>(values: readonly T[]) => values[Math.floor(random() * values.length)]!;
    let flagged = 0;
    for (let i = 0; i < ITERATIONS / 2; i++) {
      const file = join(dir, `live-${i}.db`);
      copyFileSync(source.store.path, file);
      // (note times are kept but never read, so changing them shows nowhere)
      const chosen = pick(
        mutations(pick).filter((m) => m.category !== 'sound' && !m.sql.includes('notes SET updated_at')),
      );
      apply(file, [chosen]);
      const store = openStore(file, { recover: false });
      try {
        const read = readEverything(store);
        expect(read.rows, chosen.sql).toBe(4);
        if (read.damaged > 0) flagged++;
      } finally {
        store.close();
      }
    }
    // most single mutations are visible damage; a few are indistinguishable from real data (a random
    // BLOB written with its checksum, a run id that is not a UUID, restarts set to what they were)
    expect(flagged).toBeGreaterThan((ITERATIONS / 2) * 0.7);
  });
});

import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { controlCharacterIn } from '../../core/spec/printable';
import { checkArchive } from '../../electron/backend/archive/archive-check';
import { importArchive } from '../../electron/backend/archive/archive';
import { openStore } from '../../electron/backend/store/store';
import { altered, flipped, refusal, smallSource, thrown, type Source } from './archive-fixtures';
import { contentHash, tempDir } from './store-fixtures';

/**
 * Archives that SQLite accepts but that carry nonsense (issue 10): each is refused with a message
 * naming what is wrong, and the target database stays exactly as it was.
 */

const CLI = fileURLToPath(new URL('../../bin/spherelab.mjs', import.meta.url));
const open: { close(): void }[] = [];
afterEach(() => {
  for (const s of open.splice(0)) s.close();
});

function setup(): { dir: string; source: Source; target: ReturnType<typeof openStore> } {
  const dir = tempDir();
  const source = smallSource(dir);
  const target = openStore(join(dir, 'target.db'));
  open.push(source.store, target);
  return { dir, source, target };
}

describe('archives that pass SQLite checks but carry nonsense', () => {
  it('refuses a created_at outside the Date range, and History still works', () => {
    const { dir, source, target } = setup();
    const before = contentHash(target.db);
    for (const [table, value] of [
      ['runs', 8.64e15 + 1],
      ['runs', -1],
      ['experiments', 9e18],
    ] as const) {
      const file = altered(
        source.archive,
        join(dir, `time-${table}.spherelab`),
        `UPDATE ${table} SET created_at = ?`,
        [BigInt(value)],
      );
      const error = refusal(target, file);
      expect(error.code).toBe('bad-archive');
      expect(error.message).toMatch(/created_at/);
      expect(contentHash(target.db)).toBe(before);
    }
    expect(target.listRuns({}).total).toBe(0);
  });

  it('refuses a spec of the wrong shape in an experiment or a run', () => {
    const { dir, source, target } = setup();
    const before = contentHash(target.db);
    const cases: [string, string][] = [
      ['experiments', '{}'],
      ['experiments', '[1, 2]'],
      ['experiments', '{"name":"x","energy":"ce","n":"3","d":2}'],
      ['experiments', '{"name":"x","energy":"none","n":3,"d":2}'],
      ['runs', '{}'],
      ['runs', '"text"'],
    ];
    for (const [i, [table, spec]] of cases.entries()) {
      const file = altered(source.archive, join(dir, `spec-${i}.spherelab`), `UPDATE ${table} SET spec = ?`, [
        spec,
      ]);
      const error = refusal(target, file);
      expect(error.message, spec).toMatch(/spec/);
      expect(contentHash(target.db)).toBe(before);
    }
  });

  it('refuses n = -5, d = 0, s = -1 (in the columns, in the spec, or in both)', () => {
    const { dir, source, target } = setup();
    const before = contentHash(target.db);
    const cases = [
      `UPDATE runs SET n = -5, spec = json_set(spec, '$.n', -5)`,
      `UPDATE runs SET d = 0, spec = json_set(spec, '$.d', 0)`,
      `UPDATE runs SET s = -1, spec = json_set(spec, '$.s', -1)`,
      `UPDATE runs SET n = -5`,
      `UPDATE runs SET spec = json_set(spec, '$.s', 7)`,
      `UPDATE runs SET s = 1e400, spec = json_set(spec, '$.s', 1e400)`,
      `UPDATE configurations SET n = 2`,
    ];
    for (const [i, sql] of cases.entries()) {
      const error = refusal(target, altered(source.archive, join(dir, `range-${i}.spherelab`), sql));
      expect(error.code, sql).toBe('bad-archive');
      expect(error.message, sql).toMatch(/\b(n|d|s)\b/);
      expect(contentHash(target.db)).toBe(before);
    }
  });

  it('refuses names, tags, notes and descriptions with terminal escape sequences', () => {
    const { dir, source, target } = setup();
    const before = contentHash(target.db);
    const cases: [string, string][] = [
      [`UPDATE experiments SET name = ?, spec = json_set(spec, '$.name', ?)`, 'grid\u001b]0;pwned\u0007'],
      [`UPDATE experiments SET name = ?, spec = json_set(spec, '$.name', ?)`, 'grid\u009b2J'],
      [`UPDATE experiments SET name = ?, spec = json_set(spec, '$.name', ?)`, 'grid\u202eevil'],
      [`UPDATE experiments SET description = ?, spec = json_set(spec, '$.description', ?)`, 'x\u001b[2J'],
      [`UPDATE tags SET tag = ? || ? WHERE run_id IS NOT NULL`, '\u001b[31m'],
      [`UPDATE notes SET body = ? || ? WHERE run_id IS NOT NULL`, '\u001b[?1049h'],
      [`UPDATE runs SET error = ? || ?`, '\u0000'],
    ];
    for (const [i, [sql, text]] of cases.entries()) {
      const file = altered(source.archive, join(dir, `names-${i}.spherelab`), sql, [text, text]);
      const error = refusal(target, file);
      expect(error.message, JSON.stringify(text)).toMatch(/control character/);
      // the message itself never carries the raw escape
      expect(controlCharacterIn(error.message, false)).toBeNull();
      expect(contentHash(target.db)).toBe(before);
    }
  });

  it('notices a flipped byte in a points BLOB or a trace BLOB', () => {
    const { dir, source, target } = setup();
    const before = contentHash(target.db);
    const finalPoints = source.store.db
      .prepare("SELECT points FROM configurations WHERE kind = 'final' LIMIT 1")
      .pluck()
      .get() as Uint8Array;
    const checkpoint = source.store.db
      .prepare("SELECT points FROM configurations WHERE kind = 'checkpoint' LIMIT 1")
      .pluck()
      .get() as Uint8Array;
    const energies = source.store.db.prepare('SELECT energy FROM traces LIMIT 1').pluck().get() as Uint8Array;
    for (const [name, blob] of [
      ['final', finalPoints],
      ['checkpoint', checkpoint],
      ['trace', energies],
    ] as const) {
      const file = flipped(source.archive, join(dir, `flip-${name}.spherelab`), blob);
      expect(new Database(file, { readonly: true }).pragma('integrity_check', { simple: true })).toBe('ok');
      const error = refusal(target, file);
      expect(error.message, name).toMatch(/checksum/);
      expect(contentHash(target.db)).toBe(before);
    }
  });

  it('refuses views, triggers and extra objects, naming them, before reading any row', () => {
    const { dir, source, target } = setup();
    const before = contentHash(target.db);
    const cases: [string, RegExp][] = [
      // (recursive views, which never end when read, are tried in a child process below)
      [`DROP TABLE runs; CREATE VIEW runs AS SELECT id FROM experiments`, /view runs/],
      [`DROP TABLE meta; CREATE VIEW meta AS SELECT 'last_version' AS key, '0' AS value`, /view meta/],
      [`CREATE TRIGGER boom AFTER INSERT ON runs BEGIN DELETE FROM experiments; END`, /trigger boom/],
      [`CREATE TABLE extra (x)`, /table extra/],
      [`CREATE VIEW peek AS SELECT * FROM runs`, /view peek/],
      [`CREATE INDEX runs_seed ON runs (seed)`, /index runs_seed/],
    ];
    for (const [i, [sql, message]] of cases.entries()) {
      const file = altered(source.archive, join(dir, `objects-${i}.spherelab`), sql);
      const error = refusal(target, file);
      expect(error.message, sql).toMatch(message);
      expect(contentHash(target.db)).toBe(before);
    }
  });

  it('archives with recursive views are refused by the CLI at once, and other writers are never locked out', async () => {
    const { dir, source, target } = setup();
    const endless = 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c)';
    for (const [table, sql] of [
      ['runs', `DROP TABLE runs; CREATE VIEW runs AS ${endless} SELECT x AS id FROM c`],
      [
        'meta',
        `DROP TABLE meta; CREATE VIEW meta AS ${endless} SELECT 'last_version' AS key, x AS value FROM c`,
      ],
    ]) {
      const file = altered(source.archive, join(dir, `endless-${table}.spherelab`), sql!);
      const child = spawn(process.execPath, [CLI, 'import', file, '--db', target.path]);
      // a safety net, not a timing assertion: an import that hangs is ended so the suite goes on
      const kill = setTimeout(() => child.kill('SIGKILL'), 45_000);
      let err = '';
      child.stderr.on('data', (b) => (err += b));
      const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
      clearTimeout(kill);
      expect(err).toMatch(new RegExp(`view ${table}`));
      expect(code).toBe(1);
    }
    target.insertRun(source.store.getRun(source.runIds[0]!)!.spec);
    expect(target.listRuns({}).total).toBe(1);
  });

  it('checks an archive without the target: validation needs no lock on the database', () => {
    const { source, target } = setup();
    // another process holds the write lock for the whole check
    const other = new Database(target.path);
    other.exec('BEGIN IMMEDIATE');
    const checked = checkArchive(source.archive);
    other.exec('ROLLBACK');
    other.close();
    checked.dispose();
    expect(importArchive(target, source.archive)).toMatchObject({ runsAdded: 4, experimentsAdded: 1 });
  });

  it('gives up a check that takes longer than its time limit, leaving the target as it was', () => {
    const { source, target } = setup();
    const before = contentHash(target.db);
    const error = thrown(() => importArchive(target, source.archive, { timeLimitMs: 0 }));
    expect(error.message).toMatch(/took longer than/);
    expect(contentHash(target.db)).toBe(before);
  });

  it('a good archive still imports every row, checksums included', () => {
    const { source, target } = setup();
    expect(importArchive(target, source.archive)).toEqual({
      experimentsAdded: 1,
      experimentsSkipped: 0,
      runsAdded: 4,
      runsSkipped: 0,
    });
    for (const id of source.runIds) expect(target.getRun(id)).toEqual(source.store.getRun(id));
    expect(contentHash(target.db)).toBe(contentHash(source.store.db));
  });
});

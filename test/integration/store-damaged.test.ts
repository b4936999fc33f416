import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ExperimentRecord, HistoryPage, RunRecord } from '../../core/contract';
import { addChecksumFunction } from '../../electron/backend/store/checksum';
import { openStore } from '../../electron/backend/store/store';
import { flipped, smallSource } from './archive-fixtures';
import { tempDir } from './store-fixtures';

/**
 * Defence in depth: a row damaged inside the database itself (an old import, a hand edit, bit rot)
 * shows as damaged in History and in the experiment list, and never takes the other rows down.
 */

/** Changes the source database behind the store's back, as another program would. */
function damage(path: string, sql: string, params: unknown[] = []): void {
  const db = new Database(path);
  addChecksumFunction(db);
  db.pragma('ignore_check_constraints = ON');
  db.prepare(sql).run(...params);
  db.close();
}

describe('damaged rows already in a database', () => {
  it('History lists every run; the damaged ones say why, and replies still match the contract', () => {
    const dir = tempDir();
    const { store, runIds, experimentId } = smallSource(dir);
    const [bad, wrongShape, escaped] = runIds;
    damage(store.path, 'UPDATE runs SET created_at = ? WHERE id = ?', [BigInt(8.64e15 + 1), bad]);
    damage(store.path, `UPDATE runs SET spec = '{"energy":"ce"}' WHERE id = ?`, [wrongShape]);
    damage(store.path, 'UPDATE runs SET n = -5, error = ? WHERE id = ?', ['boom\u001b[2J', escaped]);

    const page = store.listRuns({});
    expect(HistoryPage.parse(page).rows).toHaveLength(4);
    const byId = new Map(page.rows.map((r) => [r.id, r]));
    expect(byId.get(bad!)!.damaged).toMatch(/created_at/);
    expect(byId.get(wrongShape!)!.damaged).toMatch(/spec/);
    expect(byId.get(escaped!)!.damaged).toMatch(/\bn\b/);
    expect(byId.get(escaped!)!.damaged).toMatch(/control character/);
    expect(byId.get(runIds[3]!)!.damaged).toBeUndefined();
    // the healthy row is exactly what it was
    expect(byId.get(runIds[3]!)!.n).toBe(5);
    for (const id of runIds) expect(RunRecord.parse(store.getRun(id!)).id).toBe(id);
    // sorting and filtering still work over the damaged rows
    expect(store.listRuns({ sort: [{ column: 'createdAt', direction: 'asc' }] }).total).toBe(4);
    expect(store.listRuns({ filters: { text: 'grid' } }).total).toBe(4);

    damage(store.path, `UPDATE experiments SET spec = '{"name":"x"}', created_at = ? WHERE id = ?`, [
      BigInt(-9e18),
      experimentId,
    ]);
    const [experiment] = store.listExperiments();
    expect(ExperimentRecord.parse(experiment).damaged).toMatch(/spec.*created_at|created_at.*spec/s);
    expect(experiment!.counts.queued + experiment!.counts.completed).toBeGreaterThan(0);
    store.close();
  });

  it('a damaged run is never started: its placeholders must not be solved', () => {
    const dir = tempDir();
    const { store, runIds } = smallSource(dir);
    const lease = store.acquireLease();
    const failed = runIds[2]!;
    damage(store.path, `UPDATE runs SET spec = '[]' WHERE id = ?`, [failed]);
    expect(store.requeueRuns([failed], lease.id)).toEqual([]);
    expect(store.getRun(failed)!.status).toBe('failed');
    // a queued run with a damaged checkpoint ends failed instead of resuming from nonsense
    const interrupted = runIds[3]!;
    expect(store.requeueRuns([interrupted], lease.id)).toEqual([interrupted]);
    damage(store.path, "UPDATE configurations SET d = 7 WHERE run_id = ? AND kind = 'checkpoint'", [
      interrupted,
    ]);
    expect(store.claimRun(interrupted, lease.id)).toBe(false);
    expect(store.getRun(interrupted)).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/damaged/),
    });
    lease.release();
    store.close();
  });

  it('a flipped byte in stored points or a trace is reported when read, for that run alone', () => {
    const dir = tempDir();
    const { store, runIds } = smallSource(dir);
    const [first, second] = runIds;
    const blob = (sql: string, id: string) => store.db.prepare(sql).pluck().get(id) as Uint8Array;
    const points = blob("SELECT points FROM configurations WHERE run_id = ? AND kind = 'final'", first!);
    const energies = blob('SELECT energy FROM traces WHERE run_id = ?', second!);
    store.close();
    flipped(store.path, store.path, points);
    flipped(store.path, store.path, energies);
    const reopened = openStore(store.path);
    expect(() => reopened.getConfiguration(first!, 'final')).toThrow(/checksum/);
    expect(() => reopened.getTrace(second!)).toThrow(/checksum/);
    expect(reopened.getConfiguration(second!, 'final')!.points).toHaveLength(9);
    expect(reopened.getTrace(first!).energy.length).toBeGreaterThan(0);
    expect(reopened.listRuns({}).total).toBe(4);
    reopened.close();
  });
});

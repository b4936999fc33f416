import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../electron/backend/store/store';
import { tempDir } from './store-fixtures';

const RUN_TS = fileURLToPath(new URL('../../bin/run-ts.mjs', import.meta.url));
const WRITER = fileURLToPath(new URL('./store-writer-child.ts', import.meta.url));
const CLI = fileURLToPath(new URL('../../bin/spherelab.mjs', import.meta.url));

function child(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, args);
  let out = '';
  let err = '';
  child.stdout.on('data', (b) => (out += b));
  child.stderr.on('data', (b) => (err += b));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, out, err })));
}

describe('several processes on one database', () => {
  it('two writer processes at full speed and a reader never see SQLITE_BUSY', async () => {
    const db = join(tempDir(), 'shared.db');
    openStore(db).close(); // created and migrated once, as the desktop app would
    const runs = 150;
    const writers = [1, 2].map(() => child([RUN_TS, WRITER, db, String(runs), '2']));
    const reader = openStore(db);
    let reads = 0;
    let settled = false;
    void Promise.all(writers).then(() => (settled = true));
    while (!settled) {
      reader.listRuns({
        filters: { statuses: ['running', 'completed'] },
        sort: [{ column: 'finalEnergy', direction: 'asc' }],
      });
      reads++;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    for (const { code, out, err } of await Promise.all(writers)) {
      expect(code, err).toBe(0);
      expect(JSON.parse(out)).toEqual({ errors: [], completed: runs });
    }
    expect(reader.listRuns({ filters: { statuses: ['completed'] } }).total).toBe(2 * runs);
    expect(reader.listExperiments()).toHaveLength(2);
    expect(reads).toBeGreaterThan(0);
    // the two writers really wrote at the same time: their busy periods overlap
    const spans = reader.db
      .prepare('SELECT min(started_at) AS first, max(finished_at) AS last FROM runs GROUP BY experiment_id')
      .all() as { first: number; last: number }[];
    expect(Math.max(spans[0]!.first, spans[1]!.first)).toBeLessThan(Math.min(spans[0]!.last, spans[1]!.last));
    reader.close();
  });

  it('two sweeps with two solvers each on one database all complete, with no busy errors', async () => {
    const dir = tempDir();
    const db = join(dir, 'shared.db');
    const spec = join(dir, 'spec.json');
    writeFileSync(
      spec,
      JSON.stringify({ energy: 'ce', n: [20, 30], d: 3, seeds: [1, 2], tol: 1e-13, maxIter: 400 }),
    );
    const sweep = () =>
      child([CLI, 'sweep', spec, '--db', db, '--parallel', '2', '--checkpoint-every', '0.1', '--json']);
    const results = await Promise.all([sweep(), sweep()]);
    for (const { code, out, err } of results) {
      expect(code, err).toBe(0);
      expect(err).not.toMatch(/SQLITE_BUSY|database is locked/);
      expect(JSON.parse(out)).toMatchObject({ completed: 4, failed: 0 });
    }
    const store = openStore(db);
    expect(store.listRuns({ filters: { statuses: ['completed'] } }).total).toBe(8);
    store.close();
  });
});

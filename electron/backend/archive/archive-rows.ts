import type Database from 'better-sqlite3';
import { CHECKSUM_MISMATCH } from '../store/checksum';
import { EXPERIMENT_EXTRAS, toExperimentRow, type RawExperiment } from '../store/experiment-rows';
import { readFloat64Blob } from '../store/blobs';
import { RUN_EXTRAS, toRunRow, type RawRun } from '../store/run-columns';
import { Problems, storedTime } from '../store/stored-values';

/**
 * Every row of an archive checked before any of it touches a database: experiments and runs through
 * the store's own readers (the contract's schemas: shapes, ranges, times, printable text, columns that
 * agree with the spec), and what hangs off them: point sets and trace chunks against their run's n
 * and d, their checksums and finite values, and note times. The schema was matched before this runs,
 * so each query here reads plain tables; the time limit is checked between rows.
 */

export class RowCheckFailed extends Error {
  override name = 'RowCheckFailed';
  constructor(
    message: string,
    readonly timedOut = false,
  ) {
    super(message);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** How a row is named in a message: its id when it is one, never raw stored text. */
const named = (kind: string, id: unknown) =>
  typeof id === 'string' && UUID.test(id) ? `${kind} ${id}` : `a ${kind} whose id is not a UUID`;

const MAX_REPORTED = 5;

class Findings {
  private readonly list: string[] = [];

  constructor(private readonly deadline: number) {}

  add(row: string, problem: string): void {
    this.list.push(`${row}: ${problem}`);
    if (this.list.length >= MAX_REPORTED) this.fail(' (the first few)');
  }

  tick(): void {
    if (Date.now() >= this.deadline) throw new RowCheckFailed('the time limit ran out', true);
  }

  fail(suffix = ''): never {
    throw new RowCheckFailed(this.list.join('; ') + suffix);
  }

  done(): void {
    if (this.list.length > 0) this.fail();
  }
}

interface RunShape {
  n: number;
  d: number;
  rows: number;
}

export function checkRows(db: Database.Database, deadline: number): void {
  const findings = new Findings(deadline);
  findings.tick();
  for (const raw of db
    .prepare(`SELECT e.*, ${EXPERIMENT_EXTRAS} FROM experiments e`)
    .iterate() as Iterable<RawExperiment>) {
    findings.tick();
    const row = named('experiment', raw.id);
    if (!UUID.test(String(raw.id))) findings.add(row, 'the id must be a lower-case UUID');
    const damaged = toExperimentRow(raw).damaged;
    if (damaged) findings.add(row, damaged);
  }
  const runs = new Map<string, RunShape>();
  for (const raw of db.prepare(`SELECT r.*, ${RUN_EXTRAS} FROM runs r`).iterate() as Iterable<RawRun>) {
    findings.tick();
    const row = named('run', raw.id);
    if (!UUID.test(String(raw.id))) findings.add(row, 'the id must be a lower-case UUID');
    const run = toRunRow(raw);
    if (run.damaged) findings.add(row, run.damaged);
    else runs.set(run.id, { n: run.n, d: run.d, rows: run.energyKind === 'two-set' ? 2 * run.n : run.n });
  }
  const orphans = db
    .prepare(
      'SELECT count(*) FROM runs WHERE experiment_id IS NOT NULL AND experiment_id NOT IN (SELECT id FROM experiments)',
    )
    .pluck()
    .get() as number;
  if (orphans > 0) findings.add(`${orphans} runs`, 'their experiment is not in the archive');
  findings.done();

  for (const c of db
    .prepare(
      `SELECT run_id, kind, n, d, rows, created_at, points, ${CHECKSUM_MISMATCH.configurations} AS mismatch
       FROM configurations t`,
    )
    .iterate() as Iterable<Record<string, unknown>>) {
    findings.tick();
    const row = `the ${String(c.kind)} configuration of ${named('run', c.run_id)}`;
    const run = runs.get(String(c.run_id));
    const problems = new Problems();
    if (!run) problems.add('run', 'its run is not in the archive');
    else if (c.n !== run.n || c.d !== run.d || c.rows !== run.rows)
      problems.add(
        'shape',
        `n, d, rows are ${String(c.n)}, ${String(c.d)}, ${String(c.rows)}; the run has ${run.n}, ${run.d}, ${run.rows}`,
      );
    const points = c.points as Uint8Array;
    if (run && points.byteLength !== 8 * run.rows * run.d)
      problems.add(
        'points',
        `the points hold ${points.byteLength} bytes, not ${8 * run.rows * run.d} (rows x d float64)`,
      );
    else if (c.mismatch) problems.add('points', 'the points no longer match their checksum');
    else if (!readFloat64Blob(points).every(Number.isFinite))
      problems.add('points', 'a coordinate is not finite');
    storedTime(c.created_at, 'createdAt', 'created_at', problems);
    if (problems.size > 0) findings.add(row, problems.toString());
  }

  for (const t of db
    .prepare(
      `SELECT run_id, chunk, count, length(restart) AS r, length(iteration) AS i, length(energy) AS e,
         length(grad_norm) AS g, length(elapsed_ms) AS m, ${CHECKSUM_MISMATCH.traces} AS mismatch
       FROM traces t`,
    )
    .iterate() as Iterable<Record<string, number>>) {
    findings.tick();
    const row = `trace chunk ${t.chunk} of ${named('run', t.run_id)}`;
    if (!runs.has(String(t.run_id))) findings.add(row, 'its run is not in the archive');
    else if (
      !(t.count! > 0) ||
      t.r !== 4 * t.count! ||
      t.i !== 4 * t.count! ||
      [t.e, t.g, t.m].some((l) => l !== 8 * t.count!)
    )
      findings.add(row, `its columns do not hold ${t.count} samples each`);
    else if (t.mismatch) findings.add(row, 'its samples no longer match their checksum');
  }

  for (const note of db.prepare('SELECT run_id, experiment_id, updated_at FROM notes').iterate() as Iterable<
    Record<string, unknown>
  >) {
    findings.tick();
    const problems = new Problems();
    storedTime(note.updated_at, 'updatedAt', 'updated_at', problems);
    if (problems.size > 0)
      findings.add(
        `the note of ${note.run_id ? named('run', note.run_id) : named('experiment', note.experiment_id)}`,
        problems.toString(),
      );
  }
  findings.done();
}

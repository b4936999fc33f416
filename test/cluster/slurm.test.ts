import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli-process';
import { startSlurmCluster, type SlurmCluster } from '../helpers/slurm-cluster';

/**
 * `spherelab slurm` on a real one-node Slurm (Debian's slurmctld, slurmd and munge, started and
 * stopped by this file): a 3-shard job array and its merge job, checked bit for bit against the
 * same sweep run locally; an idempotent second merge; and a lost shard resubmitted and merged.
 */

const SPEC = `name: slurm grid
energy: ce
n: {from: 4, to: 6, step: 1}
d: 3
s: [1, 2]
seeds: [1, 2]
`;
const RUNS = 12;
const SHARDS = 3;

interface StoredRun {
  key: string;
  experimentId: string;
  finalEnergy: Buffer;
  points: Buffer;
  origin: { shard: { index: number; count: number }; slurmJobId?: string } | null;
}

/** Every run of a database keyed by its parameters, with the exact bits of its energy and points. */
function storedRuns(file: string): Map<string, StoredRun> {
  const db = new Database(file, { readonly: true });
  try {
    const rows = db
      .prepare(
        `SELECT r.energy_kind, r.n, r.d, r.s, r.alpha, r.seed, r.status, r.experiment_id, r.final_energy, r.origin, c.points
         FROM runs r JOIN configurations c ON c.run_id = r.id AND c.kind = 'final'`,
      )
      .all() as Record<string, unknown>[];
    const runs = new Map<string, StoredRun>();
    for (const r of rows) {
      expect(r.status).toBe('completed');
      const key = `${r.energy_kind} n=${r.n} d=${r.d} s=${r.s} alpha=${r.alpha} seed=${r.seed}`;
      const energy = Buffer.alloc(8);
      energy.writeDoubleLE(r.final_energy as number);
      runs.set(key, {
        key,
        experimentId: r.experiment_id as string,
        finalEnergy: energy,
        points: r.points as Buffer,
        origin: r.origin ? JSON.parse(r.origin as string) : null,
      });
    }
    return runs;
  } finally {
    db.close();
  }
}

describe('spherelab slurm without a cluster', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'spherelab-slurm-cli-'));
    writeFileSync(join(dir, 'grid.yaml'), SPEC);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('--dry-run prints both scripts and writes nothing', async () => {
    const job = join(dir, 'job');
    const out = await runCli([
      'slurm',
      join(dir, 'grid.yaml'),
      '--shards',
      '3',
      '--results',
      job,
      '--dry-run',
      '--json',
    ]);
    expect(out.code, out.stderr).toBe(0);
    const printed = JSON.parse(out.stdout) as { shardScript: string; mergeScript: string };
    expect(printed.shardScript).toContain('#SBATCH --array=0-2');
    expect(printed.shardScript).toContain(`--shard "$SLURM_ARRAY_TASK_ID/3"`);
    expect(printed.shardScript).toContain('#SBATCH --output=logs/shard-%a-%A.out');
    expect(printed.mergeScript).toMatch(/slurm merge \. --db '.*'$/m);
    expect(existsSync(job)).toBe(false);
  });

  it('refuses flags that would not make a valid script, with exit 2 and the allowed form', async () => {
    for (const [flag, value, says] of [
      ['--time', '1; rm -rf /', 'Slurm time limit'],
      ['--mem', '4 GB', 'memory per node'],
      ['--partition', 'a b', 'partition name'],
      ['--shards', '0', 'from 1 to 10000'],
    ] as const) {
      const args = ['slurm', join(dir, 'grid.yaml'), '--shards', '2', flag, value, '--dry-run'];
      const out = await runCli(flag === '--shards' ? args.filter((_, i) => i !== 2 && i !== 3) : args);
      expect(out.code, `${flag} ${value}: ${out.stderr}`).toBe(2);
      expect(out.stderr).toContain(says);
    }
  });

  it('sweep --shard takes exactly its share of the grid, and refuses a bad shard', async () => {
    const counts: number[] = [];
    for (let i = 0; i < SHARDS; i++) {
      const out = await runCli([
        'sweep',
        join(dir, 'grid.yaml'),
        '--shard',
        `${i}/${SHARDS}`,
        '--db',
        join(dir, `s${i}.db`),
        '--json',
      ]);
      expect(out.code, out.stderr).toBe(0);
      counts.push((JSON.parse(out.stdout) as { runIds: string[] }).runIds.length);
    }
    expect(counts).toEqual([4, 4, 4]);
    const bad = await runCli([
      'sweep',
      join(dir, 'grid.yaml'),
      '--shard',
      '3/3',
      '--db',
      join(dir, 'bad.db'),
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('0 <= I < N');
  }, 300_000);
});

describe('spherelab slurm on a real one-node Slurm', () => {
  let cluster: SlurmCluster;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'spherelab-slurm-'));
    writeFileSync(join(dir, 'grid.yaml'), SPEC);
    cluster = await startSlurmCluster();
  }, 180_000);
  afterAll(async () => {
    await cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  const cli = (args: string[]) => runCli(args, { env: cluster.env });

  it('runs a 3-shard job array, merges it, and matches the local sweep bit for bit', async () => {
    const job = join(dir, 'job');
    const userDb = join(dir, 'user.db');
    const submitted = await cli([
      'slurm',
      join(dir, 'grid.yaml'),
      '--shards',
      String(SHARDS),
      '--results',
      job,
      '--db',
      userDb,
      '--json',
    ]);
    expect(submitted.code, submitted.stderr).toBe(0);
    const { arrayJobId, mergeJobId, experimentId } = JSON.parse(submitted.stdout) as Record<string, string>;
    process.stdout.write(`slurm test: array job ${arrayJobId}, merge job ${mergeJobId}\n`);
    await cluster.waitUntilGone([arrayJobId!, mergeJobId!], 600_000);

    const status = await cli(['slurm', 'status', job, '--json']);
    expect(status.code, status.stderr).toBe(0);
    const report = JSON.parse(status.stdout) as {
      counts: Record<string, number>;
      shards: { merged: boolean }[];
      merge: { state: string };
    };
    expect(report.counts.done).toBe(SHARDS);
    expect(report.shards.every((s) => s.merged)).toBe(true);
    expect(report.merge.state).toBe('COMPLETED');

    const local = await cli(['sweep', join(dir, 'grid.yaml'), '--db', join(dir, 'local.db')]);
    expect(local.code, local.stderr).toBe(0);
    const merged = storedRuns(userDb);
    const expected = storedRuns(join(dir, 'local.db'));
    expect(merged.size).toBe(RUNS);
    expect([...merged.keys()].sort()).toEqual([...expected.keys()].sort());
    const perShard = new Map<number, number>();
    for (const [key, run] of merged) {
      expect(run.finalEnergy.equals(expected.get(key)!.finalEnergy), `${key}: final energy bits`).toBe(true);
      expect(run.points.equals(expected.get(key)!.points), `${key}: points bits`).toBe(true);
      expect(run.experimentId).toBe(experimentId);
      expect(run.origin?.shard.count).toBe(SHARDS);
      expect(run.origin?.slurmJobId).toBe(`${arrayJobId}_${run.origin!.shard.index}`);
      perShard.set(run.origin!.shard.index, (perShard.get(run.origin!.shard.index) ?? 0) + 1);
    }
    process.stdout.write(`slurm test: runs per shard ${JSON.stringify(Object.fromEntries(perShard))}\n`);
    expect([...perShard.values()]).toEqual([4, 4, 4]);

    const shown = new Database(userDb, { readonly: true });
    const anyRun = shown
      .prepare(`SELECT id FROM runs WHERE json_extract(origin, '$.shard.index') = 2`)
      .pluck()
      .get() as string;
    shown.close();
    const show = await cli(['show', anyRun, '--db', userDb]);
    expect(show.stdout).toMatch(new RegExp(`origin\\s+shard 2/3, Slurm job ${arrayJobId}_2 on `));

    // merging again adds nothing
    const again = await cli(['slurm', 'merge', job, '--db', userDb, '--json']);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ imported: [], alreadyMerged: [0, 1, 2], missing: [] });
    expect(storedRuns(userDb).size).toBe(RUNS);

    // shard 1's archive is lost and its runs never reached the database: resubmit runs only shard 1
    rmSync(join(job, 'results', 'shard-1.spherelab'));
    const db = new Database(userDb);
    db.prepare(`DELETE FROM runs WHERE json_extract(origin, '$.shard.index') = 1`).run();
    db.close();
    const lost = JSON.parse((await cli(['slurm', 'status', job, '--json'])).stdout) as {
      shards: { shard: number; state: string }[];
    };
    expect(lost.shards.map((s) => s.state)).toEqual(['done', 'failed', 'done']);
    const resubmitted = await cli(['slurm', 'resubmit', job, '--json']);
    expect(resubmitted.code, resubmitted.stderr).toBe(0);
    const { shards, submission } = JSON.parse(resubmitted.stdout) as {
      shards: number[];
      submission: Record<string, string>;
    };
    expect(shards).toEqual([1]);
    await cluster.waitUntilGone([submission.arrayJobId!, submission.mergeJobId!], 600_000);
    const final = storedRuns(userDb);
    expect(final.size).toBe(RUNS);
    for (const [key, run] of final) expect(run.points.equals(expected.get(key)!.points), key).toBe(true);
    expect(readdirSync(join(job, 'results')).sort()).toEqual([
      'shard-0.spherelab',
      'shard-1.spherelab',
      'shard-2.spherelab',
    ]);
    process.stdout.write(
      `slurm test: resubmitted shard 1 as array job ${submission.arrayJobId}, merge job ${submission.mergeJobId}\n`,
    );
  }, 900_000);
});

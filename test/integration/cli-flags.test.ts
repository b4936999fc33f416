import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunSpec } from '../../core/spec/run-spec';
import type { CliContext } from '../../electron/cli/command';
import { COMMANDS } from '../../electron/cli/command-table';
import { runSpherelab } from '../../electron/cli/program';
import { openStore } from '../../electron/backend/store/store';
import { runCli } from '../helpers/cli-process';

/**
 * The `spherelab` parser and the command-line edges of issues 10 and 14, run in-process through the
 * same program the executable runs (program.ts), on real SQLite files in a temporary folder.
 */

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

function sink(onText: (text: string) => void) {
  return new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      onText(String(chunk));
      done();
    },
  });
}

async function spherelab(...argv: string[]): Promise<Outcome> {
  const text = { stdout: '', stderr: '' };
  const context: CliContext = {
    stdout: sink((t) => (text.stdout += t)),
    stderr: sink((t) => (text.stderr += t)),
    onInterrupt: () => () => {},
  };
  const code = await runSpherelab(argv, context);
  return { code, ...text };
}

/** exit 2 and exactly one line on stderr that contains every one of `parts` */
function expectUsage(out: Outcome, ...parts: string[]) {
  expect(out.code, out.stderr).toBe(2);
  expect(out.stdout).toBe('');
  const lines = out.stderr.split('\n').filter(Boolean);
  expect(lines, out.stderr).toHaveLength(1);
  for (const part of parts) expect(lines[0]).toContain(part);
}

const PKG_VERSION = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version;

let dir = '';
let db = '';
const experimentIds: Record<string, string> = {};
let runId = '';

/** control characters a terminal obeys: C0 but newline, DEL, C1 */
// eslint-disable-next-line no-control-regex -- looking for control characters is the point
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;
const EVIL = 'evil \u001b]0;pwned\u0007\u001b[31mred\u001b[0m \u009b2J \u202eeman';

afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'spherelab-cli-flags-'));
  db = join(dir, 'lab.db');
  const store = openStore(db);
  for (const [name, n] of [
    ['beta', [3, 4]],
    ['alpha', [3]],
    ['gamma', [3, 4, 5]],
  ] as const) {
    const { experiment, runIds } = store.createExperiment(
      { spec: { name, energy: 'ce', n: [...n], d: 3 } },
      null,
    );
    experimentIds[name] = experiment.id;
    for (const id of runIds) store.endRun(id, 'failed', 'test');
  }
  runId = store.insertRun(RunSpec.parse({ energy: 'ce', n: 5, d: 4 }));
  store.endRun(runId, 'failed', 'test');
  // what an archive or an old version may have left: text with terminal escape sequences
  store.db
    .prepare('UPDATE experiments SET name = ?, description = ? WHERE id = ?')
    .run(EVIL, EVIL, experimentIds.gamma);
  store.db.prepare('UPDATE runs SET error = ? WHERE id = ?').run(EVIL, runId);
  store.db.prepare('INSERT INTO tags (run_id, tag) VALUES (?, ?)').run(runId, EVIL);
  store.close();
});

describe('spherelab: one parser, generated help', () => {
  it('--version prints the package version and exits 0, as the executable does', async () => {
    const [inProcess, executable] = await Promise.all([spherelab('--version'), runCli(['--version'])]);
    for (const out of [inProcess, { ...executable, code: executable.code ?? -1 }]) {
      expect(out.code).toBe(0);
      expect(out.stdout.trim()).toBe(PKG_VERSION);
    }
  });

  it('help COMMAND prints what COMMAND --help prints; help of an unknown command is exit 2', async () => {
    for (const { name } of COMMANDS) {
      const [viaHelp, viaFlag] = await Promise.all([spherelab('help', name), spherelab(name, '--help')]);
      expect(viaHelp.code).toBe(0);
      expect(viaHelp.stdout).toMatch(new RegExp(`^Usage: spherelab ${name} `));
      expect(viaHelp.stdout).toBe(viaFlag.stdout);
    }
    expectUsage(await spherelab('help', 'frobnicate'), "unknown command 'frobnicate'", 'commands: run,');
    expectUsage(await spherelab('frobnicate'), "unknown command 'frobnicate'");
    const bare = await spherelab();
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('Usage: spherelab COMMAND');
  });

  it('every command --help lists exactly the flags the command accepts', async () => {
    const context: CliContext = {
      stdout: sink(() => {}),
      stderr: sink(() => {}),
      onInterrupt: () => () => {},
    };
    for (const entry of COMMANDS) {
      const parser = (await entry.load()).toCommander(entry.name, context, () => {});
      const accepted = new Set(['--help', ...parser.options.map((o) => o.long!)]);
      const help = (await spherelab(entry.name, '--help')).stdout;
      const mentioned = new Set(help.match(/(?<![\w-])--[a-z][a-z-]*/g));
      expect([...mentioned].sort(), entry.name).toEqual([...accepted].sort());
      expectUsage(
        await spherelab(entry.name, '--no-such-flag'),
        "unknown option '--no-such-flag'",
        'allowed: --',
      );
    }
  });

  it('a repeated single-value flag is refused; list flags may repeat and hold commas', async () => {
    expectUsage(
      await spherelab('list', '--db', db, '--limit', '5', '--limit', '6'),
      '--limit is given twice',
    );
    expectUsage(await spherelab('run', '--n', '4', '--d', '3', '--n', '5'), '--n is given twice');
    expectUsage(await spherelab('list', '--db', db, '--db', db), '--db is given twice');
    const ids = async (...argv: string[]) => {
      const out = await spherelab('list', '--db', db, '--json', ...argv);
      expect(out.code, out.stderr).toBe(0);
      return (JSON.parse(out.stdout) as { id: string }[]).map((r) => r.id).sort();
    };
    const [a, b] = [experimentIds.alpha!, experimentIds.beta!];
    const both = await ids('--experiment', a, '--experiment', b);
    expect(both).toHaveLength(3);
    expect(await ids('--experiment', `${a.slice(0, 8)},${b.slice(0, 6)}`)).toEqual(both);
    expect(await ids('--experiment', a, b)).toEqual(both); // the older, space-separated spelling
  });

  it('run takes the paper energy, ce, when --energy is not given', async () => {
    const out = await runCli(['run', '--n', '3', '--d', '2', '--json', '--db', join(dir, 'run.db')]);
    expect(out.code, out.stderr).toBe(0);
    expect(JSON.parse(out.stdout).spec).toMatchObject({ energy: 'ce', n: 3, d: 2 });
  });
});

describe('spherelab: command-line edges (issue 10)', () => {
  it('list --n-min 10 --n-max 1 is bad input: one line naming the flag, exit 2', async () => {
    const out = await spherelab('list', '--db', db, '--n-min', '10', '--n-max', '1');
    expectUsage(out, '--n-max', 'min must not exceed max');
    expect(out.stderr).not.toContain('{');
  });

  it('list --experiments sorts by --sort, and refuses a column experiments do not have', async () => {
    // gamma's stored name holds escape sequences: it reads as damaged, with a placeholder name
    const names = async (...argv: string[]) => {
      const out = await spherelab('list', '--experiments', '--db', db, '--json', ...argv);
      expect(out.code, out.stderr).toBe(0);
      return (JSON.parse(out.stdout) as { name: string; damaged?: string }[]).map((e) =>
        e.damaged ? 'damaged' : e.name,
      );
    };
    expect(await names('--sort', 'name', '--asc')).toEqual(['damaged', 'alpha', 'beta']);
    expect(await names('--sort', 'runs')).toEqual(['damaged', 'beta', 'alpha']);
    expect(await names('--sort', 'runs', '--asc')).toEqual(['alpha', 'beta', 'damaged']);
    expectUsage(
      await spherelab('list', '--experiments', '--db', db, '--sort', 'n'),
      '--sort n: must be one of createdAt, name',
    );
    expectUsage(
      await spherelab('list', '--experiments', '--db', db, '--n-min', '3'),
      '--n-min',
      '--experiments',
    );
  });

  it('export --out into a missing folder is refused, and nothing is created', async () => {
    const out = join(dir, 'missing', 'deeper', 'x.spherelab');
    expectUsage(await spherelab('export', '--db', db, '--out', out), `--out ${out}`, 'does not exist');
    expect(existsSync(join(dir, 'missing'))).toBe(false);
    const figure = join(dir, 'nowhere', 'f.svg');
    expectUsage(
      await spherelab('figure', 'trace', '--run', runId, '--out', figure, '--db', db),
      'does not exist',
    );
    expect(existsSync(join(dir, 'nowhere'))).toBe(false);
  });

  it('a read command given a missing database refuses it and creates no folder or file', async () => {
    const missing = join(dir, 'a', 'b', 'c.db');
    for (const argv of [
      ['list'],
      ['list', '--experiments'],
      ['show', runId],
      ['export', '--out', join(dir, 'x.spherelab')],
      ['rm', runId, '--yes'],
      ['resume'],
      ['figure', 'trace', '--run', runId, '--out', join(dir, 'x.svg')],
    ]) {
      expectUsage(await spherelab(...argv, '--db', missing), `no SphereLab database at ${missing}`);
      expect(existsSync(join(dir, 'a')), argv.join(' ')).toBe(false);
    }
  });

  it('an unknown run and an unknown experiment are both bad input: exit 2', async () => {
    const nobody = 'ffffffff-ffff-4fff-bfff-ffffffffffff';
    expectUsage(await spherelab('show', nobody, '--db', db), `no run with id ${nobody}`);
    expectUsage(await spherelab('rm', nobody, '--yes', '--db', db), `no run with id ${nobody}`);
    expectUsage(await spherelab('resume', nobody, '--db', db), `no run with id ${nobody}`);
    expectUsage(
      await spherelab('export', '--run', nobody, '--out', join(dir, 'u.spherelab'), '--db', db),
      `--run ${nobody}`,
    );
    for (const argv of [
      ['list'],
      ['rm', '--yes'],
      ['resume'],
      ['export', '--out', join(dir, 'u.spherelab')],
      ['figure', 'etf-phase', '--out', join(dir, 'u.svg')],
    ])
      expectUsage(
        await spherelab(...argv, '--experiment', nobody, '--db', db),
        `--experiment ${nobody}: no experiment`,
      );
    expectUsage(await spherelab('show', 'zz', '--db', db), 'not a run id');
  });

  it('import of a device, a FIFO or a folder says what it is; a missing file says so; exit 2', async () => {
    const target = join(dir, 'import.db');
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const folder = join(dir, 'folder');
    mkdirSync(folder);
    expectUsage(
      await spherelab('import', '/dev/zero', '--db', target),
      '/dev/zero is a character device, not a regular file',
    );
    expectUsage(
      await spherelab('import', fifo, '--db', target),
      'is a FIFO (named pipe), not a regular file',
    );
    expectUsage(await spherelab('import', folder, '--db', target), 'is a folder, not a regular file');
    expectUsage(
      await spherelab('import', join(dir, 'absent.spherelab'), '--db', target),
      'absent.spherelab: no such file',
    );
    expect(existsSync(target)).toBe(false);
  });

  it('text from the database reaches the terminal with its control characters escaped', async () => {
    const shown: Outcome[] = [
      await spherelab('list', '--db', db),
      await spherelab('list', '--db', db, '--tag', EVIL.slice(0, 4)),
      await spherelab('list', '--db', db, '--json'),
      await spherelab('list', '--experiments', '--db', db),
      await spherelab('list', '--experiments', '--db', db, '--json'),
      await spherelab('show', runId, '--db', db),
      await spherelab('show', runId, '--db', db, '--json'),
      await spherelab('show', `${runId.slice(0, 6)}\u001b[2J`, '--db', db),
    ];
    for (const out of shown) {
      expect(out.stdout + out.stderr).not.toMatch(RAW_CONTROL);
      expect(out.stdout + out.stderr).not.toContain('\u202e');
    }
    expect(shown[0]!.code).toBe(0);
    // the rows holding escape sequences read as damaged, saying why, and never hand the text on
    expect(shown[3]!.stdout).toMatch(/^\S+ +\(damaged\) +ce +3 /m);
    expect(shown[0]!.stdout).toMatch(new RegExp(`${runId.slice(0, 8)} +damaged`));
    const experiments = JSON.parse(shown[4]!.stdout) as { name: string; damaged?: string }[];
    expect(experiments.filter((e) => e.damaged).map((e) => e.name)).toEqual(['']);
    const run = JSON.parse(shown[6]!.stdout) as { error: string | null; damaged?: string };
    expect(run.damaged).toMatch(/control character/);
    expect(JSON.stringify(run)).not.toContain('pwned');
    expect(shown[7]!.code).toBe(2);

    const removed = await spherelab('rm', '--experiment', experimentIds.gamma!, '--yes', '--db', db);
    expect(removed.code, removed.stderr).toBe(0);
    expect(removed.stderr).toContain(`deleted experiment "" (${experimentIds.gamma}`);
    expect(removed.stderr).not.toMatch(RAW_CONTROL);
  });
});

describe('spherelab sweep', () => {
  it('refuses a bad flag before it creates the database', async () => {
    const spec = join(dir, 'spec.yaml');
    writeFileSync(spec, 'energy: ce\nn: 3\nd: 2\n');
    expectUsage(
      await spherelab('sweep', spec, '--parallel', '0', '--db', join(dir, 's.db')),
      '--parallel 0: must be an integer from 1 to 256',
    );
    expect(existsSync(join(dir, 's.db'))).toBe(false);
  });

  it('reads a spec from a pipe, and refuses a device that never ends', async () => {
    expectUsage(
      await spherelab('sweep', '/dev/zero', '--db', join(dir, 's.db')),
      '/dev/zero is a character device, not a regular file',
    );
    const fifo = join(dir, 'spec-pipe');
    execFileSync('mkfifo', [fifo]);
    // a writer in another process (this one blocks reading): it waits until the sweep opens the pipe
    const spec = join(dir, 'n1.yaml');
    writeFileSync(spec, 'energy: ce\nn: 1\nd: 2\n');
    const writer = spawn('cp', [spec, fifo], { stdio: 'ignore' });
    const written = new Promise((done) => writer.once('close', done));
    try {
      expectUsage(await spherelab('sweep', fifo, '--db', join(dir, 's.db')), 'grid point n=1 d=2');
      expect(await written).toBe(0);
    } finally {
      writer.kill();
    }
    expect(existsSync(join(dir, 's.db'))).toBe(false);
  });
});

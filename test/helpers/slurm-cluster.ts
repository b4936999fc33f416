import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, hostname } from 'node:os';
import { join } from 'node:path';
import { ensureDebianPackages } from './debian-packages';

/**
 * A one-node Slurm cluster for tests, from Debian's slurmctld, slurmd, slurm-client and munge: every
 * daemon runs in the foreground as a child of this process, with its config, state, sockets and logs
 * in one temporary folder and its own ports, so nothing of the machine's own Slurm (if any) is used
 * or changed. stop() cancels every job, waits for the queue to empty (a killed slurmd leaves its
 * jobs running), then ends each daemon by its PID. Needs root (slurmd starts jobs as their user).
 */

export interface SlurmCluster {
  /** the environment Slurm's client commands need (SLURM_CONF) */
  env: NodeJS.ProcessEnv;
  node: string;
  folder: string;
  /** squeue's lines for the job, empty once it left the queue */
  queued(jobId: string): string[];
  waitUntilGone(jobIds: string[], timeoutMs: number): Promise<void>;
  stop(): Promise<void>;
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function idOf(user: string): number {
  const out = spawnSync('id', ['-u', user], { encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`no user ${user}: is munge installed?`);
  return Number(out.stdout.trim());
}

export async function startSlurmCluster(): Promise<SlurmCluster> {
  ensureDebianPackages(
    'the Slurm test',
    ['slurmctld', 'slurmd', 'slurm-client', 'munge'],
    ['slurmctld', 'slurmd', 'sbatch', 'munged', 'mungekey'],
  );
  if (process.getuid?.() !== 0) throw new Error('the Slurm test runs slurmd, which needs root');
  const folder = mkdtempSync('/tmp/spherelab-slurm-');
  chmodSync(folder, 0o755);
  const mungeUid = idOf('munge');
  // munged refuses a key readable by others, and a socket folder that others cannot enter
  const keyDir = join(folder, 'munge-key');
  const runDir = join(folder, 'munge-run');
  for (const [dir, mode] of [
    [keyDir, 0o700],
    [runDir, 0o755],
  ] as const) {
    mkdirSync(dir);
    chownSync(dir, mungeUid, mungeUid);
    chmodSync(dir, mode);
  }
  for (const dir of ['ctld', 'd']) mkdirSync(join(folder, dir));
  const socket = join(runDir, 'munge.socket');
  const asMunge = ['--reuid=munge', '--regid=munge', '--init-groups'];
  const key = spawnSync('setpriv', [...asMunge, 'mungekey', '-c', '-k', join(keyDir, 'munge.key')], {
    encoding: 'utf8',
  });
  if (key.status !== 0) throw new Error(`mungekey failed: ${key.stderr}`);

  const daemons: { name: string; child: ChildProcess }[] = [];
  const start = (name: string, command: string, args: string[], env: NodeJS.ProcessEnv = process.env) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
    child.once('exit', (code, signal) => {
      if (!stopping)
        process.stderr.write(`slurm test cluster: ${name} ended (${code ?? signal}): ${stderr}\n`);
    });
    daemons.push({ name, child });
  };
  let stopping = false;

  const node = hostname().split('.')[0]!;
  const conf = join(folder, 'slurm.conf');
  const env = { ...process.env, SLURM_CONF: conf };
  const stopAll = async () => {
    stopping = true;
    const ids = spawnSync('squeue', ['-h', '-o', '%A'], { env, encoding: 'utf8' }).stdout?.trim();
    if (ids) spawnSync('scancel', ids.split('\n'), { env });
    for (let i = 0; i < 100 && spawnSync('squeue', ['-h'], { env, encoding: 'utf8' }).stdout?.trim(); i++)
      await sleep(200);
    for (const { child } of daemons.reverse()) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(10_000)]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    rmSync(folder, { recursive: true, force: true });
  };

  try {
    start('munged', 'setpriv', [
      ...asMunge,
      '/usr/sbin/munged',
      '--foreground',
      `--socket=${socket}`,
      `--key-file=${join(keyDir, 'munge.key')}`,
      `--pid-file=${join(runDir, 'munged.pid')}`,
      `--log-file=${join(keyDir, 'munged.log')}`,
      `--seed-file=${join(keyDir, 'munged.seed')}`,
    ]);
    for (let i = 0; spawnSync('munge', ['-S', socket, '-n']).status !== 0; i++) {
      if (i > 50) throw new Error('munged did not start');
      await sleep(100);
    }
    const [ctldPort, slurmdPort] = [await freePort(), await freePort()];
    const cpus = availableParallelism();
    writeFileSync(
      conf,
      [
        'ClusterName=spherelabtest',
        // clients and the node talk to 127.0.0.1 only (Slurm 22.05 has no bind-address setting)
        `SlurmctldHost=${node}(127.0.0.1)`,
        `SlurmctldPort=${ctldPort}`,
        `SlurmdPort=${slurmdPort}`,
        'SlurmUser=root',
        'AuthType=auth/munge',
        'CredType=cred/munge',
        `AuthInfo=socket=${socket}`,
        `StateSaveLocation=${join(folder, 'ctld')}`,
        `SlurmdSpoolDir=${join(folder, 'd')}`,
        `SlurmctldPidFile=${join(folder, 'slurmctld.pid')}`,
        `SlurmdPidFile=${join(folder, 'slurmd.pid')}`,
        `SlurmctldLogFile=${join(folder, 'slurmctld.log')}`,
        `SlurmdLogFile=${join(folder, 'slurmd.log')}`,
        'ProctrackType=proctrack/linuxproc',
        'TaskPlugin=task/none',
        'SelectType=select/cons_tres',
        'SelectTypeParameters=CR_Core',
        'MpiDefault=none',
        'JobAcctGatherType=jobacct_gather/none',
        'AccountingStorageType=accounting_storage/none',
        'ReturnToService=2',
        'MailProg=/bin/true',
        `NodeName=${node} NodeAddr=127.0.0.1 CPUs=${cpus} RealMemory=2000 State=UNKNOWN`,
        `PartitionName=debug Nodes=${node} Default=YES MaxTime=INFINITE State=UP`,
        '',
      ].join('\n'),
    );
    start('slurmctld', 'slurmctld', ['-D', '-f', conf], env);
    start('slurmd', 'slurmd', ['-D', '-f', conf, '-N', node], env);
    for (let i = 0; ; i++) {
      const state = spawnSync('sinfo', ['-h', '-n', node, '-o', '%T'], {
        env,
        encoding: 'utf8',
      }).stdout?.trim();
      if (state === 'idle') break;
      if (i > 150) throw new Error(`the Slurm node did not become idle (state "${state}")`);
      await sleep(200);
    }
  } catch (error) {
    await stopAll();
    throw error;
  }

  const queued = (jobId: string) =>
    (spawnSync('squeue', ['-h', '-r', '-j', jobId], { env, encoding: 'utf8' }).stdout ?? '')
      .split('\n')
      .filter((l) => l.trim() !== '');
  return {
    env,
    node,
    folder,
    queued,
    async waitUntilGone(jobIds, timeoutMs) {
      const end = Date.now() + timeoutMs;
      while (jobIds.some((id) => queued(id).length > 0)) {
        if (Date.now() > end)
          throw new Error(`Slurm jobs ${jobIds.join(', ')} still queued after ${timeoutMs} ms`);
        await sleep(500);
      }
    },
    stop: stopAll,
  };
}

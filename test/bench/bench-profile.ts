/**
 * Where the time of one benchmark case goes: runs bench-case.ts under `node --cpu-prof` (every thread
 * writes its own profile) and prints the self time per function, summed over the threads.
 * Used by `npm run bench -- --profile 1000x32`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const IDLE = new Set(['(idle)', '(program)', '(garbage collector)']);

function selfTimes(profile: CpuProfile, into: Map<string, number>): void {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  profile.samples.forEach((id, k) => {
    const frame = (byId.get(id) as ProfileNode).callFrame;
    // by name, so that a function's time in the workers (their code is an eval'd bundle) adds up
    const file = frame.url.split('/').slice(-2).join('/');
    const key = frame.functionName ? frame.functionName : `(anonymous) ${file}`;
    into.set(key, (into.get(key) ?? 0) + profile.timeDeltas[k] / 1000);
  });
}

/** Self time per function summed over the given profiles (threads or processes), as table lines. */
export function summarizeProfiles(files: string[], top = 15): string {
  const times = new Map<string, number>();
  for (const file of files) selfTimes(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, times);
  const busy = [...times].filter(([name]) => !IDLE.has(name) && !name.startsWith('(idle'));
  const total = busy.reduce((sum, [, ms]) => sum + ms, 0);
  const lines = [`${total.toFixed(0)} ms of CPU outside idle/GC (includes start-up)`];
  for (const [name, ms] of busy.sort((a, b) => b[1] - a[1]).slice(0, top)) {
    lines.push(`${ms.toFixed(0).padStart(8)} ms ${((100 * ms) / total).toFixed(1).padStart(5)} %  ${name}`);
  }
  lines.push(`(garbage collector ${(times.get('(garbage collector)') ?? 0).toFixed(0)} ms)`);
  return lines.join('\n');
}

export function profileCase(root: string, caseArgs: string[], top = 15): void {
  const dir = mkdtempSync(join(tmpdir(), 'spherelab-prof-'));
  try {
    const args = ['--cpu-prof', '--cpu-prof-dir', dir, 'bin/run-ts.mjs', 'test/bench/bench-case.ts', ...caseArgs];
    const result = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`profiled case failed:\n${result.stderr}`);
    console.log(`case ${caseArgs.join(' ')}, over all threads: ${summarizeProfiles(readdirSync(dir).map((f) => join(dir, f)), top)}`);
    console.log(`(${JSON.parse(result.stdout.trim().split('\n').pop() as string).evaluator})`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

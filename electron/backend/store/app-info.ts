import { readFileSync } from 'node:fs';
import { cpus, hostname, platform, arch } from 'node:os';

/** Provenance recorded with every run and written into every database file. */

let cachedVersion: string | undefined;

/** The SphereLab version from package.json (read once). */
export function appVersion(): string {
  if (cachedVersion === undefined) {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
      version?: unknown;
    };
    cachedVersion = typeof pkg.version === 'string' ? pkg.version : 'unknown';
  }
  return cachedVersion;
}

/** e.g. "linux x64, 8 cores, Intel(R) Xeon(R) CPU, node 20.19.4, host lab-3" */
let cachedMachine: string | undefined;
/** Once per process: every run records it, and reading the CPUs costs a file read each time. */
export function machineSummary(): string {
  if (cachedMachine === undefined) {
    const cores = cpus();
    const model = cores[0]?.model.trim() || 'unknown cpu';
    cachedMachine = `${platform()} ${arch()}, ${cores.length} cores, ${model}, node ${process.versions.node}, host ${hostname()}`;
  }
  return cachedMachine;
}

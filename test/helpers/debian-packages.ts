import { execFileSync, spawnSync } from 'node:child_process';

/**
 * Makes sure the Debian packages a test needs are installed, so `npm test` needs nothing done by hand:
 * missing ones are installed with apt-get when this process may (root, or sudo without a password);
 * otherwise the test stops once with the exact command to run. Never a silent skip.
 */

const onPath = (command: string) => spawnSync('sh', ['-c', `command -v "$1"`, 'sh', command]).status === 0;

export function ensureDebianPackages(what: string, packages: string[], commands: string[]): void {
  const missing = commands.filter((c) => !onPath(c));
  if (missing.length === 0) return;
  const install = `apt-get update && apt-get install -y --no-install-recommends ${packages.join(' ')}`;
  const root = process.getuid?.() === 0;
  const sudo = !root && onPath('sudo') && spawnSync('sudo', ['-n', 'true']).status === 0;
  if (!onPath('apt-get') || (!root && !sudo)) {
    throw new Error(
      `${what} needs ${missing.join(', ')}, which ${missing.length === 1 ? 'is' : 'are'} not installed and cannot be installed from here. Run:\n  sudo sh -c '${install}'`,
    );
  }
  process.stderr.write(`${what}: installing ${packages.join(' ')} (missing: ${missing.join(', ')})\n`);
  const options = {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    stdio: ['ignore', 'ignore', 'pipe'] as ('ignore' | 'pipe')[],
  };
  const run = (args: string[]) =>
    root ? execFileSync(args[0]!, args.slice(1), options) : execFileSync('sudo', ['-n', ...args], options);
  run(['apt-get', 'update', '-qq']);
  run(['apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...packages]);
  const still = commands.filter((c) => !onPath(c));
  if (still.length)
    throw new Error(`${what}: after installing ${packages.join(' ')}, still missing: ${still.join(', ')}`);
}

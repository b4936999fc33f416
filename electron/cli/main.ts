import { startProcessLog } from '../backend/log/logger';
import { COMMANDS } from './command-table';
import { EXIT_FAILURE, EXIT_USAGE, UsageError, type CliContext } from './command';

/** `spherelab <command> [flags]`: dispatches to the command table. */

const HELP = `spherelab: a lab workbench for point configurations on spheres

Usage: spherelab <command> [flags]
       spherelab <command> --help

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`).join('\n')}

Exit codes: 0 success, 1 failure, 2 bad input, 130 interrupted (Ctrl-C).
`;

const context: CliContext = {
  stdout: process.stdout,
  stderr: process.stderr,
  onInterrupt(listener) {
    process.on('SIGINT', listener);
    return () => void process.off('SIGINT', listener);
  },
};

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    // Asked for: stdout and success; a bare `spherelab` is a usage error.
    if (name === undefined) process.stderr.write(HELP);
    else process.stdout.write(HELP);
    return name === undefined ? EXIT_USAGE : 0;
  }
  const entry = COMMANDS.find((c) => c.name === name);
  if (!entry) {
    const known = COMMANDS.map((c) => c.name).join(', ');
    process.stderr.write(`spherelab: unknown command "${name}"; commands: ${known} (spherelab --help)\n`);
    return EXIT_USAGE;
  }
  const command = await entry.load();
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(command.help);
    return 0;
  }
  try {
    return await command.main(args, context);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`spherelab ${name}: ${error.message}\n`);
      return EXIT_USAGE;
    }
    processLog.logger.error({ err: error, command: name }, 'command failed');
    process.stderr.write(`spherelab ${name}: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_FAILURE;
  }
}

// Internal errors keep their stacks in DATADIR/logs/spherelab.log (electron/backend/log).
const processLog = startProcessLog(process.argv[2] === 'serve' ? 'serve' : 'cli');
// exitCode, not exit(): a large JSON result on a pipe must drain before the process ends.
process.exitCode = await main(process.argv.slice(2));
await processLog.close();

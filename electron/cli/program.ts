import { CommanderError } from 'commander';
import { processLogger } from '../backend/log/process-logger';
import { appVersion } from '../backend/store/app-info';
import { COMMANDS } from './command-table';
import { EXIT_FAILURE, EXIT_USAGE, UsageError, type CliContext } from './command';
import { cliCommander } from './cli-commander';
import { printable } from './terminal-text';

/**
 * `spherelab <command> [flags]`: the program as commander sees it, the command table as its
 * subcommands; resolves to the exit code. main.ts runs it on the process; tests run it in-process.
 */
export async function runSpherelab(argv: string[], context: CliContext): Promise<number> {
  const program = cliCommander('spherelab', context)
    .description('spherelab: a lab workbench for point configurations on spheres')
    .usage('COMMAND [flags]')
    .version(appVersion(), '-V, --version', 'print the SphereLab version')
    .helpCommand('help [COMMAND]', 'show the help of a command')
    .addHelpText('after', '\nExit codes: 0 success, 1 failure, 2 bad input, 130 interrupted (Ctrl-C).');
  // Only the command named is loaded (with its dependencies); the others are listed by summary.
  const named = argv[0] === 'help' ? argv[1] : argv[0];
  const known = COMMANDS.some((c) => c.name === named);
  let code = 0;
  for (const entry of COMMANDS) {
    if (entry.name === named) {
      const command = (await entry.load()).toCommander(entry.name, context, (c) => (code = c));
      program.addCommand(command.summary(entry.summary));
    } else program.command(entry.name).summary(entry.summary);
  }
  try {
    // commander answers `help NAME` for an unknown NAME with the overall help and success
    if (argv[0] === 'help' && named !== undefined && !known)
      program.error(`unknown command '${named}'`, { code: 'commander.unknownCommand' });
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (error) {
    // help and --version end with exit code 0; help shown for a missing command is a usage error
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : EXIT_USAGE;
    const message = error instanceof Error ? error.message : String(error);
    if (!(error instanceof UsageError)) processLogger().error({ err: error, command: named }, 'command failed');
    context.stderr.write(`${known ? `spherelab ${named}` : 'spherelab'}: ${printable(message)}\n`);
    return error instanceof UsageError ? EXIT_USAGE : EXIT_FAILURE;
  }
}

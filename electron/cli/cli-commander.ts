import { Command as Commander, type ErrorOptions } from 'commander';
import { UsageError, type CliContext } from './command';

/**
 * commander as every `spherelab` command uses it (main.ts for the program, parser.ts for each
 * command): errors are UsageErrors (one line, exit 2), output goes to the context's streams. Apart
 * from parser.ts so that `spherelab --version` and `--help` load no schema library.
 */
/** commander whose errors are UsageErrors and whose output goes to the context's streams */
export class CliCommander extends Commander {
  override error(message: string, options?: ErrorOptions): never {
    // commander's messages start "error: " and put a suggestion on a second line; ours are one line
    let text = message.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ');
    if (options?.code === 'commander.unknownOption')
      text += `; allowed: ${this.options.map((o) => o.long).join(', ')}`;
    if (options?.code === 'commander.unknownCommand')
      text += `; commands: ${this.commands.map((c) => c.name()).join(', ')} (spherelab --help)`;
    throw new UsageError(text);
  }

  override createCommand(name?: string): CliCommander {
    return new CliCommander(name);
  }
}

export function cliCommander(name: string, context: CliContext): CliCommander {
  const command = new CliCommander(name);
  command
    .exitOverride()
    .configureOutput({
      writeOut: (text) => void context.stdout.write(text),
      writeErr: (text) => void context.stderr.write(text),
    })
    .optionsGroup('Flags:')
    .helpOption('-h, --help', 'show this help');
  return command;
}

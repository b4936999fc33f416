import { Option } from 'commander';
import { cliCommander } from './cli-commander';
import { UsageError, type CliContext, type Command } from './command';
import { allowedOf, defaultOf, parseValue, splitList, type FlagTable, type FlagValues } from './flags';

/**
 * The one flag parser of every `spherelab` command: commander, with the help generated from each
 * command's flag table (flags.ts), every parse error a UsageError (exit 2, one line naming the flag
 * and what is allowed), and every value checked against its flag's schema as it is read.
 */

export interface ArgumentSpec {
  /** as help shows it: RUN, FILE, KIND */
  name: string;
  help: string;
  /** default false: the command checks for it, with its own message */
  required?: boolean;
  /** takes every remaining argument; each may hold several, comma-separated */
  many?: boolean;
}

export interface CommandSpec<F extends FlagTable> {
  /** what `spherelab COMMAND --help` says above the flags */
  description: string;
  arguments?: readonly ArgumentSpec[];
  flags: F;
  /** help text after the flags: a file format, examples, exit codes */
  epilog?: string;
  main(input: { flags: FlagValues<F>; args: string[] }, context: CliContext): Promise<number>;
}

/** paragraphs as commander wraps them: single line breaks in the source are spaces */
const paragraphs = (text: string) => text.replace(/(?<!\n)\n(?!\n)/g, ' ');

/** what a value may be, when the schema says more than "a number" or "a text" */
function allowedNote(flag: FlagTable[string]): string {
  if (!flag.schema && !flag.allowed) return '';
  const allowed = allowedOf(flag);
  return /^(a number|an integer|a [A-Z]+)$/.test(allowed) ? '' : allowed;
}

function helpLine(flag: FlagTable[string]): string {
  const notes = [
    allowedNote(flag),
    flag.list ? 'comma-separated, repeatable' : '',
    flag.aliases?.length ? `also ${flag.aliases.map((a) => `--${a}`).join(', ')}` : '',
    defaultOf(flag) !== undefined ? `default ${defaultOf(flag)}` : '',
  ].filter(Boolean);
  return notes.length ? `${flag.help} (${notes.join('; ')})` : flag.help;
}

export function defineCommand<const F extends FlagTable>(spec: CommandSpec<F>): Command {
  const toCommander = (name: string, context: CliContext, finish: (code: number) => void) => {
    const command = cliCommander(name, context).description(paragraphs(spec.description));
    const terms = (spec.arguments ?? []).map((arg) => {
      const term = `${arg.name}${arg.many ? '...' : ''}`;
      command.argument(arg.required ? `<${term}>` : `[${term}]`, arg.help);
      return arg.required ? term : `[${term}]`;
    });
    command.usage([...terms, '[flags]'].join(' '));
    // what each flag was given, under its table name (aliases included); fresh for each parse
    const given = new Map<string, unknown>();
    for (const [key, flag] of Object.entries(spec.flags)) {
      for (const name of [key, ...(flag.aliases ?? [])]) {
        const term = flag.value ? ` <${flag.value}${flag.list ? '...' : ''}>` : '';
        const option = new Option(`--${name}${term}`, helpLine(flag));
        if (name !== key) option.hideHelp();
        if (flag.group) option.helpGroup(flag.group);
        if (!flag.value) option.argParser(() => given.set(key, true));
        else
          option.argParser((raw: string) => {
            if (flag.list) {
              const values = splitList(raw).map((v) => parseValue(name, flag, v));
              given.set(key, [...((given.get(key) as unknown[] | undefined) ?? []), ...values]);
            } else if (given.has(key)) {
              throw new UsageError(`--${name} is given twice; it takes one value: ${allowedOf(flag)}`);
            } else given.set(key, parseValue(name, flag, raw));
          });
        command.addOption(option);
      }
    }
    if (spec.epilog) command.addHelpText('after', `\n${spec.epilog.trimEnd()}`);
    command.action(async () => {
      const flags: Record<string, unknown> = {};
      for (const [key, flag] of Object.entries(spec.flags)) {
        const value = given.get(key);
        if (value !== undefined) flags[key] = value;
        else if (!flag.value) flags[key] = false;
        else if (flag.default !== undefined) flags[key] = parseValue(key, flag, flag.default);
      }
      const args = (command.processedArgs as (string | string[] | undefined)[])
        .flat()
        .filter((a): a is string => a !== undefined);
      const many = spec.arguments?.some((a) => a.many) ?? false;
      const input = { flags: flags as FlagValues<F>, args: many ? args.flatMap(splitList) : args };
      finish(await spec.main(input, context));
    });
    return command;
  };
  return {
    toCommander,
    async main(args, context) {
      let code = 0;
      await toCommander('command', context, (c) => (code = c)).parseAsync(args, { from: 'user' });
      return code;
    },
  };
}

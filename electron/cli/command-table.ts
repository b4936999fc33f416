import type { CommandEntry } from './command';

/** Every `spherelab` subcommand: add a file in commands/ and one line here. */
export const COMMANDS: CommandEntry[] = [
  {
    name: 'run',
    summary: 'run one solve in a solver process and print its result',
    load: async () => (await import('./commands/run')).runCommand,
  },
  {
    name: 'serve',
    summary: 'serve the workbench to a browser on 127.0.0.1 and print its URL',
    load: async () => (await import('./commands/serve')).serveCommand,
  },
];

import type { CommandEntry } from './command';

/** Every `spherelab` subcommand: add a file in commands/ (a defineCommand) and one line here. */
// prettier-ignore -- one line per command, so adding one is a one-line change that merges cleanly
export const COMMANDS: CommandEntry[] = [
  {
    name: 'run',
    summary: 'run one solve in a solver process and print its result',
    load: async () => (await import('./commands/run')).runCommand,
  },
  {
    name: 'path',
    summary: 'continuation in s: the minimizers from s-from to s-to and back, transitions located',
    load: async () => (await import('./commands/path')).pathCommand,
  },
  {
    name: 'figure',
    summary: 'draw a chart of runs as SVG, PNG or CSV for a paper',
    load: async () => (await import('./commands/figure')).figureCommand,
  },
  {
    name: 'serve',
    summary: 'serve the workbench to a browser on 127.0.0.1 and print its URL',
    load: async () => (await import('./commands/serve')).serveCommand,
  },
  {
    name: 'sweep',
    summary: 'run an experiment spec (YAML or JSON) as a sweep of stored runs',
    load: async () => (await import('./commands/sweep')).sweepCommand,
  },
  {
    name: 'slurm',
    summary: 'run a sweep as a Slurm job array and merge it (status, resubmit, merge)',
    load: async () => (await import('./commands/slurm')).slurmCommand,
  },
  {
    name: 'list',
    summary: 'list stored runs (filters, sorting, --json) or experiments',
    load: async () => (await import('./commands/list')).listCommand,
  },
  {
    name: 'show',
    summary: 'show one stored run with its metrics (--json, --points)',
    load: async () => (await import('./commands/show')).showCommand,
  },
  {
    name: 'resume',
    summary: 'continue interrupted runs from their last checkpoint',
    load: async () => (await import('./commands/resume')).resumeCommand,
  },
  {
    name: 'export',
    summary: 'write experiments and runs to a .spherelab archive',
    load: async () => (await import('./commands/export')).exportCommand,
  },
  {
    name: 'import',
    summary: 'merge a .spherelab archive into the database',
    load: async () => (await import('./commands/import')).importCommand,
  },
  {
    name: 'rm',
    summary: 'delete runs or experiments (asks first unless --yes)',
    load: async () => (await import('./commands/rm')).rmCommand,
  },
];

import { existsSync, writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import { z } from 'zod';
import { FIGURE_FORMATS, FigureExportRequest, type FigureFormat } from '../../../core/charts/figure-export';
import { FigureDataError } from '../../../core/charts/figure-error';
import { FIGURE_KINDS, RUN_FIGURES } from '../../../core/charts/figure-request';
import { databasePath } from '../../backend/data-dir';
import { exportFigure, fileBytes } from '../../backend/figures/export-figure';
import { storeFigureSource } from '../../backend/figures/store-source';
import { openStore } from '../../backend/store/store';
import type { Store } from '../../backend/store/types';
import { EXIT_OK, UsageError, type Command } from '../command';
import { numberValue, parseFlags } from '../flags';

const HELP = `Usage: spherelab figure KIND (--experiment ID... | --runs ID...) --out FILE.(svg|pdf|png|csv)
                        [--width-mm W --height-mm H] [--dpi D] [--aggregate A] [--db FILE]

Draws a figure from the database with the paper preset (serif font bundled with SphereLab, a
colour-blind-safe palette with dashes and markers, white background) and writes it as SVG (vector,
sized in mm, font embedded), PDF (vector, one page of W x H mm, font embedded), PNG (W x H mm at D dots per inch: round(W/25.4*D) x round(H/25.4*D) pixels) or CSV
(a header and one row per plotted point). The format follows the --out file's extension.

KIND:
  frame-vs-uniform     FP / max(n, n^2/d) against E/n - U_d(s, n), references drawn in
  etf-phase            distance from the simplex ETF over the (n, d) grid, with d = n - 1
  uniform-convergence  E/n - U_d(s, n) against n, log-log, one series per d (or s)
  metric-vs-parameter  any run value against another (--x, --y, --group-by, --log-x, --log-y)
  trace                energy and gradient norm against the iteration (--runs only)
  inner-products       histogram of G_ij against the uniform density (one run)
  configuration        the points: circle, sphere or top principal components (one run)
  gram                 the Gram matrix as a heatmap, n <= 300 (one run)
  gegenbauer           Gegenbauer moments M_1..M_8 (one run)

  --experiment ID...   experiments (ids or unique prefixes); their completed runs are drawn
  --runs ID...         runs (ids or unique prefixes of at least 4 characters)
  --out FILE           the file to write: .svg, .pdf, .png or .csv
  --width-mm W         width in millimetres, 20 to 1000 (default 100)
  --height-mm H        height in millimetres, 20 to 1000 (default 70)
  --dpi D              PNG resolution, 50 to 1200 (default 300)
  --aggregate A        seeds of one grid point: best | mean | spread | none (default best)
  --trace-axis X       trace: iteration | time (default iteration)
  --x V, --y V         metric-vs-parameter: a parameter, outcome or metric (default n, uniformGap)
  --group-by P,...     metric-vs-parameter: one series per value of these parameters (default d)
  --log-x, --log-y     metric-vs-parameter: log axes
  --db FILE            the database (default: $SPHERELAB_DB, else spherelab.db in the user data folder)

Example:
  spherelab figure etf-phase --experiment 3f2a --out etf-phase.png --width-mm 85 --height-mm 60 --dpi 600
`;

const FLAGS = {
  out: { type: 'string', allowed: 'a file name ending in .svg, .pdf, .png or .csv' },
  'width-mm': { type: 'string', allowed: 'a width in mm from 20 to 1000' },
  'height-mm': { type: 'string', allowed: 'a height in mm from 20 to 1000' },
  dpi: { type: 'string', allowed: 'an integer from 50 to 1200' },
  aggregate: { type: 'string', allowed: 'best, mean, spread or none' },
  'trace-axis': { type: 'string', allowed: 'iteration or time' },
  x: { type: 'string', allowed: 'a run value such as n, d, s, energyPerPoint or uniformGap' },
  y: { type: 'string', allowed: 'a run value such as uniformGap or framePotentialRatio' },
  'group-by': { type: 'string', allowed: 'parameters n, d, s, alpha, seed or restarts, comma-separated' },
  'log-x': { type: 'boolean', allowed: 'no value' },
  'log-y': { type: 'boolean', allowed: 'no value' },
  db: { type: 'string', allowed: 'a database file path' },
} as const;

const LIST_FLAGS = ['experiment', 'runs'] as const;

/** `--runs a b c` and `--runs a,b --runs c`: the values after a list flag up to the next flag. */
export function splitListFlags(args: string[]): {
  lists: Record<(typeof LIST_FLAGS)[number], string[]>;
  rest: string[];
} {
  const lists = { experiment: [] as string[], runs: [] as string[] };
  const rest: string[] = [];
  let current: keyof typeof lists | null = null;
  for (const arg of args) {
    const name = arg.startsWith('--') ? arg.slice(2).split('=')[0] : null;
    if (name !== null) {
      current = (LIST_FLAGS as readonly string[]).includes(name) ? (name as keyof typeof lists) : null;
      if (current && arg.includes('=')) lists[current].push(...arg.slice(arg.indexOf('=') + 1).split(','));
      if (!current) rest.push(arg);
    } else if (current) lists[current].push(...arg.split(','));
    else rest.push(arg);
  }
  const clean = (values: string[]) => values.map((v) => v.trim()).filter((v) => v.length > 0);
  return { lists: { experiment: clean(lists.experiment), runs: clean(lists.runs) }, rest };
}

function resolveExperiment(store: Store, prefix: string): string {
  const matches = store.listExperiments().filter((e) => e.id.startsWith(prefix));
  if (matches.length === 1) return matches[0].id;
  if (matches.length === 0) throw new UsageError(`--experiment ${prefix}: no experiment has this id`);
  throw new UsageError(
    `--experiment ${prefix}: matches ${matches.length} experiments (${matches.map((e) => e.id.slice(0, 8)).join(', ')})`,
  );
}

function formatOf(out: string): FigureFormat {
  const format = extname(out).slice(1).toLowerCase();
  if (!(FIGURE_FORMATS as readonly string[]).includes(format))
    throw new UsageError(`--out ${out}: must end in .svg, .pdf, .png or .csv`);
  return format as FigureFormat;
}

function number(flag: keyof typeof FLAGS, raw: string | boolean | undefined): number | undefined {
  return typeof raw === 'string' ? numberValue(flag, raw, FLAGS[flag].allowed) : undefined;
}

const FIELD_FLAGS: Record<string, string> = {
  widthMm: '--width-mm',
  heightMm: '--height-mm',
  dpi: '--dpi',
  aggregate: '--aggregate',
  traceAxis: '--trace-axis',
  x: '--x',
  y: '--y',
  groupBy: '--group-by',
  xLog: '--log-x',
  yLog: '--log-y',
  runIds: '--runs',
  experimentIds: '--experiment',
};

export const figureCommand: Command = {
  help: HELP,
  async main(args, context) {
    const [kind, ...others] = args;
    if (!kind || kind.startsWith('--') || !(FIGURE_KINDS as readonly string[]).includes(kind)) {
      throw new UsageError(`the first argument is the figure kind: ${FIGURE_KINDS.join(', ')}`);
    }
    const { lists, rest } = splitListFlags(others);
    const flags = parseFlags(rest, FLAGS);
    if (typeof flags.out !== 'string') throw new UsageError('--out FILE is required');
    if (lists.experiment.length + lists.runs.length === 0)
      throw new UsageError('give --experiment ID... or --runs ID...');
    if ((RUN_FIGURES as readonly string[]).includes(kind) && lists.runs.length === 0)
      throw new UsageError(`${kind} draws runs: give --runs ID...`);
    const format = formatOf(flags.out);
    const dbPath = databasePath(typeof flags.db === 'string' ? flags.db : undefined);
    if (!existsSync(dbPath)) throw new UsageError(`--db ${dbPath}: no database there`);
    const store = openStore(dbPath, { recover: false });
    try {
      const resolve = (id: string) => {
        try {
          return store.resolveRunId(id);
        } catch (error) {
          throw new UsageError(`--runs ${id}: ${error instanceof Error ? error.message : String(error)}`);
        }
      };
      const parsed = FigureExportRequest.safeParse({
        kind,
        format,
        ...(lists.experiment.length
          ? { experimentIds: lists.experiment.map((id) => resolveExperiment(store, id)) }
          : {}),
        ...(lists.runs.length ? { runIds: lists.runs.map(resolve) } : {}),
        widthMm: number('width-mm', flags['width-mm']),
        heightMm: number('height-mm', flags['height-mm']),
        dpi: number('dpi', flags.dpi),
        aggregate: flags.aggregate,
        traceAxis: flags['trace-axis'],
        ...(kind === 'metric-vs-parameter' ? { metric: metricFlags(flags) } : {}),
      });
      if (!parsed.success) throw new UsageError(usageMessage(parsed.error));
      const file = await exportFigure(parsed.data, storeFigureSource(store)).catch((error: unknown) => {
        if (error instanceof FigureDataError) throw new UsageError(error.message);
        throw error;
      });
      writeFileSync(flags.out, fileBytes(file));
      const size = file.widthPx ? `, ${file.widthPx} x ${file.heightPx} px` : '';
      context.stdout.write(`${flags.out}: ${kind}, ${file.rows} data rows${size}\n`);
      for (const note of file.notes) context.stderr.write(`note: ${note}\n`);
      return EXIT_OK;
    } finally {
      store.close();
    }
  },
};

function metricFlags(flags: ReturnType<typeof parseFlags>) {
  const text = (name: string) => (typeof flags[name] === 'string' ? (flags[name] as string) : undefined);
  const groupBy = text('group-by');
  return {
    x: text('x'),
    y: text('y'),
    ...(groupBy !== undefined ? { groupBy: groupBy.split(',').filter((p) => p.length > 0) } : {}),
    xLog: flags['log-x'] === true,
    yLog: flags['log-y'] === true,
    aggregate: text('aggregate'),
  };
}

function usageMessage(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const field = String(issue.path[0] ?? '');
      const key = field === 'metric' ? String(issue.path[1] ?? '') : field;
      return `${FIELD_FLAGS[key] ?? key}: ${issue.message}`;
    })
    .join('; ');
}

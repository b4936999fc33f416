import { writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import { z } from 'zod';
import { FIGURE_FORMATS, FigureExportRequest, type FigureFormat } from '../../../core/charts/figure-export';
import { FigureDataError } from '../../../core/charts/figure-error';
import { ETF_PHASE_COLOURINGS, FIGURE_KINDS, PATH_FIGURES, RUN_FIGURES } from '../../../core/charts/figure-request';
import { exportFigure, fileBytes } from '../../backend/figures/export-figure';
import { storeFigureSource } from '../../backend/figures/store-source';
import { EXIT_OK, UsageError } from '../command';
import { DB_FLAG, withCliStore } from '../database';
import { outputFile } from '../files';
import { flagIssue, type FlagValues } from '../flags';
import { experimentFlag, resolveExperimentIds, resolvePathIds, resolveRunIds, runFlag } from '../ids';
import { defineCommand } from '../parser';
import { printable } from '../terminal-text';

const METRIC = 'metric-vs-parameter:';
const PHASE = 'etf-phase:';

const FLAGS = {
  experiment: experimentFlag('experiments whose completed runs are drawn'),
  run: runFlag('runs to draw'),
  path: { value: 'ID', list: true, help: 'the path in s to draw (an id or a unique prefix of at least 4 characters)' },
  out: { value: 'FILE', help: 'the file to write: .svg, .pdf, .png or .csv; its folder must exist' },
  'width-mm': { value: 'W', help: 'width in millimetres, 20 to 1000 (default 100)', schema: z.number() },
  'height-mm': { value: 'H', help: 'height in millimetres, 20 to 1000 (default 70)', schema: z.number() },
  dpi: { value: 'D', help: 'PNG resolution, 50 to 1200 (default 300)', schema: z.number() },
  aggregate: { value: 'A', help: 'seeds of one grid point: best | mean | spread | none (default best)' },
  'trace-axis': { value: 'X', help: 'trace: iteration | time (default iteration)' },
  x: { value: 'V', help: 'a parameter, outcome or metric (default n)', group: METRIC },
  y: { value: 'V', help: 'a parameter, outcome or metric (default uniformGap)', group: METRIC },
  'group-by': {
    value: 'P',
    list: true,
    help: 'one series per value of these parameters (default d)',
    group: METRIC,
  },
  'log-x': { help: 'log x axis', group: METRIC },
  'log-y': { help: 'log y axis', group: METRIC },
  'colour-by': {
    value: 'C',
    help: "what colours a cell: the distance from the ETF, or the configuration name of the cell's best run",
    schema: z.enum(ETF_PHASE_COLOURINGS),
    default: 'distance',
    aliases: ['color-by'],
    group: PHASE,
  },
  ...DB_FLAG,
} as const;

/** FigureExportRequest field -> flag, so the schema's messages name the flag */
const REQUEST_FLAGS: Record<string, string> = {
  widthMm: 'width-mm',
  heightMm: 'height-mm',
  dpi: 'dpi',
  aggregate: 'aggregate',
  traceAxis: 'trace-axis',
  colourBy: 'colour-by',
  'metric.x': 'x',
  'metric.y': 'y',
  'metric.groupBy': 'group-by',
  'metric.xLog': 'log-x',
  'metric.yLog': 'log-y',
  'metric.aggregate': 'aggregate',
  runIds: 'run',
  experimentIds: 'experiment',
  pathIds: 'path',
};

function formatOf(out: string): FigureFormat {
  const format = extname(out).slice(1).toLowerCase();
  if (!(FIGURE_FORMATS as readonly string[]).includes(format))
    throw new UsageError(`--out ${out}: must end in .svg, .pdf, .png or .csv`);
  return format as FigureFormat;
}

function metricFlags(flags: FlagValues<typeof FLAGS>) {
  return {
    x: flags.x,
    y: flags.y,
    ...(flags['group-by'] !== undefined ? { groupBy: flags['group-by'] } : {}),
    xLog: flags['log-x'],
    yLog: flags['log-y'],
    aggregate: flags.aggregate,
  };
}

export const figureCommand = defineCommand({
  description: `Draws a figure from the database with the paper preset (serif font bundled with SphereLab, a
colour-blind-safe palette with dashes and markers, white background) and writes it as SVG (vector,
sized in mm, font embedded), PDF (vector, one page of W x H mm, font embedded), PNG (W x H mm at D dots per inch: round(W/25.4*D) x round(H/25.4*D) pixels) or CSV
(a header and one row per plotted point). The format follows the --out file's extension.`,
  arguments: [{ name: 'KIND', help: 'the figure, one of the kinds below' }],
  flags: FLAGS,
  epilog: `KIND:
  frame-vs-uniform     FP / max(n, n^2/d) against E/n - U_d(s, n), references drawn in
  etf-phase            distance from the simplex ETF over the (n, d) grid, with d = n - 1, or each
                       cell's configuration name (--colour-by configuration)
  uniform-convergence  E/n - U_d(s, n) against n, log-log, one series per d (or s)
  metric-vs-parameter  any run value against another (--x, --y, --group-by, --log-x, --log-y)
  trace                energy and gradient norm against the iteration (--run only)
  inner-products       histogram of G_ij against the uniform density (one run)
  configuration        the points: circle, sphere or top principal components (one run)
  gram                 the Gram matrix as a heatmap, n <= 300 (one run)
  gegenbauer           Gegenbauer moments M_1..M_8 (one run)
  path                 a path in s: energy excess and lambda_min against s, transitions marked (--path only)

Example:
  spherelab figure etf-phase --experiment 3f2a --out etf-phase.png --width-mm 85 --height-mm 60 --dpi 600
  spherelab figure etf-phase --experiment 3f2a --colour-by configuration --out phase-names.pdf`,
  async main({ flags, args }, context) {
    const kind = args[0];
    if (!kind || !(FIGURE_KINDS as readonly string[]).includes(kind)) {
      throw new UsageError(`the first argument is the figure kind: ${FIGURE_KINDS.join(', ')}`);
    }
    if (flags.out === undefined) throw new UsageError('--out FILE is required');
    const experiments = flags.experiment ?? [];
    const runs = flags.run ?? [];
    const paths = flags.path ?? [];
    if ((PATH_FIGURES as readonly string[]).includes(kind) && paths.length === 0)
      throw new UsageError(`${kind} draws a path in s: give --path ID`);
    if (experiments.length + runs.length + paths.length === 0)
      throw new UsageError('give --experiment ID... or --run ID...');
    if ((RUN_FIGURES as readonly string[]).includes(kind) && runs.length === 0)
      throw new UsageError(`${kind} draws runs: give --run ID...`);
    const format = formatOf(flags.out);
    const out = outputFile('out', flags.out);
    return withCliStore(flags.db, { mustExist: true, recover: false }, async (store) => {
      const parsed = FigureExportRequest.safeParse({
        kind,
        format,
        ...(experiments.length ? { experimentIds: resolveExperimentIds(store, experiments) } : {}),
        ...(runs.length ? { runIds: resolveRunIds(store, runs, '--run') } : {}),
        ...(paths.length ? { pathIds: resolvePathIds(store, paths) } : {}),
        widthMm: flags['width-mm'],
        heightMm: flags['height-mm'],
        dpi: flags.dpi,
        aggregate: flags.aggregate,
        traceAxis: flags['trace-axis'],
        colourBy: flags['colour-by'],
        ...(kind === 'metric-vs-parameter' ? { metric: metricFlags(flags) } : {}),
      });
      if (!parsed.success) throw flagIssue(parsed.error, REQUEST_FLAGS);
      const file = await exportFigure(parsed.data, storeFigureSource(store)).catch((error: unknown) => {
        if (error instanceof FigureDataError) throw new UsageError(error.message);
        throw error;
      });
      writeFileSync(out, fileBytes(file));
      const size = file.widthPx ? `, ${file.widthPx} x ${file.heightPx} px` : '';
      context.stdout.write(`${flags.out}: ${kind}, ${file.rows} data rows${size}\n`);
      for (const note of file.notes) context.stderr.write(`note: ${printable(note)}\n`);
      return EXIT_OK;
    });
  },
});

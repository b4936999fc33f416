import { z } from 'zod';
import { FigureExportRequest, FigureFile } from '../charts/figure-export';
import { ExperimentSpec } from '../spec/experiment-spec';
import { SlurmJobOptions } from '../spec/slurm-job-options';
import { nameIsPrintable, textIsPrintable } from '../spec/printable';
import { CompareQuery, CompareResult, HistoryPage, HistoryQuery } from './queries';
import { ExperimentRecord, Id, PointsReply, RunRecord, TraceReply } from './records';
import { PathExperimentSpec } from '../path/schema';
import { PathRecord, PathStatus, PathSummary } from './paths';

/**
 * Every request of the contract: name -> { input, output }. Inputs are validated by the host
 * (electron/backend/api); outputs are what the handlers return (the contract tests parse them).
 * Names are interfaces: extend, never rename.
 */

const ids = z.array(Id).min(1, 'at least one id is required').max(100_000);
const tag = z
  .string()
  .trim()
  .min(1, 'a tag must not be empty')
  .max(64, 'a tag has at most 64 characters')
  .refine((t) => !t.includes(','), 'a tag must not contain a comma')
  .superRefine(nameIsPrintable);

/** An archive file inside the host's archives folder: a plain name, never a path. */
export const ArchiveFileName = z
  .string()
  .min(1, 'a file name is required')
  .max(200, 'a file name has at most 200 characters')
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._ -]*$/,
    'a file name uses letters, digits, ".", "_", "-" and spaces, and starts with a letter or digit',
  )
  .refine((name) => !name.includes('..'), 'a file name must not contain ".."');

const empty = z.object({}).strict();

export const ArchiveFile = z.object({
  fileName: ArchiveFileName,
  sizeBytes: z.int(),
  modifiedAt: z.string(),
});

export const requests = {
  /** About the host: version, where the data lives, how many solvers run at once. */
  'app/info': {
    input: empty,
    output: z.object({
      version: z.string(),
      /** 'serve' (browser mode) or 'electron' */
      host: z.enum(['serve', 'electron']),
      dbPath: z.string(),
      dataDir: z.string(),
      /** export writes here and import reads from here (see archive/*) */
      archivesDir: z.string(),
      cores: z.int(),
      /** solver processes run at once */
      parallel: z.int(),
    }),
  },

  /** The number of runs a spec expands into and the work it costs, before anything is stored. */
  'experiments/estimate': {
    input: z.object({ spec: ExperimentSpec }),
    output: z.object({
      runs: z.int(),
      /** runs x restarts */
      solves: z.int(),
      /** distinct values per axis after expansion */
      axes: z.object({
        n: z.array(z.number()),
        d: z.array(z.number()),
        s: z.array(z.number()),
        alpha: z.array(z.number()),
        seeds: z.array(z.number()),
      }),
      /** pair terms (rows^2 d) of one energy-and-gradient evaluation, summed over every solve */
      workPerIteration: z.number(),
      /** workPerIteration x maxIter: the most the experiment can cost */
      workAtMaxIter: z.number(),
      /** largest configuration, for memory */
      largest: z.object({ n: z.int(), d: z.int() }),
      /**
       * What this machine does, for a time and memory estimate: pair terms per second of one
       * energy-and-gradient evaluation of the spec's energy, timed once on the host (reference
       * kernel, one thread, n and d below), and the host's memory and solver slots.
       */
      machine: z.object({
        pairTermsPerSecond: z.number(),
        calibratedAt: z.object({ n: z.int(), d: z.int(), evaluator: z.string() }),
        memoryBytes: z.number(),
        cores: z.int(),
        parallel: z.int(),
      }),
    }),
  },
  /** Stores the experiment with its runs and queues them. */
  'experiments/create': {
    input: z.object({ spec: ExperimentSpec, tags: z.array(tag).max(50).optional() }),
    output: z.object({ experiment: ExperimentRecord, runIds: z.array(Id) }),
  },
  /** Newest first. */
  'experiments/list': {
    input: z.object({ text: z.string().max(500).optional() }).strict(),
    output: z.object({ experiments: z.array(ExperimentRecord) }),
  },
  'experiments/get': {
    input: z.object({ id: Id }).strict(),
    output: ExperimentRecord,
  },
  /** Gives an experiment a new name (its stored spec carries the name too, so a clone keeps it). */
  'experiments/rename': {
    input: z.object({ id: Id, name: ExperimentSpec.shape.name }).strict(),
    output: ExperimentRecord,
  },
  /** Deletes an experiment with every run of it; a queued or running run is a conflict (cancel first). */
  'experiments/delete': {
    input: z.object({ id: Id }).strict(),
    output: z.object({ id: Id, deletedRuns: z.int() }),
  },

  /** History: filters, sort and a page. */
  'runs/list': { input: HistoryQuery, output: HistoryPage },
  'runs/get': { input: z.object({ id: Id }).strict(), output: RunRecord },
  /** The run's trace, downsampled (min/max buckets) to at most maxPoints samples (default 2000). */
  'runs/trace': {
    input: z.object({ id: Id, maxPoints: z.int().min(10).max(200_000).optional() }).strict(),
    output: TraceReply,
  },
  /** The final configuration (or the last checkpoint); not-found when there is none. */
  'runs/points': {
    input: z.object({ id: Id, kind: z.enum(['final', 'checkpoint']).optional() }).strict(),
    output: PointsReply,
  },
  /** Cooperative cancel of a queued or running run; `cancelled` is false when it was not active. */
  'runs/cancel': {
    input: z.object({ id: Id }).strict(),
    output: z.object({ id: Id, cancelled: z.boolean() }),
  },
  /** Cancels every queued and running run of this host, or only those of one experiment. */
  'runs/cancelAll': {
    input: z.object({ experimentId: Id.optional() }).strict(),
    output: z.object({ cancelled: z.int() }),
  },
  /** Queues interrupted (or failed/cancelled) runs again, from their last checkpoint; no ids: every interrupted run. */
  'runs/resume': {
    input: z.object({ ids: ids.optional() }).strict(),
    output: z.object({ resumed: z.array(Id) }),
  },
  /** Deletes finished runs; a queued or running run is a conflict (cancel it first). */
  'runs/delete': {
    input: z.object({ ids }).strict(),
    output: z.object({ deleted: z.int() }),
  },
  /** Adds and removes tags on runs; replies with each run's tags afterwards. */
  'runs/tag': {
    input: z
      .object({ ids, add: z.array(tag).max(50).optional(), remove: z.array(tag).max(50).optional() })
      .strict()
      .refine((p) => (p.add?.length ?? 0) + (p.remove?.length ?? 0) > 0, {
        message: 'give tags to add or to remove',
        path: ['add'],
      }),
    output: z.object({ runs: z.array(z.object({ id: Id, tags: z.array(z.string()) })) }),
  },
  'runs/note': {
    input: z
      .object({
        id: Id,
        note: z.string().max(100_000, 'a note has at most 100000 characters').superRefine(textIsPrintable),
      })
      .strict(),
    output: z.object({ id: Id, note: z.string() }),
  },

  /** Series for the comparison charts, computed in SQL. */
  'compare/series': { input: CompareQuery, output: CompareResult },
  /** A chart drawn on the host as an SVG, PNG or CSV file (core/charts/figure-export.ts); the reply holds the file. */
  'figures/export': { input: FigureExportRequest, output: FigureFile },

  /**
   * Writes selected experiments and runs (none given: everything) as a .spherelab archive into the
   * host's archives folder. The renderer then hands the file to the user with Platform.saveArchive.
   */
  'archive/export': {
    input: z
      .object({
        experimentIds: z.array(Id).max(100_000).optional(),
        runIds: z.array(Id).max(100_000).optional(),
        /** default: spherelab-<date>-<time>.spherelab */
        fileName: ArchiveFileName.optional(),
      })
      .strict(),
    output: z.object({ fileName: ArchiveFileName, sizeBytes: z.int(), experiments: z.int(), runs: z.int() }),
  },
  /** Merges an archive from the host's archives folder (put there by Platform.addArchive) by run UUID. */
  'archive/import': {
    input: z.object({ fileName: ArchiveFileName }).strict(),
    output: z.object({
      experimentsAdded: z.int(),
      experimentsSkipped: z.int(),
      runsAdded: z.int(),
      runsSkipped: z.int(),
    }),
  },
  /** The archives folder's .spherelab files, newest first. */
  'archive/list': {
    input: empty,
    output: z.object({ files: z.array(ArchiveFile) }),
  },

  /**
   * Writes the experiment as a Slurm job folder (spec, job-array script, merge script) into the
   * host's slurm-jobs folder, for users who copy it to a cluster and submit it from a login node.
   * The scripts start `spherelab` from the cluster's PATH and merge into its default database.
   */
  'slurm/write': {
    input: z.object({ spec: ExperimentSpec, options: SlurmJobOptions }).strict(),
    output: z.object({
      folder: z.string(),
      shardScript: z.string(),
      mergeScript: z.string(),
      /** what to type on the login node, in the copied folder */
      submitCommand: z.string(),
    }),
  },

  /** Stores a path in s (core/path) and starts it in a solver process of its own. */
  'paths/start': {
    input: z.object({ spec: PathExperimentSpec }).strict(),
    output: PathRecord,
  },
  /** Every path, newest first, without their steps; `statuses` narrows the list. */
  'paths/list': {
    input: z.object({ statuses: z.array(PathStatus).max(PathStatus.options.length).optional() }).strict(),
    output: z.object({ paths: z.array(PathSummary) }),
  },
  'paths/get': { input: z.object({ id: Id }).strict(), output: PathRecord },
  /** Stops a queued or running path (its solver process is ended); `cancelled` is false when it was not active. */
  'paths/cancel': {
    input: z.object({ id: Id }).strict(),
    output: z.object({ id: Id, cancelled: z.boolean() }),
  },
  /** Deletes a finished path; a queued or running one is a conflict (cancel it first). */
  'paths/delete': { input: z.object({ id: Id }).strict(), output: z.object({ id: Id }) },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;

export type Requests = typeof requests;
export type RequestName = keyof Requests;
export const REQUEST_NAMES = Object.keys(requests) as RequestName[];

/** What a caller passes (defaults not yet applied). */
export type In<K extends RequestName> = z.input<Requests[K]['input']>;
/** What a handler receives after validation. */
export type Parsed<K extends RequestName> = z.output<Requests[K]['input']>;
export type Out<K extends RequestName> = z.output<Requests[K]['output']>;

export function isRequestName(name: unknown): name is RequestName {
  return typeof name === 'string' && Object.hasOwn(requests, name);
}

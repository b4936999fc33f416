import { z } from 'zod';
import { Verdict, type Metrics } from '../spec/run-result';
import { ConfigurationName } from '../configuration/schema';
import { EnergyKind, Id, RunRecord, RunStatus } from './records';

/**
 * History and comparison queries: the one definition, for the UI, the CLI and the store
 * (electron/backend/store). Column names are whitelists: nothing else reaches SQL.
 */

/** Every scalar metric (Metrics without the array `gegenbauer`); each is a history column. */
export const SCALAR_METRICS = [
  'ceEnergy',
  'etfDistance',
  'etfDistanceFrobenius',
  'etfBound',
  'etfBoundGap',
  'uniformEnergy',
  'uniformGap',
  'framePotential',
  'framePotentialRatio',
  'tightnessError',
  'coherence',
  'welchBound',
  'maxInnerProduct',
  'minAngle',
  'balance',
  'designStrength',
  'capDiscrepancy',
  'minDistance',
  'selfDuality',
] as const satisfies readonly (keyof Metrics)[];
export const RUN_PARAMETERS = ['n', 'd', 's', 'alpha', 'seed', 'restarts'] as const;
export const RUN_OUTCOMES = [
  'finalEnergy',
  'energyPerPoint',
  'gradNorm',
  'iterations',
  'evaluations',
  'wallMs',
] as const;
/** The run's certificate (core/certificate), one column each. */
export const CERTIFICATE_COLUMNS = [
  'lambdaMin',
  'negativeDirections',
  'zeroModes',
  'spectralGap',
  'verdict',
] as const;
export const SORT_COLUMNS = [
  'createdAt',
  'startedAt',
  'finishedAt',
  'status',
  'energyKind',
  'experimentId',
  ...RUN_PARAMETERS,
  ...RUN_OUTCOMES,
  ...SCALAR_METRICS,
  ...CERTIFICATE_COLUMNS,
  'configurationName',
  'configurationGap',
] as const;
/** Anything numeric about a run that a chart may plot. */
export const RUN_VALUES = [...RUN_PARAMETERS, ...RUN_OUTCOMES, ...SCALAR_METRICS] as const;

export const RunParameter = z.enum(RUN_PARAMETERS);
export type RunParameter = z.infer<typeof RunParameter>;
export const RunValue = z.enum(RUN_VALUES);
export type RunValue = z.infer<typeof RunValue>;
export const SortColumn = z.enum(SORT_COLUMNS);
export type SortColumn = z.infer<typeof SortColumn>;

const finite = z.number().refine(Number.isFinite, 'must be a finite number');

/** Inclusive bounds; a missing bound is open. */
export const NumberRange = z
  .object({ min: finite.optional(), max: finite.optional() })
  .strict()
  .refine((r) => r.min === undefined || r.max === undefined || r.min <= r.max, {
    message: 'min must not exceed max',
    path: ['max'],
  });
export type NumberRange = z.infer<typeof NumberRange>;

const ids = z.array(Id).max(10_000, 'at most 10000 ids');

export const HistoryFilters = z
  .object({
    experimentIds: ids.optional(),
    runIds: ids.optional(),
    energyKinds: z.array(EnergyKind).optional(),
    statuses: z.array(RunStatus).optional(),
    /** runs whose certificate has one of these verdicts */
    verdicts: z.array(Verdict).optional(),
    /** runs whose configuration has one of these names (core/configuration) */
    configurationNames: z.array(ConfigurationName).optional(),
    n: NumberRange.optional(),
    d: NumberRange.optional(),
    s: NumberRange.optional(),
    /** runs carrying every one of these tags */
    tags: z.array(z.string().min(1).max(100)).max(20).optional(),
    /** case-insensitive substring of the run id, experiment name, tags, note or error */
    text: z.string().max(200).optional(),
  })
  .strict();
export type HistoryFilters = z.infer<typeof HistoryFilters>;

export const SortKey = z.object({ column: SortColumn, direction: z.enum(['asc', 'desc']) }).strict();
export type SortKey = z.infer<typeof SortKey>;

export const MAX_PAGE = 1000;

export const HistoryQuery = z
  .object({
    filters: HistoryFilters.optional(),
    /** applied in order; ties end with createdAt desc, id. Default: createdAt desc. */
    sort: z.array(SortKey).max(5).optional(),
    /** default offset 0, limit 100 */
    page: z
      .object({ offset: z.int().min(0), limit: z.int().min(1).max(MAX_PAGE, `limit is at most ${MAX_PAGE}`) })
      .strict()
      .optional(),
  })
  .strict();
export type HistoryQuery = z.infer<typeof HistoryQuery>;

export const HistoryPage = z.object({
  rows: z.array(RunRecord),
  /** rows matching the filters, ignoring the page */
  total: z.int(),
  offset: z.int(),
  limit: z.int(),
});
export type HistoryPage = z.infer<typeof HistoryPage>;

/**
 * A comparison series, computed in SQL over completed runs matching `filters`.
 * aggregate 'none': one point per run; 'seeds': runs sharing x and the group values are aggregated
 * (best, mean, min, max, stddev, count of y). `best`: 'lowest-energy' (y of the run with the lowest
 * final energy, the default) or 'lowest-value' (min y).
 */
export const CompareQuery = z
  .object({
    filters: HistoryFilters.optional(),
    x: RunValue,
    y: RunValue,
    groupBy: z.array(RunParameter).max(3).optional(),
    aggregate: z.enum(['none', 'seeds']),
    best: z.enum(['lowest-energy', 'lowest-value']).optional(),
  })
  .strict();
export type CompareQuery = z.infer<typeof CompareQuery>;

/**
 * The settings that make two runs different measurements: everything a run is given except its seed
 * and restarts, which only repeat one. A compare point pools only runs that agree on all of them;
 * a setting that varies in the selection and is neither x nor a groupBy parameter splits the series.
 */
export const SETTING_KEYS = [
  'energyKind',
  'n',
  'd',
  's',
  'alpha',
  'optimizer',
  'tol',
  'maxIter',
  'timeLimitSec',
  'memory',
  'logEnergy',
] as const;
export const SettingKey = z.enum(SETTING_KEYS);
export type SettingKey = z.infer<typeof SettingKey>;
/** a setting's value; null where the run has none (no time limit) */
export const SettingValue = z.union([z.number(), z.string(), z.null()]);
export type SettingValue = z.infer<typeof SettingValue>;

export const ComparePoint = z.object({
  x: z.number(),
  y: z.number(),
  runId: Id,
  mean: z.number().optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  /** sample standard deviation, 0 for a single run */
  stddev: z.number().optional(),
  count: z.int().optional(),
  /** every run behind the point (its seeds and restarts), in id order */
  runIds: z.array(Id).optional(),
});
export type ComparePoint = z.output<typeof ComparePoint>;

export const CompareSeries = z.object({
  /** e.g. "d=3, s=1"; "all" without groupBy */
  key: z.string(),
  group: z.partialRecord(RunParameter, z.number()),
  /** the settings beyond `group` that vary in the selection, at this series' values */
  split: z.partialRecord(SettingKey, SettingValue).optional(),
  /** sorted by x */
  points: z.array(ComparePoint),
});
export type CompareSeries = z.output<typeof CompareSeries>;

export const CompareResult = z.object({
  x: RunValue,
  y: RunValue,
  groupBy: z.array(RunParameter),
  aggregate: z.enum(['none', 'seeds']),
  series: z.array(CompareSeries),
  /** the settings that vary in the selection beyond x and groupBy, each splitting the series */
  split: z.array(SettingKey).optional(),
  /** every setting's distinct values in the selection, sorted (one value: held fixed) */
  values: z.partialRecord(SettingKey, z.array(SettingValue)).optional(),
});
export type CompareResult = z.infer<typeof CompareResult>;

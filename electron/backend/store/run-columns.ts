import { RunOrigin, RunRecord, SCALAR_METRICS, SORT_COLUMNS, type SortColumn } from '../../../core/contract';
import type { Metrics, RunCertificate } from '../../../core/spec/run-result';
import { Configuration } from '../../../core/configuration/schema';
import { RunSpec } from '../../../core/spec/run-spec';
import { readFloat64Blob } from './blobs';
import { checkedRecord, Problems, storedJson, storedNullableTime, storedTime } from './stored-values';

/** Mapping between the camelCase names of the API and the snake_case columns of `runs`. */

export const snakeCase = (name: string): string => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** SQL column of every name that may be sorted on, filtered on or plotted (the whitelist). */
export const COLUMN_OF: Readonly<Record<SortColumn, string>> = Object.fromEntries(
  SORT_COLUMNS.map((name) => [name, `r.${snakeCase(name)}`]),
) as Record<SortColumn, string>;

/** What `SELECT r.*, <extras>` returns for one run. */
export interface RawRun {
  [column: string]: unknown;
  id: string;
  tags_json: string;
  note: string | null;
  checkpoint_iteration: number | null;
}

/** The extra columns every run read selects beside r.* */
export const RUN_EXTRAS = `
  (SELECT json_group_array(tag) FROM (SELECT tag FROM tags WHERE run_id = r.id ORDER BY tag)) AS tags_json,
  (SELECT body FROM notes WHERE run_id = r.id) AS note,
  (SELECT iteration FROM configurations WHERE run_id = r.id AND kind = 'checkpoint') AS checkpoint_iteration`;

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
// SQLite stores NaN as NULL: a completed run's missing value reads back as NaN
const metric = (v: unknown): number => (v === null ? Number.NaN : Number(v));

function readMetrics(raw: RawRun, problems: Problems): Metrics | null | undefined {
  if (raw.gegenbauer === null) return null;
  if (!(raw.gegenbauer instanceof Uint8Array) || raw.gegenbauer.byteLength !== 64) {
    problems.add('metrics', 'gegenbauer: not 8 float64 values');
    return undefined;
  }
  const values = Object.fromEntries(SCALAR_METRICS.map((name) => [name, metric(raw[snakeCase(name)])]));
  return {
    ...(values as Omit<Metrics, 'gegenbauer' | 'selfDuality'>),
    selfDuality: num(raw.self_duality),
    gegenbauer: Array.from(readFloat64Blob(raw.gegenbauer)),
  };
}

/** The certificate's columns (migrations/0004_certificate.sql); null for runs without one. */
function readCertificate(raw: RawRun): RunCertificate | null {
  if (raw.verdict === null || raw.verdict === undefined) return null;
  return {
    lambdaMin: metric(raw.lambda_min),
    negativeDirections: Number(raw.negative_directions),
    zeroModes: Number(raw.zero_modes),
    gap: metric(raw.spectral_gap),
    verdict: raw.verdict as RunCertificate['verdict'],
  };
}

/** Shown in place of what a damaged run cannot say; `damaged` tells the reader. */
const PLACEHOLDER: RunRecord = {
  id: '',
  experimentId: null,
  status: 'failed',
  energyKind: 'ce',
  ...{ n: 0, d: 0, s: 0, alpha: 0, seed: 0, restarts: 0 },
  spec: RunSpec.parse({ energy: 'ce', n: 2, d: 2 }),
  createdAt: new Date(0).toISOString(),
  ...{ startedAt: null, finishedAt: null, wallMs: null, iterations: null, evaluations: null },
  ...{ finalEnergy: null, energyPerPoint: null, gradNorm: null, stopReason: null },
  ...{ restartsReachedBest: null, restartsCompleted: null, metrics: null, certificate: null, error: null },
  ...{ version: '', machine: '', evaluator: null, owner: null, progress: null, checkpointIteration: null },
  tags: [],
  note: '',
  origin: null,
};

/** Columns that repeat a field of the spec; they must agree with it. */
const SPEC_COLUMNS = {
  energy_kind: 'energy',
  n: 'n',
  d: 'd',
  s: 's',
  alpha: 'alpha',
  seed: 'seed',
  restarts: 'restarts',
  optimizer: 'optimizer',
  tol: 'tol',
  max_iter: 'maxIter',
  time_limit_sec: 'timeLimitSec',
  memory: 'memory',
  log_energy: 'logEnergy',
  threads: 'threads',
} as const satisfies Record<string, keyof RunSpec>;

const RECORD_FIELD: Partial<Record<keyof typeof SPEC_COLUMNS, keyof RunRecord>> = {
  energy_kind: 'energyKind',
  n: 'n',
  d: 'd',
  s: 's',
  alpha: 'alpha',
  seed: 'seed',
  restarts: 'restarts',
};

function checkSpecColumns(raw: RawRun, spec: unknown, problems: Problems): void {
  const parsed = RunSpec.safeParse(spec);
  if (!parsed.success) return; // the record's own check names the spec's problem
  for (const [column, key] of Object.entries(SPEC_COLUMNS) as [keyof typeof SPEC_COLUMNS, keyof RunSpec][]) {
    const stored = raw[column] ?? undefined;
    if (stored !== parsed.data[key])
      problems.add(
        RECORD_FIELD[column] ?? 'spec',
        `${column}: the column and the spec disagree${typeof stored === 'number' ? ` (${stored} against ${String(parsed.data[key])})` : ''}`,
      );
  }
}

/** A run as the contract has it; never throws (see stored-values.ts). */
export function toRunRow(raw: RawRun): RunRecord {
  const problems = new Problems();
  const progressIteration = num(raw.progress_iteration);
  const spec = storedJson(raw.spec, 'spec', 'spec', problems);
  checkSpecColumns(raw, spec, problems);
  const candidate = {
    id: raw.id,
    experimentId: (raw.experiment_id as string | null) ?? null,
    status: raw.status,
    energyKind: raw.energy_kind,
    n: Number(raw.n),
    d: Number(raw.d),
    s: Number(raw.s),
    alpha: Number(raw.alpha),
    seed: Number(raw.seed),
    restarts: Number(raw.restarts),
    spec,
    createdAt: storedTime(raw.created_at, 'createdAt', 'created_at', problems),
    startedAt: storedNullableTime(raw.started_at, 'startedAt', 'started_at', problems),
    finishedAt: storedNullableTime(raw.finished_at, 'finishedAt', 'finished_at', problems),
    wallMs: num(raw.wall_ms),
    iterations: num(raw.iterations),
    evaluations: num(raw.evaluations),
    finalEnergy: num(raw.final_energy),
    energyPerPoint: num(raw.energy_per_point),
    gradNorm: num(raw.grad_norm),
    stopReason: raw.stop_reason ?? null,
    restartsReachedBest: num(raw.restarts_reached_best),
    restartsCompleted: num(raw.restarts_completed),
    metrics: readMetrics(raw, problems),
    certificate: readCertificate(raw),
    configuration: readConfiguration(raw),
    error: raw.error ?? null,
    version: raw.version,
    machine: raw.machine,
    evaluator: raw.evaluator ?? null,
    owner: raw.owner ?? null,
    progress:
      progressIteration === null
        ? null
        : {
            restart: Number(raw.progress_restart),
            iteration: progressIteration,
            energy: metric(raw.progress_energy),
            gradNorm: metric(raw.progress_grad_norm),
            elapsedMs: Number(raw.progress_elapsed_ms),
          },
    checkpointIteration: num(raw.checkpoint_iteration),
    tags: storedJson(raw.tags_json, 'tags', 'tags', problems),
    note: raw.note ?? '',
    origin: readOrigin(raw.origin),
  };
  return checkedRecord(RunRecord, candidate, { ...PLACEHOLDER, id: raw.id }, problems, [
    'metrics',
    'progress',
    'finalEnergy',
    'energyPerPoint',
    'gradNorm',
    'wallMs',
  ]);
}

/** JSON text as stored, or undefined when it is not text or does not parse. */
function storedJsonOrUndefined(value: unknown): unknown {
  if (typeof value !== 'string') return undefined;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * The named configuration (migrations/0004); a stored value that no longer parses reads as null, like
 * an origin: a name describes the points, which stay readable without it.
 */
function readConfiguration(raw: RawRun): Configuration | null {
  if (typeof raw.configuration_name !== 'string') return null;
  const parsed = Configuration.safeParse({
    name: raw.configuration_name,
    parts: storedJsonOrUndefined(raw.configuration_parts),
    closedFormEnergy: num(raw.configuration_closed_form) ?? undefined,
    gap: num(raw.configuration_gap) ?? undefined,
    invariants: storedJsonOrUndefined(raw.configuration_invariants),
  });
  return parsed.success ? parsed.data : null;
}

/** A stored origin that no longer parses reads as null: provenance is a note, never a reason to fail a read. */
function readOrigin(value: unknown): RunOrigin | null {
  const parsed = RunOrigin.safeParse(storedJsonOrUndefined(value));
  return parsed.success ? parsed.data : null;
}

import type { Metrics, RunCertificate, StopReason } from '../../../core/spec/run-result';
import type { RunSpec } from '../../../core/spec/run-spec';
import type { EnergyKind } from '../../../core/energies/energy';
import { readFloat64Blob } from './blobs';
import { SCALAR_METRICS, SORT_COLUMNS, type RunRow, type RunStatus, type SortColumn } from './types';

/** Mapping between the camelCase names of the API and the snake_case columns of `runs`. */

export const snakeCase = (name: string): string => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** SQL column of every name that may be sorted on, filtered on or plotted (the whitelist). */
export const COLUMN_OF: Readonly<Record<SortColumn, string>> = Object.fromEntries(
  SORT_COLUMNS.map((name) => [name, `r.${snakeCase(name)}`]),
) as Record<SortColumn, string>;

export const isoTime = (ms: number | null): string | null =>
  ms === null ? null : new Date(ms).toISOString();

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

function readMetrics(raw: RawRun): Metrics | null {
  if (raw.gegenbauer === null) return null;
  const values = Object.fromEntries(SCALAR_METRICS.map((name) => [name, metric(raw[snakeCase(name)])]));
  return {
    ...(values as Omit<Metrics, 'gegenbauer' | 'selfDuality'>),
    selfDuality: num(raw.self_duality),
    gegenbauer: Array.from(readFloat64Blob(raw.gegenbauer as Uint8Array)),
  };
}

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

export function toRunRow(raw: RawRun): RunRow {
  const progressIteration = num(raw.progress_iteration);
  return {
    id: raw.id,
    experimentId: (raw.experiment_id as string | null) ?? null,
    status: raw.status as RunStatus,
    energyKind: raw.energy_kind as EnergyKind,
    n: Number(raw.n),
    d: Number(raw.d),
    s: Number(raw.s),
    alpha: Number(raw.alpha),
    seed: Number(raw.seed),
    restarts: Number(raw.restarts),
    spec: JSON.parse(raw.spec as string) as RunSpec,
    createdAt: isoTime(Number(raw.created_at))!,
    startedAt: isoTime(num(raw.started_at)),
    finishedAt: isoTime(num(raw.finished_at)),
    wallMs: num(raw.wall_ms),
    iterations: num(raw.iterations),
    evaluations: num(raw.evaluations),
    finalEnergy: num(raw.final_energy),
    energyPerPoint: num(raw.energy_per_point),
    gradNorm: num(raw.grad_norm),
    stopReason: (raw.stop_reason as StopReason | null) ?? null,
    restartsReachedBest: num(raw.restarts_reached_best),
    restartsCompleted: num(raw.restarts_completed),
    metrics: readMetrics(raw),
    certificate: readCertificate(raw),
    error: (raw.error as string | null) ?? null,
    version: raw.version as string,
    machine: raw.machine as string,
    evaluator: (raw.evaluator as string | null) ?? null,
    owner: (raw.owner as string | null) ?? null,
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
    tags: JSON.parse(raw.tags_json) as string[],
    note: raw.note ?? '',
  };
}

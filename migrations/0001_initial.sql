-- SphereLab archive, schema 1. Never edit once released: add a new numbered file instead.
-- Times are integer milliseconds since the Unix epoch (UTC). Floats are IEEE double (REAL).
-- Point sets and traces are little-endian float64 (or int32) BLOBs.

-- Who wrote this file. The runner keeps `last_version` current, so a newer database can be refused
-- with the SphereLab version that made it. This table keeps its shape in every future schema.
CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

-- A process that owns queued or running runs. It renews its lease (heartbeat_at) every few seconds;
-- a run counts as interrupted only when its owner is gone: the lease ran out, or the owner was on this
-- host and its pid is dead. `id` is "pid@host#token": the random token tells a reused pid apart.
CREATE TABLE owners (
  id TEXT PRIMARY KEY,
  pid INTEGER NOT NULL,
  host TEXT NOT NULL,
  started_at INTEGER NOT NULL,
  heartbeat_at INTEGER NOT NULL
) STRICT;

CREATE TABLE experiments (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  spec TEXT NOT NULL CHECK (json_valid(spec)),
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX experiments_created ON experiments (created_at);

CREATE TABLE runs (
  id TEXT PRIMARY KEY,
  experiment_id TEXT REFERENCES experiments (id) ON DELETE CASCADE,
  status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'completed', 'failed', 'cancelled', 'interrupted')),
  owner TEXT REFERENCES owners (id) ON DELETE SET NULL,
  -- parameters (the full validated RunSpec is in `spec`)
  energy_kind TEXT NOT NULL,
  n INTEGER NOT NULL,
  d INTEGER NOT NULL,
  s REAL NOT NULL,
  alpha REAL NOT NULL,
  seed INTEGER NOT NULL,
  restarts INTEGER NOT NULL,
  optimizer TEXT NOT NULL,
  tol REAL NOT NULL,
  max_iter INTEGER NOT NULL,
  time_limit_sec REAL,
  memory INTEGER NOT NULL,
  log_energy TEXT NOT NULL,
  threads INTEGER,
  spec TEXT NOT NULL CHECK (json_valid(spec)),
  -- provenance
  version TEXT NOT NULL,
  machine TEXT NOT NULL,
  evaluator TEXT,
  -- timings and outcome
  created_at INTEGER NOT NULL,
  started_at INTEGER,
  finished_at INTEGER,
  wall_ms REAL,
  iterations INTEGER,
  evaluations INTEGER,
  final_energy REAL,
  energy_per_point REAL,
  grad_norm REAL,
  stop_reason TEXT,
  restarts_reached_best INTEGER,
  restarts_completed INTEGER,
  error TEXT,
  -- the last progress report
  progress_restart INTEGER,
  progress_iteration INTEGER,
  progress_energy REAL,
  progress_grad_norm REAL,
  progress_elapsed_ms REAL,
  -- every metric of core/spec/run-result.ts, one column each so history can sort and filter on it
  ce_energy REAL,
  etf_distance REAL,
  etf_distance_frobenius REAL,
  etf_bound REAL,
  etf_bound_gap REAL,
  uniform_energy REAL,
  uniform_gap REAL,
  frame_potential REAL,
  frame_potential_ratio REAL,
  tightness_error REAL,
  coherence REAL,
  welch_bound REAL,
  max_inner_product REAL,
  min_angle REAL,
  balance REAL,
  design_strength INTEGER,
  cap_discrepancy REAL,
  min_distance REAL,
  self_duality REAL,
  -- Gegenbauer moments M_1..M_8: 8 little-endian float64
  gegenbauer BLOB CHECK (gegenbauer IS NULL OR length(gegenbauer) = 64)
) STRICT;
-- History sorts by creation by default and filters by experiment, status and parameters.
CREATE INDEX runs_created ON runs (created_at);
CREATE INDEX runs_experiment ON runs (experiment_id, created_at);
CREATE INDEX runs_status ON runs (status, created_at);
CREATE INDEX runs_owner ON runs (owner) WHERE owner IS NOT NULL;
CREATE INDEX runs_params ON runs (energy_kind, n, d, s);
CREATE INDEX runs_n ON runs (n);
CREATE INDEX runs_d ON runs (d);
-- Sorting history by one of these reads the first page off its index instead of sorting every run;
-- other columns sort with a scan. The partial index lets free text search the few error texts.
CREATE INDEX runs_finished ON runs (finished_at);
CREATE INDEX runs_wall_ms ON runs (wall_ms);
CREATE INDEX runs_iterations ON runs (iterations);
CREATE INDEX runs_final_energy ON runs (final_energy);
CREATE INDEX runs_energy_per_point ON runs (energy_per_point);
CREATE INDEX runs_etf_distance ON runs (etf_distance);
CREATE INDEX runs_etf_bound_gap ON runs (etf_bound_gap);
CREATE INDEX runs_uniform_gap ON runs (uniform_gap);
CREATE INDEX runs_frame_potential_ratio ON runs (frame_potential_ratio);
CREATE INDEX runs_coherence ON runs (coherence);
CREATE INDEX runs_error ON runs (error) WHERE error IS NOT NULL;

-- Trace samples in chunks appended as the run goes: parallel columns, `count` samples each.
CREATE TABLE traces (
  run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  chunk INTEGER NOT NULL,
  count INTEGER NOT NULL CHECK (count > 0),
  restart BLOB NOT NULL CHECK (length(restart) = 4 * count),
  iteration BLOB NOT NULL CHECK (length(iteration) = 4 * count),
  energy BLOB NOT NULL CHECK (length(energy) = 8 * count),
  grad_norm BLOB NOT NULL CHECK (length(grad_norm) = 8 * count),
  elapsed_ms BLOB NOT NULL CHECK (length(elapsed_ms) = 8 * count),
  PRIMARY KEY (run_id, chunk)
) STRICT;

-- The final configuration and the latest checkpoint of each run: n unit vectors in R^d, row-major
-- little-endian float64. For the two-set energy the BLOB holds H then W, 2n rows: `rows` says how many.
CREATE TABLE configurations (
  run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('final', 'checkpoint')),
  n INTEGER NOT NULL CHECK (n > 0),
  d INTEGER NOT NULL CHECK (d > 0),
  rows INTEGER NOT NULL CHECK (rows IN (n, 2 * n)),
  restart INTEGER NOT NULL,
  iteration INTEGER NOT NULL,
  energy REAL,
  elapsed_ms REAL NOT NULL,
  created_at INTEGER NOT NULL,
  points BLOB NOT NULL CHECK (length(points) = 8 * rows * d),
  -- checkpoints only: the optimizer's whole state (iterate, L-BFGS pairs, finished restarts) in the
  -- structured-clone format of node:v8, so a resumed solve continues bit for bit; NULL: points only
  optimizer_state BLOB,
  PRIMARY KEY (run_id, kind)
) STRICT;

-- A tag belongs to a run or to an experiment.
CREATE TABLE tags (
  run_id TEXT REFERENCES runs (id) ON DELETE CASCADE,
  experiment_id TEXT REFERENCES experiments (id) ON DELETE CASCADE,
  tag TEXT NOT NULL CHECK (length(tag) BETWEEN 1 AND 100),
  CHECK ((run_id IS NULL) <> (experiment_id IS NULL))
) STRICT;
CREATE UNIQUE INDEX tags_run ON tags (run_id, tag) WHERE run_id IS NOT NULL;
CREATE UNIQUE INDEX tags_experiment ON tags (experiment_id, tag) WHERE experiment_id IS NOT NULL;
CREATE INDEX tags_tag ON tags (tag);

-- One note per run or experiment.
CREATE TABLE notes (
  run_id TEXT REFERENCES runs (id) ON DELETE CASCADE,
  experiment_id TEXT REFERENCES experiments (id) ON DELETE CASCADE,
  body TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  CHECK ((run_id IS NULL) <> (experiment_id IS NULL))
) STRICT;
CREATE UNIQUE INDEX notes_run ON notes (run_id) WHERE run_id IS NOT NULL;
CREATE UNIQUE INDEX notes_experiment ON notes (experiment_id) WHERE experiment_id IS NOT NULL;

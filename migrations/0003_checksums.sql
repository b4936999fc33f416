-- Schema 3: a SHA-256 checksum beside every point set and trace chunk, so a changed byte is noticed
-- (on read, and when an archive is imported). The checksums are STORED generated columns over the
-- application function spherelab_checksum (electron/backend/store/checksum.ts): every write computes
-- them, and the copies below compute them for the rows already there, in this migration.
-- SQLite cannot add a STORED column to an existing table, so both tables are rebuilt.

CREATE TABLE configurations_v2 (
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
  optimizer_state BLOB,
  checksum BLOB NOT NULL GENERATED ALWAYS AS (spherelab_checksum(points)) STORED,
  PRIMARY KEY (run_id, kind)
) STRICT;
INSERT INTO configurations_v2 (run_id, kind, n, d, rows, restart, iteration, energy, elapsed_ms, created_at, points, optimizer_state)
  SELECT run_id, kind, n, d, rows, restart, iteration, energy, elapsed_ms, created_at, points, optimizer_state FROM configurations;
DROP TABLE configurations;
ALTER TABLE configurations_v2 RENAME TO configurations;

CREATE TABLE traces_v2 (
  run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  chunk INTEGER NOT NULL,
  count INTEGER NOT NULL CHECK (count > 0),
  restart BLOB NOT NULL CHECK (length(restart) = 4 * count),
  iteration BLOB NOT NULL CHECK (length(iteration) = 4 * count),
  energy BLOB NOT NULL CHECK (length(energy) = 8 * count),
  grad_norm BLOB NOT NULL CHECK (length(grad_norm) = 8 * count),
  elapsed_ms BLOB NOT NULL CHECK (length(elapsed_ms) = 8 * count),
  checksum BLOB NOT NULL GENERATED ALWAYS AS (spherelab_checksum(restart, iteration, energy, grad_norm, elapsed_ms)) STORED,
  PRIMARY KEY (run_id, chunk)
) STRICT;
INSERT INTO traces_v2 (run_id, chunk, count, restart, iteration, energy, grad_norm, elapsed_ms)
  SELECT run_id, chunk, count, restart, iteration, energy, grad_norm, elapsed_ms FROM traces;
DROP TABLE traces;
ALTER TABLE traces_v2 RENAME TO traces;

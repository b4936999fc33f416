-- Paths in s (core/path, issue 13 section 4): continuation of one problem over a range of s, run in
-- a solver process of its own. `spec` is the validated PathExperimentSpec (core/path/schema.ts),
-- `progress` the last PathProgress, `result` the PathResult once done (all JSON, checked on read).
-- `owner` is the process running it: a path whose owner is gone ends failed on the next open.
CREATE TABLE paths (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed', 'cancelled')),
  owner TEXT REFERENCES owners (id) ON DELETE SET NULL,
  spec TEXT NOT NULL CHECK (json_valid(spec)),
  progress TEXT CHECK (progress IS NULL OR json_valid(progress)),
  result TEXT CHECK (result IS NULL OR json_valid(result)),
  error TEXT,
  created_at INTEGER NOT NULL,
  started_at INTEGER,
  finished_at INTEGER
) STRICT;
CREATE INDEX paths_created ON paths (created_at);
CREATE INDEX paths_status ON paths (status);

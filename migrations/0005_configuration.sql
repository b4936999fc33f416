-- What a run found, named from its Gram matrix (core/configuration, docs/configurations.md): the
-- name, the simplex sizes of a simplex sum (JSON array, largest first), the closed-form energy of the
-- named configuration and the gap reported - closed form, and the invariants the name was read from
-- (JSON). NULL until a run completes, and for runs finished before this schema.
ALTER TABLE runs ADD COLUMN configuration_name TEXT;
ALTER TABLE runs ADD COLUMN configuration_parts TEXT CHECK (configuration_parts IS NULL OR json_valid(configuration_parts));
ALTER TABLE runs ADD COLUMN configuration_closed_form REAL;
ALTER TABLE runs ADD COLUMN configuration_gap REAL;
ALTER TABLE runs ADD COLUMN configuration_invariants TEXT CHECK (configuration_invariants IS NULL OR json_valid(configuration_invariants));
CREATE INDEX runs_configuration_name ON runs (configuration_name);

-- The second-order certificate of a run's final configuration (issue 13, core/certificate): the lowest
-- eigenvalue of the Riemannian Hessian on the complement of the rotation orbit, the number of negative
-- directions, the zero modes, lambda_2 - lambda_1 and the verdict. NULL for runs without a result and
-- for runs stored before this migration.
ALTER TABLE runs ADD COLUMN lambda_min REAL;
ALTER TABLE runs ADD COLUMN negative_directions INTEGER;
ALTER TABLE runs ADD COLUMN zero_modes INTEGER;
ALTER TABLE runs ADD COLUMN spectral_gap REAL;
ALTER TABLE runs ADD COLUMN verdict TEXT CHECK (verdict IN ('strict-minimum', 'saddle', 'degenerate'));
CREATE INDEX runs_verdict ON runs (verdict);

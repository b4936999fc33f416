-- Where a run was made when that was not this machine's queue alone: a shard of a Slurm job array
-- ({"shard": {"index": 1, "count": 3}, "slurmJobId": "4242_1", "host": "node7"}), kept through
-- archive export and import so merged runs say which shard and job produced them. NULL: a local run.
ALTER TABLE runs ADD COLUMN origin TEXT CHECK (origin IS NULL OR json_valid(origin));

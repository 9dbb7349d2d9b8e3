-- Background jobs (src/jobs). One row per job: when it is due next, and who holds its lease.
-- An instance runs a job only after one conditional UPDATE of this row succeeded for it
-- (see models::job::JobLease::take), so each run happens once however many instances
-- share the database.
CREATE TABLE jobs (
    name TEXT PRIMARY KEY NOT NULL,
    next_run_at TIMESTAMP NOT NULL,
    lease_holder TEXT,
    lease_until TIMESTAMP
);

-- One row per run of a job, kept for 30 days (the prune-job-runs job deletes older ones).
-- outcome: running, succeeded, failed or expired (its instance died and the lease ran out).
-- started_by: schedule, admin or shell.
CREATE TABLE job_runs (
    id INTEGER PRIMARY KEY NOT NULL,
    job_name TEXT NOT NULL,
    started_at TIMESTAMP NOT NULL,
    finished_at TIMESTAMP,
    outcome TEXT NOT NULL,
    rows_touched BIGINT NOT NULL DEFAULT 0,
    message TEXT NOT NULL DEFAULT '',
    started_by TEXT NOT NULL
);
CREATE INDEX job_runs_by_job ON job_runs (job_name, started_at);
CREATE INDEX job_runs_by_start ON job_runs (started_at);

-- The sales-totals job's nightly sums, one row per closed UTC day, read by the dashboard's
-- chart instead of every order of the last 30 days.
CREATE TABLE daily_sales (
    day DATE PRIMARY KEY NOT NULL,
    orders BIGINT NOT NULL,
    revenue_cents BIGINT NOT NULL
);

-- The idle-carts job looks for anonymous carts by their last change. Until now nothing kept
-- `updated_at` up to date (it is the cart's creation time), so every existing cart starts
-- its 30 days today rather than being taken for idle while a shopper is still using it.
UPDATE carts SET updated_at = CURRENT_TIMESTAMP;
CREATE INDEX carts_anonymous_by_update ON carts (updated_at) WHERE user_id IS NULL;

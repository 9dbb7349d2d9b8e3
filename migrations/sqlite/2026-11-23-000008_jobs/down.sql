DROP INDEX carts_anonymous_by_update;
DROP TABLE daily_sales;
DROP TABLE job_runs;
DROP TABLE jobs;

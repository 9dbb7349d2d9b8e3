//! Background jobs: work the shop does on a schedule, inside the same binary, with no
//! message broker. The database is the only thing instances share, so it also decides who
//! runs what: each job has a row in `jobs`, and an instance runs a job only after it took
//! that row's lease (`models::JobLease::take`).
//!
//! - `schedule`: when a job is due (every minute, daily at 03:00 UTC …).
//! - `run`: one run of one job through its lease, recorded in `job_runs`; used by the
//!   runner, `cartwheel jobs run NAME` and the admin's "Run now" button alike.
//! - `runner`: the task `cartwheel serve` starts, which wakes every few seconds and runs
//!   whatever is due.
//! - `housekeeping`: the shop's own jobs.
//!
//! A job is a plain blocking function with the signature of `JobFn`, so any module can
//! offer one: write the function next to the code it belongs to and add it to `all()`.

pub mod housekeeping;
pub mod run;
pub mod runner;
pub mod schedule;

use chrono::NaiveDateTime;

use crate::config::Config;
use crate::db::DbConn;
use crate::error::AppResult;

pub use run::{Attempt, StartedBy, register_all, run_by_hand, run_job};
pub use schedule::Schedule;

/// What a job does: given a connection, the configuration and the time it runs at, it does
/// its work and says how many rows it touched. It runs on a blocking thread (Diesel is
/// synchronous), outside any transaction: a job opens its own, as short as it can, so it
/// never holds the write lock for long. `now` is passed in rather than read from the clock
/// so that tests can run a job "31 days later".
pub type JobFn = fn(&mut DbConn, &Config, NaiveDateTime) -> AppResult<u64>;

/// A job: its name, what it is for, when it runs and the function that does it.
#[derive(Debug, Clone, Copy)]
pub struct Job {
    /// The name in `cartwheel jobs run NAME`, the `jobs` table and `/admin/jobs`.
    pub name: &'static str,
    /// One sentence for the job list.
    pub description: &'static str,
    /// When it is due.
    pub schedule: Schedule,
    /// How long a run may take before its lease lapses and another instance may take over
    /// (and mark the run `expired`). Choose it well above the job's longest run.
    pub lease_seconds: i64,
    /// The work.
    pub run: JobFn,
}

/// Every job the shop has, the one list that the runner, `cartwheel jobs` and
/// `/admin/jobs` read.
pub fn all() -> Vec<Job> {
    vec![
        Job {
            name: "stale-orders",
            description: "Marks orders left pending past the timeout as payment failed and \
                          returns their stock.",
            schedule: Schedule::Every(schedule::MINUTE),
            lease_seconds: 5 * schedule::MINUTE,
            run: housekeeping::stale_orders,
        },
        Job {
            name: "idle-carts",
            description: "Deletes anonymous carts untouched for 30 days, with their lines.",
            schedule: Schedule::daily_at(3, 0),
            lease_seconds: 10 * schedule::MINUTE,
            run: housekeeping::idle_carts,
        },
        Job {
            name: "sales-totals",
            description: "Adds up the sales of the last closed days for the dashboard's chart.",
            schedule: Schedule::daily_at(0, 10),
            lease_seconds: 10 * schedule::MINUTE,
            run: housekeeping::sales_totals,
        },
        Job {
            name: "prune-job-runs",
            description: "Deletes the record of job runs older than 30 days.",
            schedule: Schedule::daily_at(3, 30),
            lease_seconds: 5 * schedule::MINUTE,
            run: housekeeping::prune_job_runs,
        },
        Job {
            name: "prune-idempotency-keys",
            description: "Deletes the API checkout's idempotency keys older than 7 days.",
            schedule: Schedule::daily_at(3, 45),
            lease_seconds: 5 * schedule::MINUTE,
            run: housekeeping::prune_idempotency_keys,
        },
        Job {
            name: "mail",
            description: "Sends the outbox's due messages through CARTWHEEL_SMTP_URL, and \
                          retries the ones the mail server refused.",
            schedule: Schedule::Every(schedule::MINUTE),
            // Longer than a batch of slow sends, so a second instance never starts the same
            // batch while the first is still talking to the mail server.
            lease_seconds: 10 * schedule::MINUTE,
            run: crate::services::mail::send_due,
        },
        Job {
            name: "recommendations",
            description: "Counts which products were bought together, and by how many \
                          customers, for \"Customers who bought this also bought\".",
            schedule: Schedule::Every(schedule::HOUR),
            lease_seconds: 10 * schedule::MINUTE,
            run: crate::services::recommendations::recompute,
        },
    ]
}

/// The job with this name, if there is one.
pub fn find(name: &str) -> Option<Job> {
    all().into_iter().find(|job| job.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn job_names_are_unique() {
        let jobs = all();
        for job in &jobs {
            let same = jobs.iter().filter(|other| other.name == job.name).count();
            assert_eq!(same, 1, "{} is listed twice", job.name);
        }
    }

    #[test]
    fn jobs_are_found_by_name_and_unknown_names_are_not() {
        assert!(find("stale-orders").is_some());
        assert!(find("no-such-job").is_none());
    }
}

//! One run of one job, through its lease: the same path for the runner, `cartwheel jobs
//! run NAME` and the admin's "Run now".
//!
//! 1. Take the job's lease (one conditional UPDATE; see `JobLease::take`). Lost: someone
//!    else is running it, or it is not due; nothing happens.
//! 2. Mark runs left `running` by a holder whose lease lapsed as `expired`.
//! 3. Record a `running` run, call the job's function, record how it ended.
//! 4. Set when it is due next and give the lease back.
//!
//! A job that fails is recorded as `failed` with its message; the error is not passed on, so
//! the runner goes on with the next job. If the process dies during step 3, the lease lapses
//! after `Job::lease_seconds` and the next taker does step 2.

use std::time::Instant;

use chrono::{Duration, NaiveDateTime};

use crate::config::Config;
use crate::db::DbConn;
use crate::error::AppResult;
use crate::jobs::Job;
use crate::models::{JobLease, JobRun, JobState};

/// Who asked for a run; stored in `job_runs.started_by`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StartedBy {
    /// The runner, because the job was due.
    Schedule,
    /// An admin's "Run now" button.
    Admin,
    /// `cartwheel jobs run NAME`.
    Shell,
}

impl StartedBy {
    /// The word stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            StartedBy::Schedule => "schedule",
            StartedBy::Admin => "admin",
            StartedBy::Shell => "shell",
        }
    }
}

/// What came of an attempt to run a job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Attempt {
    /// We held the lease and ran it: the rows it touched, or the message it failed with.
    Ran {
        /// The `job_runs` row of this run.
        run_id: i32,
        /// Rows touched, or why it failed.
        result: Result<u64, String>,
    },
    /// Another run holds the lease (or, for a scheduled attempt, the job is not due).
    NotTaken,
}

/// Makes sure every job in `jobs` has its row in the `jobs` table (new jobs are added as
/// the shop grows, so this runs at every start of the runner and before a manual run).
pub fn register_all(conn: &mut DbConn, jobs: &[Job], now: NaiveDateTime) -> AppResult<()> {
    let rows: Vec<(&str, NaiveDateTime)> = jobs
        .iter()
        .map(|job| (job.name, job.schedule.first_run(now)))
        .collect();
    JobState::register(conn, &rows)?;
    Ok(())
}

/// Runs `job` at once, by hand (an admin's "Run now", `cartwheel jobs run`): registers it
/// first, in case this database has never seen it, then runs it through its lease.
pub fn run_by_hand(
    conn: &mut DbConn,
    config: &Config,
    job: &Job,
    started_by: StartedBy,
) -> AppResult<Attempt> {
    let now = crate::models::now();
    register_all(conn, std::slice::from_ref(job), now)?;
    run_job(conn, config, job, now, started_by, false)
}

/// Runs `job` once through its lease (see the module's steps). With `only_if_due` it runs
/// only when the schedule says so (the runner); without, at once (by hand), but still never
/// beside another run of the same job.
pub fn run_job(
    conn: &mut DbConn,
    config: &Config,
    job: &Job,
    now: NaiveDateTime,
    started_by: StartedBy,
    only_if_due: bool,
) -> AppResult<Attempt> {
    let lease = JobLease {
        holder: new_holder(),
        until: now + Duration::seconds(job.lease_seconds),
    };
    if !lease.take(conn, job.name, now, only_if_due)? {
        return Ok(Attempt::NotTaken);
    }
    JobRun::expire_orphans(conn, job.name, now)?;
    let run_id = JobRun::start(conn, job.name, started_by.as_str(), now)?;
    let clock = Instant::now();
    let result = (job.run)(conn, config, now).map_err(|error| error.to_string());
    // `now` may be a test's pretend time; the run's end is that plus how long it really took.
    let finished = now + Duration::from_std(clock.elapsed()).unwrap_or_default();
    record_end(conn, run_id, &result, finished)?;
    lease.release(conn, job.name, job.schedule.next_after(now))?;
    if let Err(message) = &result {
        tracing::error!(job = job.name, %message, "a background job failed");
    }
    Ok(Attempt::Ran { run_id, result })
}

fn record_end(
    conn: &mut DbConn,
    run_id: i32,
    result: &Result<u64, String>,
    finished: NaiveDateTime,
) -> AppResult<()> {
    let (outcome, rows, message) = match result {
        Ok(rows) => ("succeeded", i64::try_from(*rows).unwrap_or(i64::MAX), ""),
        Err(message) => ("failed", 0, message.as_str()),
    };
    JobRun::finish(conn, run_id, outcome, rows, message, finished)?;
    Ok(())
}

/// A token naming this attempt: the process id (to tell instances apart in the table when
/// looking by hand) and a random number (so two attempts never share one).
fn new_holder() -> String {
    format!("{}-{:016x}", std::process::id(), rand::random::<u64>())
}

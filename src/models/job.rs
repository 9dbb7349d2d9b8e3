//! The `jobs` and `job_runs` tables: when each background job is due, who holds its lease,
//! and what each run did.
//!
//! `src/jobs` decides what to run and when; this file only holds the queries. The one that
//! matters most is `JobLease::take`, the conditional UPDATE that lets many instances share
//! one database and still run each job once.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::schema::{job_runs, jobs};

/// A job's row: when it is due next and who, if anyone, holds its lease.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = jobs)]
pub struct JobState {
    /// The job's name, as listed in `jobs::all()` (the primary key).
    pub name: String,
    /// When the job is due next, UTC; set after each run from its schedule.
    pub next_run_at: NaiveDateTime,
    /// The token of the attempt running it now (`JobLease::holder`); `None` when idle.
    pub lease_holder: Option<String>,
    /// When the current lease lapses, UTC; past it, another instance may take the job.
    pub lease_until: Option<NaiveDateTime>,
}

/// One run of a job, as the admin's job page and `cartwheel jobs list` show it.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = job_runs)]
pub struct JobRun {
    /// The primary key; a run is finished by it.
    pub id: i32,
    /// The job that ran (`JobState::name`).
    pub job_name: String,
    /// When the run started, UTC.
    pub started_at: NaiveDateTime,
    /// When it ended, UTC; `None` while it runs (or if its instance died: see `expired`).
    pub finished_at: Option<NaiveDateTime>,
    /// `running`, `succeeded`, `failed` or `expired`.
    pub outcome: String,
    /// What the job's function returned: rows deleted, sums written, mails sent …; 0 for a
    /// failed run.
    pub rows_touched: i64,
    /// The error of a failed run; empty otherwise.
    pub message: String,
    /// `schedule`, `admin` or `shell`.
    pub started_by: String,
}

impl JobRun {
    /// How long the run took, in whole seconds, once it has finished.
    pub fn duration_seconds(&self) -> Option<i64> {
        self.finished_at
            .map(|finished| (finished - self.started_at).num_seconds())
    }
}

/// Who holds a lease and until when: the arguments of `JobLease::take`.
#[derive(Debug, Clone)]
pub struct JobLease {
    /// A random token naming one attempt by one instance.
    pub holder: String,
    /// When the lease lapses if its holder never gives it back (it crashed).
    pub until: NaiveDateTime,
}

impl JobState {
    /// Every job's row, by name.
    pub fn all(conn: &mut DbConn) -> QueryResult<Vec<JobState>> {
        jobs::table
            .order(jobs::name)
            .select(JobState::as_select())
            .load(conn)
    }

    /// Adds a row for each of `names` that has none yet, first due at `first_run`. Two
    /// instances starting together may both try; the second one's insert breaks the primary
    /// key and is ignored, since the row it wanted is there.
    pub fn register(conn: &mut DbConn, names: &[(&str, NaiveDateTime)]) -> QueryResult<usize> {
        let known: Vec<String> = jobs::table.select(jobs::name).load(conn)?;
        let mut added = 0;
        for (name, first_run) in names {
            if known.iter().any(|known| known == name) {
                continue;
            }
            let inserted = diesel::insert_into(jobs::table)
                .values((jobs::name.eq(*name), jobs::next_run_at.eq(*first_run)))
                .execute(conn);
            match inserted {
                Ok(count) => added += count,
                Err(error) if crate::db::is_unique_violation(&error) => {}
                Err(error) => return Err(error),
            }
        }
        Ok(added)
    }
}

impl JobLease {
    /// Tries to take the lease of job `name` for `self.holder`; true if this caller won.
    ///
    /// It is ONE conditional UPDATE: "set the holder where the job is not leased (or its
    /// lease has lapsed) [and it is due]". The database runs updates of one row one after
    /// the other, and the second re-checks the condition against the first one's result, so
    /// of two instances trying at once exactly one sees "1 row updated". Reading the row
    /// first and updating it after would let both read "free" before either wrote.
    /// `only_if_due` is false for a run asked for by hand, which does not wait for the
    /// schedule but still never overlaps another run.
    pub fn take(
        &self,
        conn: &mut DbConn,
        name: &str,
        now: NaiveDateTime,
        only_if_due: bool,
    ) -> QueryResult<bool> {
        let free = jobs::lease_until
            .is_null()
            .or(jobs::lease_until.lt(now))
            .assume_not_null();
        let this_job = jobs::table.filter(jobs::name.eq(name)).filter(free);
        let lease = (
            jobs::lease_holder.eq(&self.holder),
            jobs::lease_until.eq(self.until),
        );
        let updated = if only_if_due {
            diesel::update(this_job.filter(jobs::next_run_at.le(now)))
                .set(lease)
                .execute(conn)?
        } else {
            diesel::update(this_job).set(lease).execute(conn)?
        };
        Ok(updated == 1)
    }

    /// Gives the lease back and sets when the job is due next. Only the holder's own lease
    /// is released: if ours lapsed and another instance took it over, its lease stays.
    pub fn release(
        &self,
        conn: &mut DbConn,
        name: &str,
        next_run_at: NaiveDateTime,
    ) -> QueryResult<usize> {
        diesel::update(
            jobs::table
                .filter(jobs::name.eq(name))
                .filter(jobs::lease_holder.eq(&self.holder)),
        )
        .set((
            jobs::next_run_at.eq(next_run_at),
            jobs::lease_holder.eq(None::<String>),
            jobs::lease_until.eq(None::<NaiveDateTime>),
        ))
        .execute(conn)
    }
}

impl JobRun {
    /// Records that a run of `job_name` started, and returns its id.
    pub fn start(
        conn: &mut DbConn,
        job_name: &str,
        started_by: &str,
        now: NaiveDateTime,
    ) -> QueryResult<i32> {
        diesel::insert_into(job_runs::table)
            .values((
                job_runs::job_name.eq(job_name),
                job_runs::started_at.eq(now),
                job_runs::outcome.eq("running"),
                job_runs::started_by.eq(started_by),
            ))
            .returning(job_runs::id)
            .get_result(conn)
    }

    /// Records how run `id` ended.
    pub fn finish(
        conn: &mut DbConn,
        id: i32,
        outcome: &str,
        rows_touched: i64,
        message: &str,
        now: NaiveDateTime,
    ) -> QueryResult<usize> {
        diesel::update(job_runs::table.find(id))
            .set((
                job_runs::finished_at.eq(Some(now)),
                job_runs::outcome.eq(outcome),
                job_runs::rows_touched.eq(rows_touched),
                job_runs::message.eq(message),
            ))
            .execute(conn)
    }

    /// Marks runs of `job_name` still `running` as `expired`. Called by the new holder of a
    /// lease: any run still marked running belongs to an instance whose lease lapsed (it
    /// crashed or hung), so it will never record its own end.
    pub fn expire_orphans(
        conn: &mut DbConn,
        job_name: &str,
        now: NaiveDateTime,
    ) -> QueryResult<usize> {
        diesel::update(
            job_runs::table
                .filter(job_runs::job_name.eq(job_name))
                .filter(job_runs::outcome.eq("running")),
        )
        .set((
            job_runs::outcome.eq("expired"),
            job_runs::finished_at.eq(Some(now)),
            job_runs::message.eq("its instance stopped before the run ended; the lease lapsed"),
        ))
        .execute(conn)
    }

    /// The latest `limit` runs of every job, newest first, in one query: the page's size
    /// stays the same however many runs are kept.
    pub fn latest(conn: &mut DbConn, limit: i64) -> QueryResult<Vec<JobRun>> {
        job_runs::table
            .order((job_runs::started_at.desc(), job_runs::id.desc()))
            .limit(limit)
            .select(JobRun::as_select())
            .load(conn)
    }

    /// The latest `limit` runs of one job, newest first.
    pub fn latest_of(conn: &mut DbConn, job_name: &str, limit: i64) -> QueryResult<Vec<JobRun>> {
        job_runs::table
            .filter(job_runs::job_name.eq(job_name))
            .order((job_runs::started_at.desc(), job_runs::id.desc()))
            .limit(limit)
            .select(JobRun::as_select())
            .load(conn)
    }

    /// Deletes the runs that started before `cutoff`; returns how many.
    pub fn delete_before(conn: &mut DbConn, cutoff: NaiveDateTime) -> QueryResult<usize> {
        diesel::delete(job_runs::table.filter(job_runs::started_at.lt(cutoff))).execute(conn)
    }
}

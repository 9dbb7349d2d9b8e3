//! `GET /admin/jobs`: the background jobs, when each runs next, and the latest runs;
//! `POST /admin/jobs/{name}/run`: the "Run now" button.
//!
//! "Run now" runs the job in the request, through the same lease as the runner
//! (`jobs::run_by_hand`), rather than marking it due for the runner to pick up: the admin
//! sees the outcome at once in the flash, and it works on an instance started with
//! `CARTWHEEL_JOBS=0`. The price is that the request waits for the job: about a second for
//! `recommendations` over 100,000 orders, and for `mail` as long as the mail server takes
//! (20 s at most per conversation). A job that could take minutes would be better marked
//! due instead.

use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::NaiveDateTime;

use crate::config::Config;
use crate::csrf::{CsrfForm, NoFields};
use crate::db::{self, DbPool};
use crate::error::{AppError, AppResult};
use crate::jobs::{self, Attempt, StartedBy};
use crate::layout::Layout;
use crate::models::{JobRun, JobState, now};
use crate::routes::{load_page, render, see_other};
use crate::session::{FlashKind, ShopSession};

/// How many of the latest runs (of all jobs together) the page lists.
const RUNS_SHOWN: i64 = 30;

/// One job as the page lists it.
struct JobRow {
    name: &'static str,
    description: &'static str,
    schedule: String,
    next_run_at: Option<NaiveDateTime>,
    running: bool,
}

#[derive(Template)]
#[template(path = "admin/jobs/index.html")]
struct JobsPage {
    layout: Layout,
    jobs: Vec<JobRow>,
    runs: Vec<JobRun>,
}

/// `GET /admin/jobs`: renders every job and the latest runs. Three queries besides the
/// layout's, however many runs are kept.
pub async fn index(session: ShopSession, pool: web::Data<DbPool>) -> AppResult<HttpResponse> {
    let page = load_page(&session, &pool, move |conn, layout| {
        let states = JobState::all(conn)?;
        Ok(JobsPage {
            layout,
            jobs: job_rows(&states, now()),
            runs: JobRun::latest(conn, RUNS_SHOWN)?,
        })
    })
    .await?;
    render(&page)
}

/// Pairs each job of `jobs::all()` with its row in the table (missing until the runner or
/// a first run registered it).
fn job_rows(states: &[JobState], now: NaiveDateTime) -> Vec<JobRow> {
    jobs::all()
        .into_iter()
        .map(|job| {
            let state = states.iter().find(|state| state.name == job.name);
            JobRow {
                name: job.name,
                description: job.description,
                schedule: job.schedule.describe(),
                next_run_at: state.map(|state| state.next_run_at),
                running: state
                    .and_then(|state| state.lease_until)
                    .is_some_and(|until| until > now),
            }
        })
        .collect()
}

/// `POST /admin/jobs/{name}/run`: runs the job now through its lease and redirects to the
/// job page with the outcome as a flash. An unknown name is a 404.
pub async fn run_now(
    path: web::Path<String>,
    _form: CsrfForm<NoFields>,
    session: ShopSession,
    pool: web::Data<DbPool>,
    config: web::Data<Config>,
) -> AppResult<HttpResponse> {
    let job = jobs::find(&path.into_inner()).ok_or(AppError::NotFound)?;
    let config = config.get_ref().clone();
    let attempt = db::run(&pool, move |conn| {
        jobs::run_by_hand(conn, &config, &job, StartedBy::Admin)
    })
    .await?;
    match attempt {
        Attempt::Ran {
            result: Ok(rows), ..
        } => session.notice(format!("{} ran: {rows} rows touched.", job.name))?,
        Attempt::Ran {
            result: Err(message),
            ..
        } => session.flash(FlashKind::Error, format!("{} failed: {message}", job.name))?,
        Attempt::NotTaken => session.flash(
            FlashKind::Error,
            format!(
                "{} is running right now; try again when it has finished.",
                job.name
            ),
        )?,
    }
    Ok(see_other("/admin/jobs"))
}

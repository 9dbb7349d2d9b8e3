//! Running jobs: a lease is won by one taker only, a job not due or leased elsewhere is not
//! taken, a lapsed lease is taken over, a failure is recorded, the runner runs due jobs by
//! itself, and the admin page and the command line show and run jobs. What each job does is
//! tested in `jobs`.

use std::process::Command;
use std::sync::{Arc, Barrier};

use cartwheel::config::Config;
use cartwheel::db::DbConn;
use cartwheel::error::{AppError, AppResult};
use cartwheel::jobs::{self, Attempt, Job, Schedule, StartedBy};
use cartwheel::models::{JobLease, JobRun, now};
use chrono::{Duration, NaiveDateTime};
use reqwest::StatusCode;

use crate::helpers::{TestApp, assert_redirects_to, logged_in_admin, spawn_app, spawn_app_with};

use crate::jobs::{last_run, run_at};

fn lease(holder: &str, until: NaiveDateTime) -> JobLease {
    JobLease {
        holder: holder.into(),
        until,
    }
}

#[tokio::test]
async fn of_two_takers_racing_for_one_lease_exactly_one_wins() {
    let app = spawn_app().await;
    run_at(&app, "prune-job-runs", now());
    let at = now() + Duration::days(2);
    let start = Arc::new(Barrier::new(2));

    let takers: Vec<_> = ["a", "b"]
        .into_iter()
        .map(|holder| {
            let (pool, start) = (app.pool.clone(), start.clone());
            std::thread::spawn(move || {
                let conn = &mut pool.get().expect("connection");
                start.wait();
                lease(holder, at + Duration::minutes(5))
                    .take(conn, "prune-job-runs", at, true)
                    .expect("query")
            })
        })
        .collect();
    let won: Vec<bool> = takers
        .into_iter()
        .map(|taker| taker.join().expect("thread"))
        .collect();

    assert_eq!(won.iter().filter(|won| **won).count(), 1, "{won:?}");
}

#[tokio::test]
async fn a_job_that_is_not_due_or_is_leased_is_not_taken() {
    let app = spawn_app().await;
    run_at(&app, "prune-job-runs", now());
    let conn = &mut app.conn();
    let job = jobs::find("prune-job-runs").expect("job");
    let config = Config::for_tests(app.database.url.clone());

    let not_due = jobs::run_job(conn, &config, &job, now(), StartedBy::Schedule, true);
    let later = now() + Duration::days(2);
    assert!(
        lease("other", later + Duration::minutes(5))
            .take(conn, job.name, later, true)
            .expect("taken")
    );
    let leased = jobs::run_job(conn, &config, &job, later, StartedBy::Shell, false);

    assert_eq!(not_due.expect("query"), Attempt::NotTaken);
    assert_eq!(
        leased.expect("query"),
        Attempt::NotTaken,
        "never beside a running run"
    );
}

#[tokio::test]
async fn a_lapsed_lease_is_taken_over_and_its_orphaned_run_marked_expired() {
    // Arrange: an instance took the lease, started a run and died.
    let app = spawn_app().await;
    run_at(&app, "stale-orders", now());
    let conn = &mut app.conn();
    let crashed_at = now() + Duration::minutes(2);
    let crashed = lease("crashed", crashed_at + Duration::minutes(5));
    assert!(
        crashed
            .take(conn, "stale-orders", crashed_at, true)
            .expect("taken")
    );
    let orphan = JobRun::start(conn, "stale-orders", "schedule", crashed_at).expect("run");
    let job = jobs::find("stale-orders").expect("job");
    let config = Config::for_tests(app.database.url.clone());

    // Act: while the lease holds, then after it lapsed.
    let during = jobs::run_job(
        conn,
        &config,
        &job,
        crashed_at + Duration::minutes(4),
        StartedBy::Schedule,
        true,
    );
    let after = jobs::run_job(
        conn,
        &config,
        &job,
        crashed_at + Duration::minutes(6),
        StartedBy::Schedule,
        true,
    );

    // Assert
    assert_eq!(during.expect("query"), Attempt::NotTaken);
    assert!(matches!(
        after.expect("query"),
        Attempt::Ran { result: Ok(0), .. }
    ));
    let runs = JobRun::latest_of(conn, "stale-orders", 10).expect("runs");
    let orphan = runs
        .iter()
        .find(|run| run.id == orphan)
        .expect("orphan kept");
    assert_eq!(orphan.outcome, "expired");
    assert_eq!(runs[0].outcome, "succeeded");
}

fn failing_job(_: &mut DbConn, _: &Config, _: NaiveDateTime) -> AppResult<u64> {
    Err(AppError::Internal("the mail server did not answer".into()))
}

#[tokio::test]
async fn a_failing_job_is_recorded_as_failed_and_can_run_again() {
    let app = spawn_app().await;
    let job = Job {
        name: "always-fails",
        description: "Fails, for this test.",
        schedule: Schedule::Every(60),
        lease_seconds: 60,
        run: failing_job,
    };
    let conn = &mut app.conn();
    let config = Config::for_tests(app.database.url.clone());
    jobs::register_all(conn, &[job], now()).expect("registered");

    let first = jobs::run_job(conn, &config, &job, now(), StartedBy::Schedule, true).expect("ran");
    let next = now() + Duration::minutes(2);
    let second = jobs::run_job(conn, &config, &job, next, StartedBy::Schedule, true).expect("ran");

    let failed = |attempt: &Attempt| matches!(attempt, Attempt::Ran { result: Err(message), .. } if message.contains("mail server"));
    assert!(
        failed(&first) && failed(&second),
        "the lease was given back after the failure"
    );
    let run = JobRun::latest_of(conn, "always-fails", 1)
        .expect("runs")
        .remove(0);
    assert_eq!(run.outcome, "failed");
    assert!(run.message.contains("the mail server did not answer"));
}

#[tokio::test]
async fn the_runner_runs_due_jobs_on_its_own() {
    let app = spawn_app_with(|config| config.jobs_enabled = true).await;

    let mut runs = Vec::new();
    for _ in 0..50 {
        runs = JobRun::latest(&mut app.conn(), 10).expect("runs");
        if !runs.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }

    let run = runs
        .iter()
        .find(|run| run.job_name == "stale-orders")
        .expect("a run");
    assert_eq!(run.started_by, "schedule");
    assert!(
        runs.iter().all(|run| run.job_name != "idle-carts"),
        "a daily job waits for its time"
    );
}

#[tokio::test]
async fn the_admin_job_page_lists_the_jobs_and_run_now_records_a_run() {
    let app = logged_in_admin().await;

    let page = app.get_html("/admin/jobs").await;
    let response = app.post_form("/admin/jobs/idle-carts/run", &[]).await;
    let after = app.get_html("/admin/jobs").await;

    for job in jobs::all() {
        assert!(page.contains(job.name), "{} listed", job.name);
    }
    assert!(page.contains("daily at 03:00 UTC"));
    assert_redirects_to(&response, "/admin/jobs");
    assert!(after.contains("idle-carts ran: 0 rows touched."), "{after}");
    let run = last_run(&app, "idle-carts");
    assert_eq!(
        (run.outcome.as_str(), run.started_by.as_str()),
        ("succeeded", "admin")
    );
}

#[tokio::test]
async fn run_now_for_an_unknown_job_is_a_404() {
    let app = logged_in_admin().await;
    let response = app.post_form("/admin/jobs/no-such-job/run", &[]).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

/// `cartwheel jobs ARGS` on this app's database.
fn cli(app: &TestApp, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_cartwheel"))
        .arg("jobs")
        .args(args)
        .env("DATABASE_URL", app.database.url_string())
        .env("CARTWHEEL_SESSION_KEY", crate::process::SESSION_KEY)
        .env("RUST_LOG", "warn")
        .output()
        .expect("the binary runs")
}

#[tokio::test]
async fn the_command_line_lists_and_runs_jobs_and_refuses_an_unknown_one() {
    let app = spawn_app().await;

    let run = cli(&app, &["run", "prune-job-runs"]);
    let list = cli(&app, &["list"]);
    let unknown = cli(&app, &["run", "no-such-job"]);

    assert!(run.status.success(), "{run:?}");
    assert!(
        String::from_utf8_lossy(&run.stdout).contains("prune-job-runs finished: 0 rows touched.")
    );
    let listed = String::from_utf8_lossy(&list.stdout);
    assert!(list.status.success(), "{list:?}");
    for job in jobs::all() {
        assert!(listed.contains(job.name), "{listed}");
    }
    assert!(listed.contains("succeeded (0 rows)"), "{listed}");
    assert!(!unknown.status.success());
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no job is called 'no-such-job'"));
    assert_eq!(last_run(&app, "prune-job-runs").started_by, "shell");
}

#[tokio::test]
async fn the_command_line_will_not_run_a_job_that_is_running_elsewhere() {
    // Arrange: another instance holds the lease of stale-orders.
    let app = spawn_app().await;
    cli(&app, &["list"]);
    let elsewhere = lease("elsewhere", now() + Duration::minutes(5));
    let taken = elsewhere.take(&mut app.conn(), "stale-orders", now(), false);
    assert!(taken.expect("query"));

    // Act
    let run = cli(&app, &["run", "stale-orders"]);

    // Assert
    assert!(!run.status.success(), "{run:?}");
    assert!(String::from_utf8_lossy(&run.stderr).contains("running elsewhere"));
}

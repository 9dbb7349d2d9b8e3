//! The job runner that `cartwheel serve` starts beside the web server: a tokio task that
//! wakes every `CARTWHEEL_JOBS_TICK_SECONDS` and tries each due job's lease. It runs the
//! jobs it won one after the other on the blocking pool (`db::run`), so a slow job never
//! stalls a request's async thread; every other instance tries the same leases and loses.
//!
//! At shutdown `JobRunner::stop` tells the task to stop and waits until the run in progress,
//! if any, has finished and been recorded.

use std::time::Duration;

use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::config::Config;
use crate::db::{self, DbPool};
use crate::jobs::{self, Attempt, StartedBy};
use crate::models::now;

/// A running job runner.
pub struct JobRunner {
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
}

impl JobRunner {
    /// Starts the runner on the current tokio runtime.
    pub fn spawn(pool: DbPool, config: Config) -> JobRunner {
        let (stop, stopped) = watch::channel(false);
        let task = tokio::spawn(run_until_stopped(pool, config, stopped));
        JobRunner { stop, task }
    }

    /// Asks the runner to stop and waits for it (and any job it is running) to finish.
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        if let Err(error) = self.task.await {
            tracing::error!(?error, "the job runner ended badly");
        }
    }
}

async fn run_until_stopped(pool: DbPool, config: Config, mut stopped: watch::Receiver<bool>) {
    let mut ticks = tokio::time::interval(Duration::from_secs(config.jobs_tick_seconds));
    // After a long pause (a laptop asleep) one tick is enough, not one per missed tick.
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = ticks.tick() => run_due_jobs(&pool, &config).await,
            _ = stopped.changed() => return,
        }
    }
}

/// One tick: registers the jobs (new ones appear after an upgrade), then tries each one.
/// Errors are logged and never stop the runner: the next tick tries again.
async fn run_due_jobs(pool: &DbPool, config: &Config) {
    let registered = db::run(pool, |conn| jobs::register_all(conn, &jobs::all(), now())).await;
    if let Err(error) = registered {
        tracing::error!(?error, "cannot register the background jobs");
        return;
    }
    for job in jobs::all() {
        let config = config.clone();
        let attempt = db::run(pool, move |conn| {
            jobs::run_job(conn, &config, &job, now(), StartedBy::Schedule, true)
        })
        .await;
        match attempt {
            Ok(Attempt::Ran {
                result: Ok(rows), ..
            }) => {
                tracing::info!(job = job.name, rows, "background job finished");
            }
            // `run_job` has logged and recorded the failure already.
            Ok(Attempt::Ran { result: Err(_), .. } | Attempt::NotTaken) => {}
            Err(error) => tracing::error!(job = job.name, ?error, "background job not run"),
        }
    }
}

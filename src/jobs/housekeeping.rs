//! The shop's own background jobs: each keeps a table from growing without end or keeps a
//! figure ready. Each is a `JobFn` (see `jobs::JobFn`) and is listed in `jobs::all()`; the
//! work itself is done by the models and services, as it would be for a web page.

use chrono::{Duration, NaiveDateTime};

use crate::config::Config;
use crate::db::DbConn;
use crate::domain::sales_chart::CHART_DAYS;
use crate::error::AppResult;
use crate::models::{Cart, DailySales, IdempotencyKey, JobRun};
use crate::services::checkout;

/// Anonymous carts untouched this long are deleted; a shopper who comes back after a month
/// finds an empty cart, which is what they would expect.
pub const IDLE_CART_DAYS: i64 = 30;
/// Job runs are kept this long for the admin's job page.
pub const JOB_RUN_DAYS: i64 = 30;
/// The API's idempotency keys (and the answers stored with them) are kept this long: far
/// longer than any client retries a checkout.
pub const IDEMPOTENCY_KEY_DAYS: i64 = 7;
/// How many closed days `sales-totals` adds up again each night: every day the dashboard's
/// chart shows, so an order paid or cancelled any time after it was placed is counted in
/// its own day from the next night on (30 small sums, a few milliseconds).
pub const SALES_DAYS_RECOMPUTED: i64 = CHART_DAYS as i64;

/// `stale-orders`: orders still `pending` past `pending_timeout_seconds` lost their payment
/// step (a crash); they are marked `payment_failed` and their stock returned.
pub fn stale_orders(conn: &mut DbConn, config: &Config, now: NaiveDateTime) -> AppResult<u64> {
    let cutoff = now - Duration::seconds(config.pending_timeout_seconds);
    Ok(checkout::reconcile_stale_orders(conn, cutoff)? as u64)
}

/// `idle-carts`: deletes anonymous carts (no user) not changed for `IDLE_CART_DAYS`, with
/// their lines. A user's cart is kept: it is theirs until they empty it.
pub fn idle_carts(conn: &mut DbConn, _config: &Config, now: NaiveDateTime) -> AppResult<u64> {
    let cutoff = now - Duration::days(IDLE_CART_DAYS);
    Ok(Cart::delete_idle_anonymous(conn, cutoff)? as u64)
}

/// `sales-totals`: adds up again the sales of the last `SALES_DAYS_RECOMPUTED` closed days
/// (up to yesterday, UTC) into `daily_sales`, which the dashboard's chart reads.
pub fn sales_totals(conn: &mut DbConn, _config: &Config, now: NaiveDateTime) -> AppResult<u64> {
    let today = now.date();
    let first = today - Duration::days(SALES_DAYS_RECOMPUTED);
    Ok(DailySales::recompute(conn, first, today)? as u64)
}

/// `prune-job-runs`: deletes the record of runs older than `JOB_RUN_DAYS`.
pub fn prune_job_runs(conn: &mut DbConn, _config: &Config, now: NaiveDateTime) -> AppResult<u64> {
    let cutoff = now - Duration::days(JOB_RUN_DAYS);
    Ok(JobRun::delete_before(conn, cutoff)? as u64)
}

/// `prune-idempotency-keys`: deletes the API checkout's keys older than
/// `IDEMPOTENCY_KEY_DAYS`, with the answers stored for them.
pub fn prune_idempotency_keys(
    conn: &mut DbConn,
    _config: &Config,
    now: NaiveDateTime,
) -> AppResult<u64> {
    let cutoff = now - Duration::days(IDEMPOTENCY_KEY_DAYS);
    Ok(IdempotencyKey::delete_before(conn, cutoff)? as u64)
}

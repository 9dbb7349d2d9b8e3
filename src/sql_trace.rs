//! `sql_trace`: counts the SQL statements each request runs. The query budget tests and
//! `scripts/bench` read the count from the `X-Sql-Statements` response header, which only
//! `CARTWHEEL_COUNT_SQL=1` turns on.
//!
//! How the count travels:
//! 1. Diesel tells a connection's `Instrumentation` about every statement it runs. `db`
//!    installs `StatementCounter` on each connection it opens; it adds one to a tally kept
//!    per thread.
//! 2. `db::run` runs a request's database work on one blocking thread, so the difference of
//!    that thread's tally before and after is the work's count; `db::run` adds it to the
//!    request's tally with `add_to_request`.
//! 3. The request's tally is a tokio task-local that the `count_statements` middleware sets up
//!    around the request and turns into the header at the end.
//!
//! The request X-ray (`xray`) uses the same hook: while a thread is `recording`, each
//! statement's SQL and duration are kept too, and `db::run` hands them to the X-ray. When
//! the X-ray is off nothing is recorded: the hook only adds one to the tally.

use std::cell::{Cell, RefCell};
use std::time::{Duration, Instant};

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use diesel::connection::{Instrumentation, InstrumentationEvent};

/// The response header that carries the count.
pub const HEADER: &str = "x-sql-statements";

thread_local! {
    static ON_THIS_THREAD: Cell<u64> = const { Cell::new(0) };
    static RECORDING: Cell<bool> = const { Cell::new(false) };
    static STARTED: Cell<Option<Instant>> = const { Cell::new(None) };
    static RECORDED: RefCell<Vec<Statement>> = const { RefCell::new(Vec::new()) };
}

/// One statement a request ran, as the X-ray lists it.
#[derive(Debug, Clone)]
pub struct Statement {
    /// The SQL, without the values bound to it (they may be an email or a password hash).
    pub sql: String,
    /// From sending it to the database to having its answer.
    pub took: Duration,
}

tokio::task_local! {
    static IN_THIS_REQUEST: Cell<u64>;
}

/// Counts the statements a connection runs (installed on every pooled connection).
#[derive(Debug, Default)]
pub struct StatementCounter;

impl Instrumentation for StatementCounter {
    fn on_connection_event(&mut self, event: InstrumentationEvent<'_>) {
        match event {
            InstrumentationEvent::StartQuery { .. } => {
                ON_THIS_THREAD.with(|count| count.set(count.get() + 1));
                if RECORDING.get() {
                    STARTED.set(Some(Instant::now()));
                }
            }
            InstrumentationEvent::FinishQuery { query, .. } if RECORDING.get() => {
                let took = STARTED
                    .take()
                    .map(|start| start.elapsed())
                    .unwrap_or_default();
                let sql = without_binds(&query.to_string());
                RECORDED.with_borrow_mut(|recorded| recorded.push(Statement { sql, took }));
            }
            _ => {}
        }
    }
}

/// Diesel's text of a query ends with `-- binds: [...]`, the values sent with it; the X-ray
/// shows the SQL only.
fn without_binds(query: &str) -> String {
    match query.split_once(" -- binds:") {
        Some((sql, _)) => sql.trim().to_string(),
        None => query.trim().to_string(),
    }
}

/// Starts keeping the statements this thread runs (for the X-ray), dropping any left over.
pub fn start_recording() {
    RECORDED.with_borrow_mut(Vec::clear);
    RECORDING.set(true);
}

/// Stops keeping statements and returns those kept since `start_recording`.
pub fn finish_recording() -> Vec<Statement> {
    RECORDING.set(false);
    RECORDED.with_borrow_mut(std::mem::take)
}

/// How many statements connections have run on this thread so far.
pub fn statements_on_this_thread() -> u64 {
    ON_THIS_THREAD.with(Cell::get)
}

/// Adds `statements` to the current request's count; does nothing when counting is off.
pub fn add_to_request(statements: u64) {
    let _ = IN_THIS_REQUEST.try_with(|count| count.set(count.get() + statements));
}

/// Middleware: counts the statements the request runs (the login check and the handler) and
/// reports them in the `X-Sql-Statements` header.
pub async fn count_statements(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    IN_THIS_REQUEST
        .scope(Cell::new(0), async move {
            let mut response = next.call(req).await?;
            let count = IN_THIS_REQUEST.with(Cell::get);
            response
                .headers_mut()
                .insert(HeaderName::from_static(HEADER), HeaderValue::from(count));
            Ok(response)
        })
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bound_values_are_left_out_of_a_recorded_statement() {
        let shown = without_binds(
            "SELECT `users`.`id` FROM `users` WHERE `users`.`email` = ? -- binds: [\"ada@example.com\"]",
        );

        assert_eq!(
            shown,
            "SELECT `users`.`id` FROM `users` WHERE `users`.`email` = ?"
        );
    }
}

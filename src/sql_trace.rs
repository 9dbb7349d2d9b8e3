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

use std::cell::Cell;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use diesel::connection::{Instrumentation, InstrumentationEvent};

/// The response header that carries the count.
pub const HEADER: &str = "x-sql-statements";

thread_local! {
    static ON_THIS_THREAD: Cell<u64> = const { Cell::new(0) };
}

tokio::task_local! {
    static IN_THIS_REQUEST: Cell<u64>;
}

/// Counts the statements a connection runs (installed on every pooled connection).
#[derive(Debug, Default)]
pub struct StatementCounter;

impl Instrumentation for StatementCounter {
    fn on_connection_event(&mut self, event: InstrumentationEvent<'_>) {
        if let InstrumentationEvent::StartQuery { .. } = event {
            ON_THIS_THREAD.with(|count| count.set(count.get() + 1));
        }
    }
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

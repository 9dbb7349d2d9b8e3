//! `GET /healthz`: answers `ok` once the database answers, for load balancers and monitors.
//!
//! No page, no session, no layout: a plain-text answer that only proves a connection can be
//! taken from the pool and used (`db::ping`). Readiness for traffic beyond that (migrations
//! run, settings checked) is settled before the server starts, in `startup`.

use actix_web::{HttpResponse, web};

use crate::db::{self, DbPool};
use crate::error::AppResult;

/// Extracts the pool; answers 200 `ok`, or an error page when the database is unreachable.
pub async fn check(pool: web::Data<DbPool>) -> AppResult<HttpResponse> {
    db::run(&pool, db::ping).await?;
    Ok(HttpResponse::Ok().content_type("text/plain").body("ok"))
}

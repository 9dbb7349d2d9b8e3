//! Admin CSV exports: `GET /admin/orders.csv` and `GET /admin/products.csv`.
//!
//! The files are written by `services::csv_export` (columns, formula guard); these handlers
//! only name the file and send it as a download. Like every page under `/admin`, they are
//! for admins only.

use actix_web::http::header;
use actix_web::{HttpResponse, web};

use crate::db::{self, DbPool};
use crate::error::AppResult;
use crate::models::now;
use crate::services::csv_export;

/// `GET /admin/orders.csv`: downloads every order, newest first.
pub async fn orders(pool: web::Data<DbPool>) -> AppResult<HttpResponse> {
    let body = db::run(&pool, csv_export::orders_csv).await?;
    Ok(download("orders", body))
}

/// `GET /admin/products.csv`: downloads every product in the importer's format.
pub async fn products(pool: web::Data<DbPool>) -> AppResult<HttpResponse> {
    let body = db::run(&pool, csv_export::products_csv).await?;
    Ok(download("products", body))
}

/// A CSV download named after what it holds and today's date (UTC), such as
/// `orders-2026-11-23.csv`; `attachment` makes the browser save it instead of showing it.
fn download(name: &str, body: Vec<u8>) -> HttpResponse {
    let filename = format!("{name}-{}.csv", now().format("%Y-%m-%d"));
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "text/csv; charset=utf-8"))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{filename}\""),
        ))
        .body(body)
}

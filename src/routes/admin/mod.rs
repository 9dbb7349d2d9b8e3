//! The admin pages under `/admin`. `routes::configure` wraps this whole scope in
//! `auth::require_admin`, so every handler here may assume an admin is asking.
//!
//! `configure` below is the admin's URL map; one file per resource follows, shaped like the
//! shop's own routes (and using their helpers, `routes::load_page`, `render`, `see_other`).
//! No rule lives here: catalog changes are `services::catalog`, order status changes
//! `services::orders`, imports and exports `services::product_import` and `csv_export`.

use actix_web::web;

use crate::xray::{get, post};

pub mod categories;
pub mod customers;
pub mod dashboard;
pub mod exports;
pub mod jobs;
pub mod orders;
pub mod outbox;
pub mod paging;
pub mod product_form;
pub mod product_import;
pub mod products;

/// Registers the admin URLs (relative to `/admin`).
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("", get(dashboard::show))
        .route("/products", get(products::index))
        .route("/products", post(products::create))
        .route("/products.csv", get(exports::products))
        .route("/products/new", get(product_form::new_form))
        // Before `/products/{id}`, which would otherwise take "import" for an id.
        .route("/products/import", get(product_import::new_form))
        .route("/products/import", post(product_import::preview))
        .route("/products/import/apply", post(product_import::apply))
        .route("/products/{id}/edit", get(product_form::edit_form))
        .route("/products/{id}", post(products::update))
        .route("/products/{id}/delete", post(products::delete))
        .route("/categories", get(categories::index))
        .route("/categories", post(categories::create))
        .route("/categories/new", get(categories::new_form))
        .route("/categories/{id}/edit", get(categories::edit_form))
        .route("/categories/{id}", post(categories::update))
        .route("/categories/{id}/delete", post(categories::delete))
        .route("/orders", get(orders::index))
        .route("/orders.csv", get(exports::orders))
        .route("/orders/{number}", get(orders::show))
        .route("/orders/{number}/status", post(orders::update_status))
        .route("/customers", get(customers::index))
        .route("/customers/{id}/disable", post(customers::disable))
        .route("/customers/{id}/enable", post(customers::enable))
        .route("/jobs", get(jobs::index))
        .route("/jobs/{name}/run", post(jobs::run_now))
        .route("/outbox", get(outbox::index))
        .route("/outbox/{id}", get(outbox::show));
}

//! The admin pages under `/admin`. `routes::configure` wraps this whole scope in
//! `auth::require_admin`, so every handler here may assume an admin is asking.

use actix_web::web;

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
    cfg.route("", web::get().to(dashboard::show))
        .route("/products", web::get().to(products::index))
        .route("/products", web::post().to(products::create))
        .route("/products.csv", web::get().to(exports::products))
        .route("/products/new", web::get().to(product_form::new_form))
        // Before `/products/{id}`, which would otherwise take "import" for an id.
        .route("/products/import", web::get().to(product_import::new_form))
        .route("/products/import", web::post().to(product_import::preview))
        .route(
            "/products/import/apply",
            web::post().to(product_import::apply),
        )
        .route(
            "/products/{id}/edit",
            web::get().to(product_form::edit_form),
        )
        .route("/products/{id}", web::post().to(products::update))
        .route("/products/{id}/delete", web::post().to(products::delete))
        .route("/categories", web::get().to(categories::index))
        .route("/categories", web::post().to(categories::create))
        .route("/categories/new", web::get().to(categories::new_form))
        .route(
            "/categories/{id}/edit",
            web::get().to(categories::edit_form),
        )
        .route("/categories/{id}", web::post().to(categories::update))
        .route(
            "/categories/{id}/delete",
            web::post().to(categories::delete),
        )
        .route("/orders", web::get().to(orders::index))
        .route("/orders.csv", web::get().to(exports::orders))
        .route("/orders/{number}", web::get().to(orders::show))
        .route(
            "/orders/{number}/status",
            web::post().to(orders::update_status),
        )
        .route("/customers", web::get().to(customers::index))
        .route(
            "/customers/{id}/disable",
            web::post().to(customers::disable),
        )
        .route("/customers/{id}/enable", web::post().to(customers::enable))
        .route("/jobs", web::get().to(jobs::index))
        .route("/jobs/{name}/run", web::post().to(jobs::run_now))
        .route("/outbox", web::get().to(outbox::index))
        .route("/outbox/{id}", web::get().to(outbox::show));
}

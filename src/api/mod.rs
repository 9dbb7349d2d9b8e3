//! The JSON API under `/api/v1`: one back end, two kinds of client.
//!
//! The pages (`routes`) serve a browser: HTML, a session cookie, CSRF tokens, redirects. This
//! module serves programs (a phone app, a partner's site, a script): JSON in and out, a
//! bearer token instead of a cookie, problem documents instead of error pages. Both sit on
//! the same `services` and `models`, so a rule (stock, prices, who may see an order) is
//! written once and holds for both; the handlers here only translate.
//!
//! `configure` below is the API's complete route table. Then, one file per resource:
//! `products` (public catalog), `cart`, `checkout` and `orders` (personal, need a token);
//! `auth` (the `BearerUser` extractor), `problem` (errors as RFC 9457 problem details),
//! `rejections` (bodies, queries and paths that never reach a handler), `price` (money in
//! JSON) and `openapi` (the generated OpenAPI document and the page that shows it).

use actix_web::web;

pub mod auth;
pub mod cart;
pub mod checkout;
pub mod openapi;
pub mod orders;
pub mod price;
pub mod problem;
pub mod products;
pub mod rejections;

/// Registers every URL under `/api/v1` (the scope is made in `routes::configure`), with the
/// API's own handling of bodies, queries and paths that do not parse.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.app_data(rejections::json_config())
        .app_data(web::QueryConfig::default().error_handler(rejections::query_error))
        .app_data(web::PathConfig::default().error_handler(rejections::path_error))
        .route("/products", web::get().to(products::index))
        .route("/products/{slug}", web::get().to(products::show))
        .route("/categories", web::get().to(products::categories))
        .route("/cart", web::get().to(cart::show))
        .route("/cart/items", web::post().to(cart::add_item))
        .route(
            "/cart/items/{product_id}",
            web::patch().to(cart::update_item),
        )
        .route(
            "/cart/items/{product_id}",
            web::delete().to(cart::remove_item),
        )
        .route("/checkout", web::post().to(checkout::create))
        .route("/orders", web::get().to(orders::index))
        .route("/orders/{number}", web::get().to(orders::show))
        .route("/openapi.json", web::get().to(openapi::document))
        .route("/docs", web::get().to(openapi::docs))
        .default_service(web::to(rejections::not_found));
}

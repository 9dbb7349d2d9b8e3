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
//! `auth` (the `BearerUser` extractor), `problem` and `problem_kind` (errors as RFC 9457
//! problem details), `rejections` (bodies, queries and paths that never reach a handler),
//! `price` (money in JSON) and `openapi` (the generated OpenAPI document and the page that
//! shows it).
//!
//! What does not live here: SQL (`models`), the rules themselves (`services`, `domain`), and
//! anything HTML. The JSON bodies (`…Body`, `…List`) derive `utoipa::ToSchema`, which copies a
//! field's `///` into the published OpenAPI document as that field's description, so each
//! field's doc is written for the program's author who reads `/api/v1/docs`.

use actix_web::web;

pub mod auth;
pub mod cart;
pub mod checkout;
pub mod openapi;
pub mod orders;
pub mod price;
pub mod problem;
pub mod problem_kind;
pub mod products;
pub mod rejections;

/// Registers every URL under `/api/v1` (the scope is made in `routes::configure`), with the
/// API's own handling of bodies, queries and paths that do not parse.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.app_data(rejections::json_config())
        .app_data(web::QueryConfig::default().error_handler(rejections::query_error))
        .app_data(web::PathConfig::default().error_handler(rejections::path_error))
        .service(resource("/products", "GET").route(web::get().to(products::index)))
        .service(resource("/products/{slug}", "GET").route(web::get().to(products::show)))
        .service(resource("/categories", "GET").route(web::get().to(products::categories)))
        .service(resource("/cart", "GET").route(web::get().to(cart::show)))
        .service(resource("/cart/items", "POST").route(web::post().to(cart::add_item)))
        .service(
            resource("/cart/items/{product_id}", "PATCH, DELETE")
                .route(web::patch().to(cart::update_item))
                .route(web::delete().to(cart::remove_item)),
        )
        .service(resource("/checkout", "POST").route(web::post().to(checkout::create)))
        .service(resource("/orders", "GET").route(web::get().to(orders::index)))
        .service(resource("/orders/{number}", "GET").route(web::get().to(orders::show)))
        .service(resource("/openapi.json", "GET").route(web::get().to(openapi::document)))
        // An HTML page, so its handler is named for the request X-ray.
        .service(resource("/docs", "GET").route(crate::xray::get(openapi::docs)))
        .service(resource("/problems/{slug}", "GET").route(web::get().to(openapi::problem_type)))
        .default_service(web::to(rejections::not_found));
}

/// A URL of the API that takes the methods `allow`; any other method gets a 405 problem
/// with an `Allow` header (without this, actix-web would hand the request to the scope's
/// 404).
fn resource(path: &str, allow: &'static str) -> actix_web::Resource {
    web::resource(path).default_service(web::to(move || rejections::method_not_allowed(allow)))
}

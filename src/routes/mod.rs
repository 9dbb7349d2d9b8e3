//! Routes: the URL map and the handlers, one file per resource.
//!
//! `configure` below is the complete list of URLs the shop answers; find a URL here, then
//! open the named handler (`cart::add_item` lives in `routes/cart.rs`). Every handler has the
//! same shape: extract (path, query, form, session) → parse into domain types → call a model
//! or service inside `db::run` → render a template or redirect.
//!
//! The small helpers at the bottom (`render`, `see_other`) are shared by all handlers.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, ContentType};
use actix_web::middleware::from_fn;
use actix_web::{HttpResponse, web};
use askama::Template;

use crate::auth::require_admin;
use crate::error::{AppError, AppResult};

pub mod admin;
pub mod api_tokens;
pub mod cart;
pub mod checkout;
pub mod health;
pub mod orders;
pub mod passwords;
pub mod products;
pub mod sessions;
pub mod users;

/// Registers every URL of the shop.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/", web::get().to(products::home))
        .route("/products", web::get().to(products::index))
        .route("/products/{slug}", web::get().to(products::show))
        .route("/categories/{slug}", web::get().to(products::category))
        .route("/cart", web::get().to(cart::show))
        .route("/cart/items", web::post().to(cart::add_item))
        .route(
            "/cart/items/{product_id}",
            web::post().to(cart::update_item),
        )
        .route(
            "/cart/items/{product_id}/delete",
            web::post().to(cart::remove_item),
        )
        .route("/checkout", web::get().to(checkout::new_form))
        .route("/checkout", web::post().to(checkout::create))
        .route("/orders", web::get().to(orders::index))
        .route("/orders/{number}", web::get().to(orders::show))
        .route("/register", web::get().to(users::new_form))
        .route("/register", web::post().to(users::create))
        .route("/account", web::get().to(users::account))
        .route("/account/password", web::get().to(users::password_form))
        .route("/account/password", web::post().to(users::change_password))
        .route("/login", web::get().to(sessions::login_form))
        .route("/login", web::post().to(sessions::login))
        .route("/logout", web::post().to(sessions::logout))
        .route("/password/forgot", web::get().to(passwords::forgot_form))
        .route("/password/forgot", web::post().to(passwords::forgot))
        .route(
            "/password/reset/{token}",
            web::get().to(passwords::reset_form),
        )
        .route("/password/reset/{token}", web::post().to(passwords::reset))
        .route("/account/api-tokens", web::post().to(api_tokens::create))
        .route(
            "/account/api-tokens/{id}/revoke",
            web::post().to(api_tokens::revoke),
        )
        .route("/healthz", web::get().to(health::check))
        // The JSON API for programs; its own route table is `api::configure`.
        .service(web::scope("/api/v1").configure(crate::api::configure))
        .service(
            // Everything under /admin passes `require_admin` first.
            web::scope("/admin")
                .wrap(from_fn(require_admin))
                .configure(admin::configure),
        );
}

/// Answers 404 for any URL not in the map.
pub async fn not_found() -> AppResult<HttpResponse> {
    Err(AppError::NotFound)
}

/// Renders a page with 200 OK.
pub fn render(page: &impl Template) -> AppResult<HttpResponse> {
    render_with_status(page, StatusCode::OK)
}

/// Renders a page with another status, such as 422 for a form shown again with errors.
pub fn render_with_status(page: &impl Template, status: StatusCode) -> AppResult<HttpResponse> {
    // Room for a whole catalog page up front, so the text is not copied as it grows.
    let mut html = String::with_capacity(PAGE_CAPACITY);
    page.render_into(&mut html)?;
    Ok(HttpResponse::build(status)
        .content_type(ContentType::html())
        .body(html))
}

/// Bytes reserved for a rendered page: our largest pages are 12–16 KiB.
const PAGE_CAPACITY: usize = 16 * 1024;

/// Post/redirect/get: after a successful POST we answer "303 See Other" with the next page's
/// address. The browser then GETs that page, so reloading it never submits the form again.
pub fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, location))
        .finish()
}

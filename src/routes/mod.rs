//! Routes: the URL map and the handlers, one file per resource.
//!
//! `configure` below is the complete list of URLs the shop answers; find a URL here, then
//! open the named handler (`cart::add_item` lives in `routes/cart.rs`). `get` and `post` are
//! actix-web's `web::get().to(…)` and `web::post().to(…)`, with the handler named for the
//! request X-ray (`xray`). Every handler has the
//! same shape: extract (path, query, form, session) → parse into domain types → call a model
//! or service inside `db::run` → render a template or redirect.
//!
//! The small helpers at the bottom (`load_page`, `render`, `see_other`) are shared by all
//! handlers. What a page shows is decided in `models` and `services`; `layout` builds the
//! frame around it; the JSON API has its own table in `api`.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, ContentType};
use actix_web::middleware::from_fn;
use actix_web::{HttpResponse, web};
use askama::Template;

use crate::auth::require_admin;
use crate::db::{self, DbConn, DbPool};
use crate::error::{AppError, AppResult};
use crate::layout::Layout;
use crate::session::ShopSession;
use crate::xray::{self, get, post};

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
pub mod wishlist;

/// Registers every URL of the shop.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/", get(products::home))
        .route("/products", get(products::index))
        .route("/products/{slug}", get(products::show))
        .route("/categories/{slug}", get(products::category))
        .route("/cart", get(cart::show))
        .route("/cart/items", post(cart::add_item))
        .route("/cart/items/{product_id}", post(cart::update_item))
        .route("/cart/items/{product_id}/delete", post(cart::remove_item))
        .route("/checkout", get(checkout::new_form))
        .route("/checkout", post(checkout::create))
        .route("/orders", get(orders::index))
        .route("/orders/{number}", get(orders::show))
        .route("/wishlist", get(wishlist::show))
        .route("/wishlist", post(wishlist::add))
        .route("/wishlist/{product_id}/delete", post(wishlist::remove))
        .route("/register", get(users::new_form))
        .route("/register", post(users::create))
        .route("/account", get(users::account))
        .route("/account/password", get(users::password_form))
        .route("/account/password", post(users::change_password))
        .route("/account/api-tokens", post(api_tokens::create))
        .route("/account/api-tokens/{id}/revoke", post(api_tokens::revoke))
        .route("/login", get(sessions::login_form))
        .route("/login", post(sessions::login))
        .route("/logout", post(sessions::logout))
        .route("/password/forgot", get(passwords::forgot_form))
        .route("/password/forgot", post(passwords::forgot))
        .route("/password/reset/{token}", get(passwords::reset_form))
        .route("/password/reset/{token}", post(passwords::reset))
        .route("/healthz", get(health::check))
        // The JSON API for programs; its own route table is `api::configure`.
        .service(web::scope("/api/v1").configure(crate::api::configure))
        .service(
            // Everything under /admin passes `require_admin` first.
            web::scope("/admin")
                .wrap(from_fn(require_admin))
                .configure(admin::configure),
        );
}

/// Parses a product id from a form's hidden field. People never type it, so anything but a
/// number is answered like an unknown product: 404.
pub fn product_id_field(text: &str) -> AppResult<i32> {
    text.trim().parse().map_err(|_| AppError::NotFound)
}

/// Answers 404 for any URL not in the map.
pub async fn not_found() -> AppResult<HttpResponse> {
    Err(AppError::NotFound)
}

/// Loads a page on the database thread (see `db::run`): first the frame every page shares
/// (`Layout`: who is logged in, the cart count, the flash), then whatever `build` reads for
/// this page. Taking the visitor from the session here also takes the flash, so it shows once.
pub async fn load_page<P, F>(session: &ShopSession, pool: &DbPool, build: F) -> AppResult<P>
where
    F: FnOnce(&mut DbConn, Layout) -> AppResult<P> + Send + 'static,
    P: Send + 'static,
{
    let visitor = session.visitor()?;
    db::run(pool, move |conn| {
        let layout = Layout::load(conn, &visitor)?;
        build(conn, layout)
    })
    .await
}

/// Renders a page with 200 OK.
pub fn render<P: Template>(page: &P) -> AppResult<HttpResponse> {
    render_with_status(page, StatusCode::OK)
}

/// Renders a page with another status, such as 422 for a form shown again with errors.
pub fn render_with_status<P: Template>(page: &P, status: StatusCode) -> AppResult<HttpResponse> {
    xray::note_template::<P>();
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

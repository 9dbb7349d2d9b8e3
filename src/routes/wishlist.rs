//! A customer's wishlist: `GET /wishlist` (the saved products), `POST /wishlist` (save one,
//! from the product page) and `POST /wishlist/{product_id}/delete` (remove one).
//!
//! Every handler needs a login (`CurrentUser`), and the two POSTs a CSRF token (`CsrfForm`).
//! The rules are in `services::wishlist`, the SQL in `models::wishlist`, the page in
//! `templates/wishlist/show.html`; the product page's button is drawn by
//! `routes::products::show`.

use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::auth::CurrentUser;
use crate::csrf::{CsrfForm, NoFields};
use crate::db::{self, DbPool};
use crate::error::AppResult;
use crate::layout::Layout;
use crate::models::wishlist::{self, WishlistEntry};
use crate::routes::{load_page, product_id_field, render, see_other};
use crate::services::wishlist as wishlist_rules;
use crate::session::ShopSession;

#[derive(Template)]
#[template(path = "wishlist/show.html")]
struct WishlistPage {
    layout: Layout,
    entries: Vec<WishlistEntry>,
}

/// `GET /wishlist`: extracts the logged-in customer (else redirects to login); renders their
/// saved products, newest first.
pub async fn show(
    CurrentUser(user): CurrentUser,
    session: ShopSession,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    let page = load_page(&session, &pool, move |conn, layout| {
        Ok(WishlistPage {
            layout,
            entries: wishlist::entries(conn, user.id)?,
        })
    })
    .await?;
    render(&page)
}

/// The "Save to wishlist" form on the product page.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SaveForm {
    product_id: String,
}

/// `POST /wishlist`: extracts the customer and `product_id`; saves the product and redirects
/// back to its page with a notice. An unknown or inactive product is 404.
pub async fn add(
    CurrentUser(user): CurrentUser,
    form: CsrfForm<SaveForm>,
    session: ShopSession,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    let CsrfForm(form) = form;
    let product_id = product_id_field(&form.product_id)?;
    let saved = db::run(&pool, move |conn| {
        wishlist_rules::save(conn, user.id, product_id)
    })
    .await?;
    session.notice(saved.notice())?;
    Ok(see_other(&format!("/products/{}", saved.product.slug)))
}

/// `POST /wishlist/{product_id}/delete`: extracts the customer and the product id; removes
/// it and redirects to the wishlist.
pub async fn remove(
    CurrentUser(user): CurrentUser,
    product_id: web::Path<i32>,
    _form: CsrfForm<NoFields>,
    session: ShopSession,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    let product_id = product_id.into_inner();
    let name = db::run(&pool, move |conn| {
        wishlist_rules::remove(conn, user.id, product_id)
    })
    .await?;
    session.notice(format!("Removed {name} from your wishlist."))?;
    Ok(see_other("/wishlist"))
}

//! `Layout`: what every page's frame needs (who is logged in, the cart badge, the flash
//! message and the CSRF token for the forms).
//!
//! `templates/base.html` reads `layout.…`, and Askama checks at compile time that every page
//! struct that extends it has a `layout` field. Handlers build it with `Layout::load` inside
//! the same `db::run` call that loads the page's own data.

use crate::db::DbConn;
use crate::error::AppResult;
use crate::models::Cart;
use crate::services::cart::find_cart;
use crate::session::{Flash, Visitor};

/// The frame around every page.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    /// The logged-in user's name, if any.
    pub user_name: Option<String>,
    /// True when the logged-in user is an admin (shows the Admin link).
    pub is_admin: bool,
    /// Units in the cart, for the header badge.
    pub cart_count: i64,
    /// A one-time message from the previous request.
    pub flash: Option<Flash>,
    /// The token every form on the page sends back (see `csrf`).
    pub csrf_token: String,
}

impl Layout {
    /// The URL of a file under `static/`, fingerprinted (see `static_files`).
    pub fn static_url(&self, path: &str) -> String {
        crate::static_files::url(path)
    }

    /// Loads the frame's data for this visitor.
    pub fn load(conn: &mut DbConn, visitor: &Visitor) -> AppResult<Layout> {
        // `check_login` already loaded the user, to confirm the login.
        let user = visitor.user.as_ref();
        let cart_count = match find_cart(conn, visitor.cart_id, visitor.user_id)? {
            Some(cart) => Cart::item_count(conn, cart.id)?,
            None => 0,
        };
        Ok(Layout {
            user_name: user.map(|user| user.name.clone()),
            is_admin: user.is_some_and(|user| user.is_admin),
            cart_count,
            flash: visitor.flash.clone(),
            csrf_token: visitor.csrf_token.clone(),
        })
    }
}

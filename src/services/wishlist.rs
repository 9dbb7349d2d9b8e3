//! The wishlist's rules: only a logged-in customer has one, only an active product can be
//! saved, and the product page's button says which of the three cases a shopper is in.
//!
//! `routes::wishlist` (the wishlist page and its forms) and `routes::products::show` (the
//! button) call these inside `db::run`; the SQL they use is in `models::wishlist`. Each
//! function is one or two statements, so none needs a transaction: saving is one INSERT whose
//! primary key settles a double click (see `models::wishlist::add`).

use crate::db::{DbConn, is_foreign_key_violation};
use crate::error::{AppError, AppResult};
use crate::models::{Product, wishlist};

/// What the product page offers under "Add to cart".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WishlistButton {
    /// A visitor who is not logged in: a link to log in and come back.
    LogInToSave,
    /// A customer who has not saved this product: the "Save to wishlist" button.
    Save,
    /// A customer who saved it: "On your wishlist", linking to the wishlist page.
    Saved,
}

impl WishlistButton {
    /// Which button the product page shows to this visitor (`None` when not logged in).
    pub fn for_visitor(
        conn: &mut DbConn,
        user_id: Option<i32>,
        product_id: i32,
    ) -> AppResult<WishlistButton> {
        let Some(user_id) = user_id else {
            return Ok(WishlistButton::LogInToSave);
        };
        Ok(match wishlist::contains(conn, user_id, product_id)? {
            true => WishlistButton::Saved,
            false => WishlistButton::Save,
        })
    }
}

/// What saving did, for the message the shopper sees next.
#[derive(Debug, Clone)]
pub struct Saved {
    /// The product that was saved.
    pub product: Product,
    /// False when it was on the wishlist already (a second click, another tab).
    pub newly_added: bool,
}

impl Saved {
    /// The notice shown on the page the shopper is sent back to.
    pub fn notice(&self) -> String {
        match self.newly_added {
            true => format!("Saved {} to your wishlist.", self.product.name),
            false => format!("{} is already on your wishlist.", self.product.name),
        }
    }
}

/// Saves an active product on the customer's wishlist. An unknown or inactive product is
/// `NotFound`, exactly as its product page would be, so a wishlist reveals nothing the
/// catalog hides.
pub fn save(conn: &mut DbConn, user_id: i32, product_id: i32) -> AppResult<Saved> {
    let product = Product::find(conn, product_id)?;
    if !product.active {
        return Err(AppError::NotFound);
    }
    let newly_added = match wishlist::add(conn, user_id, product_id) {
        Ok(added) => added,
        // The product was deleted between our read and our insert (PostgreSQL runs writers
        // side by side): for the shopper that is the same as never having existed.
        Err(error) if is_foreign_key_violation(&error) => return Err(AppError::NotFound),
        Err(error) => return Err(error.into()),
    };
    Ok(Saved {
        product,
        newly_added,
    })
}

/// Removes a product from the customer's wishlist and returns its name for the notice.
/// Removing what is not there is not an error: the shopper's page may be out of date.
pub fn remove(conn: &mut DbConn, user_id: i32, product_id: i32) -> AppResult<String> {
    let product = Product::find(conn, product_id)?;
    wishlist::remove(conn, user_id, product_id)?;
    Ok(product.name)
}

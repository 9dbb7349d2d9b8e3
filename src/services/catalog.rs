//! Catalog rules for the admin: saving a product so that a taken slug, an unknown category or
//! stock that changed while the form was open come back as messages beside the fields.

use diesel::OptionalExtension;

use crate::db::{self, DbConn, is_unique_violation};
use crate::domain::FormErrors;
use crate::error::{AppError, AppResult};
use crate::models::{Category, Product, ProductChanges};

/// Creates a product (`id` is `None`) or saves an edit, in one write transaction.
///
/// `stock_was` is the stock the edit form showed. Checkouts and cancellations keep changing
/// the stock while an admin edits; if it moved meanwhile, writing the form's number would
/// undo those sales, so the edit is refused and shown again with the current stock.
pub fn save_product(
    conn: &mut DbConn,
    id: Option<i32>,
    mut changes: ProductChanges,
    stock_was: Option<i32>,
) -> AppResult<Product> {
    db::write_transaction(conn, |conn| {
        if Category::find(conn, changes.category_id)
            .optional()?
            .is_none()
        {
            return Err(FormErrors::single("category_id", "Choose a category.").into());
        }
        let saved = match id {
            None => Product::create(conn, &changes),
            Some(id) => {
                let current = Product::find(conn, id)?;
                if stock_was.is_some_and(|was| was != current.stock) {
                    let message = format!(
                        "The stock changed to {} while you were editing. Check it and save again.",
                        current.stock
                    );
                    return Err(FormErrors::single("stock", message).into());
                }
                changes.image_path = current.image_path;
                Product::update(conn, id, &changes)
            }
        };
        saved.map_err(|error| match is_unique_violation(&error) {
            true => FormErrors::single("slug", "Another product already uses this slug.").into(),
            false => AppError::from(error),
        })
    })
}

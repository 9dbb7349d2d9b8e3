//! Catalog rules for the admin pages: saving products and categories so that a taken slug, an
//! unknown category or stock that changed while the form was open come back as messages
//! beside the fields, and deleting only what no order or product still needs.
//!
//! Each function is one write transaction, so a check and the change it guards cannot be
//! separated by a checkout running at the same moment.
//!
//! Called by the admin's product and category pages (`routes::admin`) and the CSV import
//! (`services::product_import`); the queries are in `models` (`product_writes`, `category`),
//! and the fields' own rules in `domain::ProductDetails`.

use diesel::OptionalExtension;

use crate::db::{self, DbConn, is_foreign_key_violation, is_unique_violation};
use crate::domain::FormErrors;
use crate::error::{AppError, AppResult};
use crate::models::{Category, CategoryChanges, Product, ProductChanges};

/// A product as `save_product` left it, and the picture it no longer uses.
#[derive(Debug)]
pub struct SavedProduct {
    /// The product as saved.
    pub product: Product,
    /// The `image_path` an edit with a new picture replaced: its files can go now that the
    /// row no longer points at them.
    pub replaced_image: Option<String>,
}

/// Creates a product (`id` is `None`) or saves an edit, in one write transaction.
///
/// `changes.image_path` is the new picture, or `None` to keep the product's current one.
/// `stock_was` is the stock the edit form showed. Checkouts and cancellations keep changing
/// the stock while an admin edits; if it moved meanwhile, writing the form's number would
/// undo those sales, so the edit is refused and shown again with the current stock.
pub fn save_product(
    conn: &mut DbConn,
    id: Option<i32>,
    mut changes: ProductChanges,
    stock_was: Option<i32>,
) -> AppResult<SavedProduct> {
    let mut replaced_image = None;
    let product = db::write_transaction(conn, |conn| {
        // Set afresh on each attempt (PostgreSQL may run the transaction again).
        replaced_image = None;
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
                match &changes.image_path {
                    None => changes.image_path = current.image_path,
                    Some(new) if current.image_path.as_ref() != Some(new) => {
                        replaced_image = current.image_path;
                    }
                    Some(_) => {}
                }
                // The stock is written only if it is still what the form showed: the check
                // and the write are one statement, so a checkout cannot slip in between.
                let stock_was = stock_was.unwrap_or(current.stock);
                match Product::update_if_stock_is(conn, id, &changes, stock_was) {
                    Ok(Some(product)) => Ok(product),
                    Ok(None) => {
                        let now = Product::find(conn, id)?.stock;
                        let message = format!(
                            "The stock changed to {now} while you were editing. Check it and save again."
                        );
                        return Err(FormErrors::single("stock", message).into());
                    }
                    Err(error) => Err(error),
                }
            }
        };
        saved.map_err(|error| {
            if is_unique_violation(&error) {
                FormErrors::single("slug", "Another product already uses this slug.").into()
            } else if is_foreign_key_violation(&error) {
                // The category was deleted after the check above.
                FormErrors::single("category_id", "Choose a category.").into()
            } else {
                AppError::from(error)
            }
        })
    })?;
    Ok(SavedProduct {
        product,
        replaced_image,
    })
}

/// Deletes a product that was never ordered. An ordered product stays, because its order
/// lines point at it; the admin deactivates it instead.
pub fn delete_product(conn: &mut DbConn, id: i32) -> AppResult<Product> {
    db::write_transaction(conn, |conn| {
        let refusal = || {
            AppError::Refused(
                "This product has been ordered, so it stays for the order history. \
                 Untick “Active” to hide it from the shop."
                    .into(),
            )
        };
        let product = Product::find(conn, id)?;
        if Product::is_ordered(conn, id)? {
            return Err(refusal());
        }
        // An order placed after the check is caught by the order lines' foreign key.
        Product::delete(conn, id).map_err(|error| match is_foreign_key_violation(&error) {
            true => refusal(),
            false => AppError::from(error),
        })?;
        Ok(product)
    })
}

/// Creates a category (`id` is `None`) or saves an edit.
pub fn save_category(
    conn: &mut DbConn,
    id: Option<i32>,
    changes: CategoryChanges,
) -> AppResult<Category> {
    let saved = match id {
        Some(id) => Category::update(conn, id, &changes),
        None => Category::create(conn, &changes),
    };
    saved.map_err(|error| match is_unique_violation(&error) {
        true => FormErrors::single("slug", "Another category already uses this slug.").into(),
        false => AppError::from(error),
    })
}

/// Deletes a category that holds no products.
pub fn delete_category(conn: &mut DbConn, id: i32) -> AppResult<Category> {
    db::write_transaction(conn, |conn| {
        let refusal = || {
            AppError::Refused("This category still has products. Move or delete them first.".into())
        };
        let category = Category::find(conn, id)?;
        if Category::has_products(conn, id)? {
            return Err(refusal());
        }
        // A product added after the check is caught by the products' foreign key.
        Category::delete(conn, id).map_err(|error| match is_foreign_key_violation(&error) {
            true => refusal(),
            false => AppError::from(error),
        })?;
        Ok(category)
    })
}

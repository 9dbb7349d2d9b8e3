//! `categories`: the shelves products sit on, shown in the menu in `position` order.
//!
//! Each row also keeps how many active products it holds (`product_count`, a counter cache),
//! recounted by every product write in `product_writes.rs`, so the catalog never counts
//! products to show a total. The rules around these queries (a taken slug as a message, only
//! an empty category may be deleted) are in `services::catalog`; products are in `product.rs`.

use diesel::prelude::*;

use crate::db::{self, DbConn};
use crate::models::TRUE;
use crate::schema::{categories, products};

/// One row of `categories`.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = categories)]
pub struct Category {
    /// The primary key.
    pub id: i32,
    /// The URL name (`/categories/<slug>`), unique.
    pub slug: String,
    /// The name in the menu.
    pub name: String,
    /// Shown above the category's products; may be empty.
    pub description: String,
    /// The menu order, smallest first (equal positions go by name).
    pub position: i32,
    /// How many active products the category holds (a counter cache, see
    /// `recount_products`).
    pub product_count: i32,
}

/// The columns a `Category` is read from (all but `created_at`, which no page shows).
const CATEGORY_COLUMNS: (
    categories::id,
    categories::slug,
    categories::name,
    categories::description,
    categories::position,
    categories::product_count,
) = (
    categories::id,
    categories::slug,
    categories::name,
    categories::description,
    categories::position,
    categories::product_count,
);

/// The fields an admin sets when creating or editing a category.
#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = categories)]
pub struct CategoryChanges {
    /// Must be free: a taken slug fails with a unique violation.
    pub slug: String,
    /// See `Category::name`.
    pub name: String,
    /// See `Category::description`.
    pub description: String,
    /// See `Category::position`.
    pub position: i32,
}

impl Category {
    /// The category's picture (the demo catalog has one per category).
    pub fn image_url(&self) -> String {
        crate::static_files::url(&format!("images/categories/{}.svg", self.slug))
    }

    /// All categories in menu order.
    pub fn all(conn: &mut DbConn) -> QueryResult<Vec<Category>> {
        categories::table
            .order((categories::position, categories::name))
            .select(Category::as_select())
            .load(conn)
    }

    /// All categories with how many products each holds (for the admin list).
    pub fn all_with_product_counts(conn: &mut DbConn) -> QueryResult<Vec<(Category, i64)>> {
        categories::table
            .left_join(products::table)
            .group_by(categories::id)
            .order((categories::position, categories::name))
            .select((
                Category::as_select(),
                diesel::dsl::count(products::id.nullable()),
            ))
            .load(conn)
    }

    /// Counts the active products of these categories again and stores the counts. Every
    /// product write that can change them (add, delete, (de)activate, move) calls this in its
    /// transaction, after the write. Counting afresh instead of adding or subtracting one
    /// means a count can never drift; the lock makes two writers on PostgreSQL take turns,
    /// so the last one counts both writes.
    pub fn recount_products(conn: &mut DbConn, ids: &[i32]) -> QueryResult<()> {
        db::lock_key(conn, "category-product-counts")?;
        for &id in ids {
            let count: i64 = products::table
                .filter(products::category_id.eq(id))
                .filter(products::active.eq(TRUE))
                .count()
                .get_result(conn)?;
            diesel::update(categories::table.find(id))
                .set(categories::product_count.eq(count as i32))
                .execute(conn)?;
        }
        Ok(())
    }

    /// The category with this id.
    pub fn find(conn: &mut DbConn, id: i32) -> QueryResult<Category> {
        categories::table
            .find(id)
            .select(Category::as_select())
            .first(conn)
    }

    /// The category with this slug.
    pub fn find_by_slug(conn: &mut DbConn, slug: &str) -> QueryResult<Category> {
        categories::table
            .filter(categories::slug.eq(slug))
            .select(Category::as_select())
            .first(conn)
    }

    /// Adds a category; a taken slug fails with a unique violation.
    pub fn create(conn: &mut DbConn, new: &CategoryChanges) -> QueryResult<Category> {
        diesel::insert_into(categories::table)
            .values(new)
            .returning(CATEGORY_COLUMNS)
            .get_result(conn)
    }

    /// Saves an admin's edit.
    pub fn update(conn: &mut DbConn, id: i32, changes: &CategoryChanges) -> QueryResult<Category> {
        diesel::update(categories::table.find(id))
            .set(changes)
            .returning(CATEGORY_COLUMNS)
            .get_result(conn)
    }

    /// True while any product is in the category.
    pub fn has_products(conn: &mut DbConn, id: i32) -> QueryResult<bool> {
        diesel::select(diesel::dsl::exists(
            products::table.filter(products::category_id.eq(id)),
        ))
        .get_result(conn)
    }

    /// Deletes a category. The database refuses while products are in it; check
    /// `has_products` first to explain why.
    pub fn delete(conn: &mut DbConn, id: i32) -> QueryResult<usize> {
        diesel::delete(categories::table.find(id)).execute(conn)
    }
}

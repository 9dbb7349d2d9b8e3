//! The demo catalog: the categories and products a fresh shop starts with, one file per
//! category (`kitchen.rs`, `coffee_tea.rs`, …), each holding its `CATEGORY` and `PRODUCTS`.
//!
//! Plain constant data, read only by `seed` (`load_demo_catalog` loads it as it is;
//! `generate_products` borrows its names and descriptions). Writing it to the database is
//! `seed/mod.rs`'s work, through the models. Pictures live in
//! `static/images/products/<slug>.svg`, one per product, and
//! `static/images/categories/<slug>.svg`, one per category (used for generated products).

mod books;
mod coffee_tea;
mod home;
mod kitchen;
mod outdoor;
mod stationery;

/// One demo category.
pub struct DemoCategory {
    /// Its URL name (`/categories/<slug>`), and the name of its picture for generated
    /// products.
    pub slug: &'static str,
    /// The name in the menu.
    pub name: &'static str,
    /// One sentence, shown above the category's products.
    pub description: &'static str,
}

/// One demo product; its picture is `static/images/products/<slug>.svg`.
pub struct DemoProduct {
    /// Unique across the catalog.
    pub slug: &'static str,
    /// The product's name.
    pub name: &'static str,
    /// The slug of its category, which is also the file it is listed in.
    pub category: &'static str,
    /// A few plain sentences.
    pub description: &'static str,
    /// The price in cents.
    pub price_cents: i64,
    /// Units in stock at the start; some are 0 or low on purpose, to show "Sold out" and
    /// "Only 3 left".
    pub stock: i32,
    /// Shown on the home page.
    pub featured: bool,
}

/// The demo categories, in menu order.
pub const CATEGORIES: &[DemoCategory] = &[
    kitchen::CATEGORY,
    coffee_tea::CATEGORY,
    stationery::CATEGORY,
    home::CATEGORY,
    outdoor::CATEGORY,
    books::CATEGORY,
];

/// Each category's products, in the order of `CATEGORIES`.
const PRODUCTS_BY_CATEGORY: &[&[DemoProduct]] = &[
    kitchen::PRODUCTS,
    coffee_tea::PRODUCTS,
    stationery::PRODUCTS,
    home::PRODUCTS,
    outdoor::PRODUCTS,
    books::PRODUCTS,
];

/// The product a generated product copies from when its category has no demo products
/// (a category the shop added itself).
pub const FALLBACK_PRODUCT: &DemoProduct = &kitchen::PRODUCTS[0];

/// Every demo product, category after category in menu order. The order matters:
/// `load_demo_catalog` gives the first product the newest creation time and the last one
/// the oldest, so "Newest first" shows the catalog in this order.
pub fn products() -> impl Iterator<Item = &'static DemoProduct> {
    PRODUCTS_BY_CATEGORY
        .iter()
        .flat_map(|products| products.iter())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_product_is_listed_under_its_own_category() {
        for (category, products) in CATEGORIES.iter().zip(PRODUCTS_BY_CATEGORY) {
            for product in products.iter() {
                assert_eq!(product.category, category.slug, "{}", product.slug);
            }
        }
        assert_eq!(CATEGORIES.len(), PRODUCTS_BY_CATEGORY.len());
    }

    #[test]
    fn product_slugs_are_unique() {
        let mut slugs: Vec<&str> = products().map(|product| product.slug).collect();
        let listed = slugs.len();
        slugs.sort_unstable();
        slugs.dedup();
        assert_eq!(slugs.len(), listed);
    }
}

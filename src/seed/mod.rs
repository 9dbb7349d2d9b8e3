//! Seed data: the demo catalog a fresh shop starts with, and generated products for
//! load tests (`cartwheel seed-demo --products N`).
//!
//! Both write through the same model functions as the admin pages, inside one transaction,
//! so a half-loaded catalog never exists. The data itself is in `seed/catalog/`, one file per
//! category; this file only loads it. Called by `cli` (`serve` on an empty shop, `seed-demo`)
//! and by the tests.

mod catalog;

use chrono::Duration;
use rand::Rng;

use crate::db::{self, DbConn};
use crate::error::AppResult;
use crate::models::{Category, CategoryChanges, Product, ProductChanges, now};

pub use catalog::{CATEGORIES, DemoCategory, DemoProduct, FALLBACK_PRODUCT, products};

/// Generated products are inserted this many to a statement (SQLite allows 32,766 bound
/// values per statement; a product has 9).
const INSERT_BATCH: usize = 500;

/// True when the shop has neither categories nor products: only then is the demo catalog
/// loaded, so a real shop whose products were all deleted never gets demo products back.
pub fn shop_is_empty(conn: &mut DbConn) -> AppResult<bool> {
    Ok(Product::count(conn)? == 0 && Category::all(conn)?.is_empty())
}

/// Loads the demo categories and products. Returns the number of products added.
pub fn load_demo_catalog(conn: &mut DbConn) -> AppResult<usize> {
    db::write_transaction(conn, |conn| {
        // Instances started together on an empty PostgreSQL database take turns; the second
        // finds the catalog loaded and adds nothing.
        db::lock_key(conn, "seed-demo")?;
        if !shop_is_empty(conn)? {
            return Ok(0);
        }
        let categories = ensure_demo_categories(conn)?;
        let mut added = 0;
        // Oldest first, so that ids grow with the creation times ("newest first" sorts by id).
        let demos: Vec<&DemoProduct> = products().collect();
        for (age, demo) in demos.into_iter().enumerate().rev() {
            let category_id = category_id_for(&categories, demo.category);
            let product = Product::create(
                conn,
                &ProductChanges {
                    slug: demo.slug.into(),
                    name: demo.name.into(),
                    description: demo.description.into(),
                    price_cents: demo.price_cents,
                    stock: demo.stock,
                    category_id,
                    active: true,
                    featured: demo.featured,
                    image_path: Some(format!("images/products/{}.svg", demo.slug)),
                },
            )?;
            // Spread creation times so that "newest first" has something to sort.
            Product::set_created_at(conn, product.id, now() - Duration::hours(age as i64))?;
            added += 1;
        }
        Ok(added)
    })
}

/// Adds `count` generated products spread over the demo categories, in batched inserts
/// within one transaction. Returns the number added.
pub fn generate_products(conn: &mut DbConn, count: usize) -> AppResult<usize> {
    db::write_transaction(conn, |conn| {
        let categories = ensure_demo_categories(conn)?;
        let first_number = i64::from(Product::max_id(conn)?.unwrap_or(0)) + 1;
        let mut rng = rand::rng();
        let mut added = 0;
        while added < count {
            let batch: Vec<ProductChanges> = (added..count.min(added + INSERT_BATCH))
                .map(|i| generated_product(&categories, first_number + i as i64, &mut rng))
                .collect();
            added += Product::create_many(conn, &batch)?;
        }
        Ok(added)
    })
}

/// The demo categories, created if the shop has none of them yet.
fn ensure_demo_categories(conn: &mut DbConn) -> AppResult<Vec<Category>> {
    for (position, demo) in CATEGORIES.iter().enumerate() {
        if Category::find_by_slug(conn, demo.slug).is_err() {
            Category::create(
                conn,
                &CategoryChanges {
                    slug: demo.slug.into(),
                    name: demo.name.into(),
                    description: demo.description.into(),
                    position: position as i32,
                },
            )?;
        }
    }
    Ok(Category::all(conn)?)
}

fn category_id_for(categories: &[Category], slug: &str) -> i32 {
    categories
        .iter()
        .find(|c| c.slug == slug)
        .map_or(categories[0].id, |c| c.id)
}

const ADJECTIVES: &[&str] = &[
    "Classic", "Compact", "Everyday", "Handmade", "Heritage", "Minimal", "Nordic", "Rustic",
    "Studio", "Travel", "Vintage", "Weekend", "Organic", "Modern", "Deluxe", "Pocket",
];
const MATERIALS: &[&str] = &[
    "Oak",
    "Walnut",
    "Linen",
    "Stoneware",
    "Copper",
    "Cotton",
    "Brass",
    "Bamboo",
    "Wool",
    "Glass",
];

fn generated_product(categories: &[Category], number: i64, rng: &mut impl Rng) -> ProductChanges {
    let category = &categories[rng.random_range(0..categories.len())];
    let in_category: Vec<_> = products().filter(|p| p.category == category.slug).collect();
    let demo = match in_category.len() {
        0 => FALLBACK_PRODUCT,
        n => in_category[rng.random_range(0..n)],
    };
    let adjective = ADJECTIVES[rng.random_range(0..ADJECTIVES.len())];
    let material = MATERIALS[rng.random_range(0..MATERIALS.len())];
    let name = format!("{adjective} {material} {} No. {number}", demo.name);
    ProductChanges {
        slug: format!("item-{number}"),
        description: format!("{name}. {}", demo.description),
        name,
        price_cents: rng.random_range(3..250) * 100 + [0, 50, 99][rng.random_range(0..3)],
        stock: rng.random_range(0..120),
        category_id: category.id,
        active: true,
        featured: false,
        image_path: Some(format!("images/categories/{}.svg", category.slug)),
    }
}

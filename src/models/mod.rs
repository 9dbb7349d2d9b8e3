//! Models: one file per table, each with its row struct and the queries on that table.
//!
//! Every function takes `&mut DbConn` and returns Diesel's `QueryResult`, so models know SQL
//! and nothing about HTTP. Rules that touch several tables at once (checkout, cart merging)
//! live in `services`, which call these functions inside one transaction.

mod cart;
mod category;
mod login_session;
mod order;
mod product;
pub mod product_search;
mod throttle_event;
mod user;

pub use cart::{Cart, CartItem, CartLine};
pub use category::{Category, CategoryChanges};
pub use login_session::{LoginSession, token_hash};
pub use order::{NewOrder, NewOrderItem, Order, OrderItem, OrderSummary};
pub use product::{CATALOG_PAGE_SIZE, CatalogQuery, Product, ProductCard, ProductChanges};
pub use throttle_event::ThrottleEvent;
pub use user::{CustomerRow, NewUser, User};

/// The current time in UTC, as stored in `created_at`/`updated_at` columns.
pub fn now() -> chrono::NaiveDateTime {
    chrono::Utc::now().naive_utc()
}

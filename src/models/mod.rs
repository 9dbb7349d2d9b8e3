//! Models: one file per table, each with its row struct and the queries on that table.
//!
//! Every function takes `&mut DbConn` and returns Diesel's `QueryResult`, so models know SQL
//! and nothing about HTTP. Rules that touch several tables at once (checkout, cart merging)
//! live in `services`, which call these functions inside one transaction. Read-only queries
//! that join several tables for one purpose have a file of their own: `product_search` (the
//! catalog's full-text search), `product_keyset` (the API's catalog, paged by cursor),
//! `sales_report` (the dashboard's figures) and `export_rows` (the admin's CSV exports).
//! `products` takes three files, all adding to `Product`: `product` (the rows and single
//! lookups), `product_catalog` (the lists) and `product_writes` (the changes). `job` holds
//! the `jobs` and `job_runs` tables, `daily_sales` the nightly sales sums, `api_token`
//! and `idempotency_key` the JSON API's tokens and checkout answers, and `wishlist` the
//! products a customer saved for later.
//!
//! This file also holds the two helpers every model shares: `now()` for timestamps and
//! `TRUE`, the SQL literal the catalog's partial indexes need.

mod api_token;
mod cart;
mod category;
pub mod daily_sales;
pub mod export_rows;
mod idempotency_key;
mod job;
mod login_session;
mod order;
mod outbox;
mod password_reset;
mod product;
mod product_catalog;
pub mod product_keyset;
mod product_pair;
pub mod product_search;
mod product_writes;
pub mod sales_report;
mod throttle_event;
mod user;
pub mod wishlist;

pub use api_token::ApiToken;
pub use cart::{Cart, CartItem, CartLine};
pub use category::{Category, CategoryChanges};
pub use daily_sales::DailySales;
pub use idempotency_key::{Claim, IdempotencyKey};
pub use job::{JobLease, JobRun, JobState};
pub use login_session::{LoginSession, token_hash};
pub use order::{NewOrder, NewOrderItem, Order, OrderItem, OrderSummary};
pub use outbox::{NewMessage, OutboxMessage};
pub use password_reset::PasswordReset;
pub use product::{Product, ProductCard, ProductChanges};
pub use product_catalog::{CATALOG_PAGE_SIZE, CatalogQuery};
pub use product_keyset::{KeysetQuery, ProductListing};
pub use product_pair::{PairedProduct, ProductPair};
pub use throttle_event::ThrottleEvent;
pub use user::{CustomerRow, NewUser, User};

use diesel::backend::Backend;
use diesel::expression::{AppearsOnTable, Expression, SelectableExpression, ValidGrouping};
use diesel::query_builder::{AstPass, QueryFragment, QueryId};
use diesel::result::QueryResult;
use diesel::sql_types::Bool;

/// The current time in UTC, as stored in `created_at`/`updated_at` columns.
pub fn now() -> chrono::NaiveDateTime {
    chrono::Utc::now().naive_utc()
}

/// The SQL literal `TRUE`, for `active.eq(TRUE)`. The catalog's indexes are partial
/// (`… WHERE active = TRUE`, see the migration `catalog_indexes_and_search`), and a database
/// uses a partial index only when it can see from the query's own text that the query asks
/// for no other rows.
/// `active.eq(true)` would send `true` as a bound value, unknown when the query is planned;
/// `active.eq(TRUE)` writes `active = TRUE` into the SQL, the same words as the index.
#[derive(Debug, Clone, Copy, QueryId, ValidGrouping)]
pub struct SqlTrue;

/// See `SqlTrue`.
pub const TRUE: SqlTrue = SqlTrue;

impl Expression for SqlTrue {
    type SqlType = Bool;
}

impl<DB: Backend> QueryFragment<DB> for SqlTrue {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        out.push_sql("TRUE");
        Ok(())
    }
}

impl<QS> AppearsOnTable<QS> for SqlTrue {}

impl<QS> SelectableExpression<QS> for SqlTrue {}

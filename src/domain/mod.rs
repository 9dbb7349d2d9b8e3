//! Domain types: values that are known to be valid because the only way to make one is to
//! parse it.
//!
//! "Parse, don't validate": a form arrives as plain strings. Instead of checking a string and
//! passing the same string on (and hoping every later function remembers it was checked), we
//! turn it into a type such as `Email` or `Quantity` once, at the edge. From then on the type
//! itself is the proof. Nothing here knows about Diesel or actix-web, so each type is tested
//! with plain unit tests at the bottom of its file.
//!
//! `sales_chart` is the one module here that parses nothing: it is the arithmetic of the
//! dashboard's chart (days, scale, round ticks), kept as plain functions for the same reason.
//!
//! Callers: `routes`, `api` and `services` parse input into these types; `models` turn
//! stored columns back into some of them (`Money`, `OrderStatus`).

mod card;
mod catalog_cursor;
mod email;
mod form_errors;
mod money;
mod order_status;
mod password;
mod product_details;
mod product_sort;
pub mod quantity;
pub mod sales_chart;
mod slug;
mod stock;
mod text;

pub use card::{Card, CardExpiry, CardNumber, Cvc};
pub use catalog_cursor::CatalogCursor;
pub use email::Email;
pub use form_errors::FormErrors;
pub use money::{MAX_PRICE_CENTS, Money, group_thousands};
pub use order_status::OrderStatus;
pub use password::NewPassword;
pub use product_details::{MAX_STOCK, ProductDetails, ProductText, parse_stock};
pub use product_sort::ProductSort;
pub use quantity::{CartQuantity, Quantity};
pub use sales_chart::{CHART_DAYS, DaySales, SalesChart};
pub use slug::Slug;
pub use stock::{LOW_STOCK_THRESHOLD, StockState};
pub use text::RequiredText;

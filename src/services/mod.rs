//! Services: business rules that span several tables, written as plain functions.
//!
//! A handler calls one of these inside `db::run`; each opens its own transaction so that what
//! it changes is written whole or not at all. Tests call them directly, without HTTP.
//!
//! Not here: queries on one table (`models`, which services call) and anything about HTTP
//! (`routes` and `api`, which call services).

pub mod api_checkout;
pub mod api_tokens;
pub mod cart;
pub mod catalog;
pub mod checkout;
pub mod checkout_details;
pub mod csv_export;
pub mod logins;
pub mod mail;
pub mod mail_messages;
pub mod order_mails;
pub mod orders;
pub mod password_resets;
pub mod payments;
pub mod product_csv;
pub mod product_import;
pub mod recommendations;
pub mod throttle;
pub mod wishlist;

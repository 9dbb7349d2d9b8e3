//! The integration tests: one test binary that starts the real shop on a random port, with a
//! fresh SQLite file per test, and drives it over HTTP like a browser would.
//!
//! `helpers` starts the app and offers one helper per route; each other module tests one
//! area of the shop.

mod admin;
mod admin_catalog;
mod admin_orders;
mod api;
mod auth;
mod browser;
mod budgets;
mod cart;
mod catalog;
mod checkout;
mod crashes;
mod database;
mod docs;
mod exports;
mod helpers;
mod insight;
mod instances;
mod job_runs;
mod jobs;
mod mail;
mod mail_delivery;
mod operations;
mod orders;
mod page_weight;
mod password_reset;
mod pictures;
mod process;
mod product_import;
mod recommendations;
mod resilience;
mod security;
mod sessions;
mod throttle;
mod wishlist;
mod xray;

//! Cartwheel: a small web shop in one binary.
//!
//! A request enters through `startup` (middleware and the route table in `routes::configure`),
//! reaches a handler in `routes`, which parses input into `domain` types, calls `models` (SQL)
//! or `services` (business rules that span tables), and renders an Askama template with a
//! `layout::Layout`. `session` keeps ids in a signed cookie; `db` owns the connection pool.
//! `api` serves the same models and services to programs as JSON under `/api/v1`.
//! `jobs` runs scheduled work (tidying up, nightly sums) beside the server, leased through
//! the database so that one instance runs each.
//! Start reading at `routes::configure`, then follow one handler down.

pub mod api;
pub mod auth;
pub mod cli;
pub mod client_address;
pub mod config;
pub mod csrf;
pub mod db;
pub mod domain;
pub mod error;
pub mod jobs;
pub mod layout;
pub mod media;
pub mod middleware;
pub mod models;
pub mod multipart;
pub mod pictures;
pub mod routes;
pub mod schema;
pub mod seed;
pub mod services;
pub mod session;
pub mod sql_trace;
pub mod startup;
pub mod static_files;
pub mod tokens;
pub mod xray;

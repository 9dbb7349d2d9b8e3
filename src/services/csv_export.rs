//! The admin's CSV exports: every order, and every product in the format the product
//! importer reads back.
//!
//! The `csv` crate does the quoting (commas, quotes and line breaks inside a cell); this
//! file picks the columns, reads the rows in batches (`models::export_rows`) and guards
//! against formula injection.
//!
//! **Formula injection.** A spreadsheet opening a CSV runs a cell that starts with `=`, `+`,
//! `-` or `@` as a formula, so a customer who types `=HYPERLINK(…)` as their email could
//! plant one in the admin's spreadsheet (a tab or carriage return in front fools some
//! programs too). So every text cell that starts with one of `= + - @`, a tab or a carriage
//! return is written with a `'` in front, which spreadsheets show as text (and so is a cell
//! that already has apostrophes before such a character, so nothing is ambiguous). The
//! importer reads cells through `unguard_formula`, which takes exactly that `'` off again:
//! an exported file imports unchanged. Numbers, dates and `true`/`false` are
//! written by the shop itself (a price is never negative) and are never changed, so the
//! `price` column always reads as a number.
//!
//! Called by the admin's download links (`routes::admin::exports`).

use std::borrow::Cow;

use chrono::NaiveDateTime;

use crate::db::DbConn;
use crate::domain::Money;
use crate::error::{AppError, AppResult};
use crate::models::export_rows::{self, OrderExportRow, ProductExportRow};
use crate::services::product_csv;

/// The columns of `orders.csv`.
pub const ORDER_COLUMNS: [&str; 6] = ["number", "placed_at", "email", "status", "items", "total"];
/// Rows read per query: enough to keep the queries few, few enough to keep each one light.
const BATCH_SIZE: i64 = 500;

/// The characters that make a spreadsheet treat a cell as a formula.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Every order, newest first, as CSV.
pub fn orders_csv(conn: &mut DbConn) -> AppResult<Vec<u8>> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(ORDER_COLUMNS).map_err(csv_failed)?;
    let mut after = None;
    loop {
        let batch = export_rows::orders_batch(conn, after, BATCH_SIZE)?;
        for order in &batch {
            writer
                .write_record(order_record(order))
                .map_err(csv_failed)?;
        }
        match batch.last() {
            Some(last) if batch.len() as i64 == BATCH_SIZE => {
                after = Some((last.created_at, last.id))
            }
            _ => break,
        }
    }
    finish(writer)
}

/// Every product, active or not, in id order, as CSV.
pub fn products_csv(conn: &mut DbConn) -> AppResult<Vec<u8>> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer
        .write_record(product_csv::COLUMNS)
        .map_err(csv_failed)?;
    let mut after_id = 0;
    loop {
        let batch = export_rows::products_batch(conn, after_id, BATCH_SIZE)?;
        for product in &batch {
            writer
                .write_record(product_record(product))
                .map_err(csv_failed)?;
        }
        match batch.last() {
            Some(last) if batch.len() as i64 == BATCH_SIZE => after_id = last.id,
            _ => break,
        }
    }
    finish(writer)
}

/// A text cell made safe to open in a spreadsheet (see the module comment).
pub fn guard_formula(cell: &str) -> Cow<'_, str> {
    if looks_like_formula(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// The reverse of `guard_formula`, for files coming back in (`product_csv`): one leading `'`
/// before a formula character is dropped, so an exported file imports unchanged.
pub fn unguard_formula(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if looks_like_formula(rest) => rest,
        _ => cell,
    }
}

/// True for a formula, and for a cell that already starts with apostrophes before one (such
/// a cell gets one more, so that `unguard_formula` can tell it from a guarded formula).
fn looks_like_formula(cell: &str) -> bool {
    cell.trim_start_matches('\'').starts_with(FORMULA_STARTS)
}

/// A time as ISO 8601 in UTC, such as `2026-11-23T09:05:00Z`.
pub fn iso_utc(at: NaiveDateTime) -> String {
    at.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

fn order_record(order: &OrderExportRow) -> [String; 6] {
    [
        guard_formula(&order.number).into_owned(),
        iso_utc(order.created_at),
        guard_formula(&order.email).into_owned(),
        guard_formula(&order.status).into_owned(),
        order.item_count.to_string(),
        Money::from_cents(order.total_cents).to_plain(),
    ]
}

fn product_record(product: &ProductExportRow) -> [String; 8] {
    [
        guard_formula(&product.slug).into_owned(),
        guard_formula(&product.name).into_owned(),
        guard_formula(&product.description).into_owned(),
        Money::from_cents(product.price_cents).to_plain(),
        product.stock.to_string(),
        guard_formula(&product.category_slug).into_owned(),
        product.active.to_string(),
        product.featured.to_string(),
    ]
}

fn finish(writer: csv::Writer<Vec<u8>>) -> AppResult<Vec<u8>> {
    writer
        .into_inner()
        .map_err(|error| AppError::Internal(format!("could not finish the CSV: {error}")))
}

/// Writing into memory cannot fail for want of space, but the `csv` crate's API says it
/// may, so a failure is reported like any other fault of ours.
fn csv_failed(error: csv::Error) -> AppError {
    AppError::Internal(format!("could not write the CSV: {error}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_that_a_spreadsheet_would_run_get_a_leading_apostrophe() {
        for (cell, written) in [
            ("=SUM(A1:A9)", "'=SUM(A1:A9)"),
            ("+1 555", "'+1 555"),
            ("-rf", "'-rf"),
            ("@cmd", "'@cmd"),
            ("\tTab", "'\tTab"),
            ("\rReturn", "'\rReturn"),
        ] {
            assert_eq!(guard_formula(cell), written, "cell {cell:?}");
        }
    }

    #[test]
    fn ordinary_cells_are_left_alone() {
        for cell in [
            "Blue Mug",
            "",
            "a=b",
            "x-ray",
            "'quoted",
            "ada@example.com",
            "12.50",
        ] {
            assert_eq!(guard_formula(cell), cell, "cell {cell:?}");
        }
    }

    #[test]
    fn prices_and_flags_are_written_plain_even_when_text_is_guarded() {
        let product = ProductExportRow {
            id: 1,
            slug: "mug".into(),
            name: "=Mug".into(),
            description: "Big, \"blue\"\nmug".into(),
            price_cents: 1250,
            stock: 3,
            category_slug: "kitchen".into(),
            active: true,
            featured: false,
        };

        let record = product_record(&product);

        assert_eq!(
            record,
            [
                "mug",
                "'=Mug",
                "Big, \"blue\"\nmug",
                "12.50",
                "3",
                "kitchen",
                "true",
                "false"
            ]
        );
    }

    #[test]
    fn times_are_written_as_iso_8601_utc() {
        let at = chrono::NaiveDate::from_ymd_opt(2026, 11, 3)
            .and_then(|d| d.and_hms_opt(9, 5, 7))
            .expect("a time");
        assert_eq!(iso_utc(at), "2026-11-03T09:05:07Z");
    }

    #[test]
    fn a_guarded_cell_reads_back_as_it_was() {
        for cell in [
            "=SUM(A1)", "-5 off", "@home", "plain", "'quoted", "'=x", "''+1", "",
        ] {
            assert_eq!(unguard_formula(&guard_formula(cell)), cell);
        }
    }
}

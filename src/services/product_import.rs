//! Importing products from a CSV file (read by `product_csv`): check every row with the
//! product form's own rules (`domain::ProductDetails`), and plan what each row would do
//! (create a product, change one, or nothing), so the admin sees a preview before anything
//! is written.
//!
//! The file has the columns of the product export: `slug,name,description,price,stock,
//! category,active,featured` (category by slug, price like `12.50`, flags `true`/`false`), so
//! an exported file imports unchanged. `apply` plans again inside one write transaction (the
//! catalog may have changed since the preview) and writes every row through
//! `catalog::save_product`, the function behind the product form, so category counts, the
//! search index and the stock check stay right; one bad row and nothing is written.
//!
//! Called by the admin's import page (`routes::admin::product_import`).

use std::collections::HashMap;

use crate::db::{self, DbConn};
use crate::domain::{FormErrors, ProductDetails, ProductText};
use crate::error::{AppError, AppResult};
use crate::models::{Category, Product, ProductChanges};
use crate::services::catalog;
use crate::services::product_csv::{COLUMNS, CsvRow};

/// What importing one row would do.
#[derive(Debug, Clone)]
pub enum RowOutcome {
    /// A new product.
    Create(ProductChanges),
    /// New values for an existing product: which fields change.
    Change {
        /// The existing product's id.
        id: i32,
        /// Its stock when the plan was made: applying refuses if a sale changed it since.
        stock_was: i32,
        /// Every field as the row has it (the picture kept as it is).
        changes: ProductChanges,
        /// The columns whose values differ, for the preview.
        fields: Vec<&'static str>,
    },
    /// The product is already exactly like this.
    Unchanged,
    /// The row's problems, by column.
    Invalid(FormErrors),
}

/// One row's line, slug and outcome.
#[derive(Debug, Clone)]
pub struct PlannedRow {
    /// The line the row starts on in the file (the header is line 1).
    pub line: u64,
    /// The row's slug as written, to name the row in the preview.
    pub slug: String,
    /// What the row would do.
    pub outcome: RowOutcome,
}

/// Every row of a file, planned.
#[derive(Debug, Clone, Default)]
pub struct ImportPlan {
    /// One per row of the file, in file order.
    pub rows: Vec<PlannedRow>,
}

impl ImportPlan {
    /// True if any row has an error (then nothing may be applied).
    pub fn has_errors(&self) -> bool {
        self.invalid() > 0
    }

    /// How many rows would create a product.
    pub fn creates(&self) -> usize {
        self.count(|outcome| matches!(outcome, RowOutcome::Create(_)))
    }

    /// How many rows would change a product.
    pub fn changes(&self) -> usize {
        self.count(|outcome| matches!(outcome, RowOutcome::Change { .. }))
    }

    /// How many rows would leave their product as it is.
    pub fn unchanged(&self) -> usize {
        self.count(|outcome| matches!(outcome, RowOutcome::Unchanged))
    }

    /// How many rows have errors.
    pub fn invalid(&self) -> usize {
        self.count(|outcome| matches!(outcome, RowOutcome::Invalid(_)))
    }

    fn count(&self, wanted: impl Fn(&RowOutcome) -> bool) -> usize {
        self.rows.iter().filter(|row| wanted(&row.outcome)).count()
    }
}

/// Plans every row against the catalog as it is now. Writes nothing.
pub fn plan(conn: &mut DbConn, rows: &[CsvRow]) -> AppResult<ImportPlan> {
    let categories: HashMap<String, i32> = Category::all(conn)?
        .into_iter()
        .map(|category| (category.slug, category.id))
        .collect();
    let mut first_line_of_slug: HashMap<String, u64> = HashMap::new();
    let mut plan = ImportPlan::default();
    for row in rows {
        let (slug, parsed) = match parse_row(row, &categories) {
            Ok(changes) => (changes.slug.clone(), Ok(changes)),
            Err(errors) => (row.value("slug").to_string(), Err(errors)),
        };
        let outcome = match parsed {
            Err(errors) => RowOutcome::Invalid(errors),
            Ok(changes) => match first_line_of_slug.get(&changes.slug) {
                Some(line) => RowOutcome::Invalid(FormErrors::single(
                    "slug",
                    format!("Line {line} has this slug too."),
                )),
                None => {
                    first_line_of_slug.insert(changes.slug.clone(), row.line);
                    compare(Product::find_by_slug(conn, &changes.slug)?, changes)
                }
            },
        };
        plan.rows.push(PlannedRow {
            line: row.line,
            slug,
            outcome,
        });
    }
    Ok(plan)
}

/// Plans the rows again and, if none has an error, writes every create and change in one
/// write transaction. Gives the numbers created and changed, or the plan with its errors
/// (and nothing written).
pub fn apply(conn: &mut DbConn, rows: &[CsvRow]) -> AppResult<Result<(usize, usize), ImportPlan>> {
    db::write_transaction(conn, |conn| {
        let plan = plan(conn, rows)?;
        if plan.has_errors() {
            return Ok(Err(plan));
        }
        for row in &plan.rows {
            save_row(conn, row)?;
        }
        Ok(Ok((plan.creates(), plan.changes())))
    })
}

/// Writes one planned row through the product form's own save.
fn save_row(conn: &mut DbConn, row: &PlannedRow) -> AppResult<()> {
    let saved = match &row.outcome {
        RowOutcome::Create(changes) => catalog::save_product(conn, None, changes.clone(), None),
        RowOutcome::Change {
            id,
            stock_was,
            changes,
            ..
        } => catalog::save_product(conn, Some(*id), changes.clone(), Some(*stock_was)),
        RowOutcome::Unchanged | RowOutcome::Invalid(_) => return Ok(()),
    };
    match saved {
        Ok(_) => Ok(()),
        // Rare: the catalog changed between planning and writing (a sale on PostgreSQL,
        // where other writers run alongside).
        Err(AppError::Form(errors)) => {
            let messages: Vec<&str> = errors.iter().map(|(_, message)| message).collect();
            Err(AppError::Refused(format!(
                "Line {}: {} Nothing was imported.",
                row.line,
                messages.join(" ")
            )))
        }
        Err(other) => Err(other),
    }
}

/// One row checked with the product form's rules; the errors are keyed by column.
fn parse_row(
    row: &CsvRow,
    categories: &HashMap<String, i32>,
) -> Result<ProductChanges, FormErrors> {
    if let Some(count) = row.wrong_count {
        let message = format!(
            "This row has {count} values; the header has {}.",
            COLUMNS.len()
        );
        return Err(FormErrors::single("row", message));
    }
    let mut errors = FormErrors::new();
    let text = ProductText {
        name: row.value("name"),
        slug: row.value("slug"),
        description: row.value("description"),
        price: row.value("price"),
        stock: row.value("stock"),
    };
    let details = ProductDetails::parse(text, &mut errors);
    let category = row.value("category").trim();
    let category_id = errors.check(
        "category",
        categories
            .get(category)
            .copied()
            .ok_or_else(|| format!("No category has the slug “{category}”.")),
    );
    let active = errors.check("active", parse_flag(row.value("active")));
    let featured = errors.check("featured", parse_flag(row.value("featured")));
    match (details, category_id, active, featured) {
        (Some(details), Some(category_id), Some(active), Some(featured)) if errors.is_empty() => {
            Ok(ProductChanges::from_details(
                details,
                category_id,
                active,
                featured,
            ))
        }
        _ => Err(errors),
    }
}

/// `true` or `false`, as the export writes them.
fn parse_flag(input: &str) -> Result<bool, String> {
    match input.trim().to_lowercase().as_str() {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err("Write true or false.".into()),
    }
}

/// What the row would do to the product with its slug (if there is one).
fn compare(existing: Option<Product>, mut changes: ProductChanges) -> RowOutcome {
    let Some(product) = existing else {
        return RowOutcome::Create(changes);
    };
    // The file has no picture column: the product keeps its picture.
    changes.image_path = product.image_path.clone();
    let fields = changed_fields(&product.to_changes(), &changes);
    if fields.is_empty() {
        return RowOutcome::Unchanged;
    }
    RowOutcome::Change {
        id: product.id,
        stock_was: product.stock,
        changes,
        fields,
    }
}

/// The columns whose values differ.
fn changed_fields(old: &ProductChanges, new: &ProductChanges) -> Vec<&'static str> {
    [
        ("name", old.name != new.name),
        ("description", old.description != new.description),
        ("price", old.price_cents != new.price_cents),
        ("stock", old.stock != new.stock),
        ("category", old.category_id != new.category_id),
        ("active", old.active != new.active),
        ("featured", old.featured != new.featured),
    ]
    .into_iter()
    .filter_map(|(column, differs)| differs.then_some(column))
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::services::product_csv::read_csv;

    const HEADER: &str = "slug,name,description,price,stock,category,active,featured\n";

    fn categories() -> HashMap<String, i32> {
        HashMap::from([("kitchen".to_string(), 1)])
    }

    #[test]
    fn every_bad_value_of_a_row_is_reported_by_column() {
        let rows =
            read_csv(&format!("{HEADER}Bad Slug,,,abc,-1,garden,yes,false\n")).expect("reads");

        let errors = parse_row(&rows[0], &categories()).expect_err("invalid");

        let columns: Vec<&str> = errors.iter().map(|(column, _)| column).collect();
        assert_eq!(
            columns,
            ["active", "category", "name", "price", "slug", "stock"]
        );
    }

    #[test]
    fn a_row_with_too_few_values_is_an_error_of_its_own() {
        let rows = read_csv(&format!("{HEADER}pan,Pan\n")).expect("reads");

        let errors = parse_row(&rows[0], &categories()).expect_err("invalid");

        assert!(
            errors
                .get("row")
                .is_some_and(|m| m.contains("has 2 values"))
        );
    }

    #[test]
    fn only_the_fields_that_differ_are_listed_as_changed() {
        let rows = read_csv(&format!(
            "{HEADER}pan,Pan,Heavy.,12.50,3,kitchen,true,false\n"
        ))
        .expect("reads");
        let old = parse_row(&rows[0], &categories()).expect("valid");
        let new = ProductChanges {
            price_cents: 1300,
            featured: true,
            ..old.clone()
        };

        assert_eq!(changed_fields(&old, &new), ["price", "featured"]);
        assert!(changed_fields(&old, &old).is_empty());
    }
}

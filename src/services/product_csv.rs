//! Reading a product CSV file: the header line must name exactly the columns of the product
//! export (in any order), and each row is kept as text with the line it starts on. Checking
//! the values is `product_import`'s work; this file only knows the CSV's shape.
//!
//! Called by `product_import`; the columns are the export's (`services::csv_export` writes
//! them), and `csv_export::unguard_formula` undoes the export's formula guard on each cell.

use crate::services::csv_export::unguard_formula;

/// The columns of a product file, in the order the export (`csv_export`) writes them; the
/// importer accepts them in any order.
pub const COLUMNS: [&str; 8] = [
    "slug",
    "name",
    "description",
    "price",
    "stock",
    "category",
    "active",
    "featured",
];
/// The largest file accepted, in bytes (1 MiB).
pub const MAX_CSV_BYTES: usize = 1024 * 1024;
/// The most rows one file may have.
pub const MAX_ROWS: usize = 5000;

/// One row of the file as text, its values in the order of `COLUMNS`.
#[derive(Debug, Clone)]
pub struct CsvRow {
    /// The line the row starts on (the header is line 1).
    pub line: u64,
    /// The values by column; empty when `wrong_count` is set.
    values: Vec<String>,
    /// How many values the row had, if not as many as the header.
    pub wrong_count: Option<usize>,
}

impl CsvRow {
    /// The row's value in `column` (empty if the row had the wrong number of values).
    pub fn value(&self, column: &str) -> &str {
        COLUMNS
            .iter()
            .position(|name| *name == column)
            .and_then(|i| self.values.get(i))
            .map_or("", String::as_str)
    }
}

/// Reads the CSV text into rows, checking the header. The error is a message about the
/// file as a whole (a bad header, too many rows).
pub fn read_csv(text: &str) -> Result<Vec<CsvRow>, String> {
    // Spreadsheets often start a UTF-8 file with a byte-order mark.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let header = reader
        .headers()
        .map_err(|error| format!("We could not read the header line: {error}"))?
        .clone();
    let positions = column_positions(header.iter())?;
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|error| format!("We could not read the file: {error}"))?;
        if rows.len() == MAX_ROWS {
            return Err(format!(
                "The file has more than {MAX_ROWS} rows. Split it into smaller files."
            ));
        }
        let line = record.position().map_or(0, |position| position.line());
        let row = if record.len() == header.len() {
            // The export guards cells that a spreadsheet would run as formulas; undo that.
            let values = positions
                .iter()
                .map(|&i| unguard_formula(&record[i]).to_string())
                .collect();
            CsvRow {
                line,
                values,
                wrong_count: None,
            }
        } else {
            CsvRow {
                line,
                values: Vec::new(),
                wrong_count: Some(record.len()),
            }
        };
        rows.push(row);
    }
    Ok(rows)
}

/// Where each of `COLUMNS` is in the header, or every problem with the header.
fn column_positions<'a>(header: impl Iterator<Item = &'a str>) -> Result<Vec<usize>, String> {
    let names: Vec<String> = header.map(|name| name.trim().to_lowercase()).collect();
    let mut problems = Vec::new();
    for name in &names {
        if !COLUMNS.contains(&name.as_str()) {
            problems.push(format!("unknown column “{name}”"));
        }
    }
    let mut positions = Vec::new();
    for column in COLUMNS {
        match names.iter().filter(|name| *name == column).count() {
            0 => problems.push(format!("missing column “{column}”")),
            1 => positions.extend(names.iter().position(|name| name == column)),
            _ => problems.push(format!("column “{column}” appears more than once")),
        }
    }
    if problems.is_empty() {
        Ok(positions)
    } else {
        Err(format!(
            "The header line has a problem: {}. The columns are: {}.",
            problems.join("; "),
            COLUMNS.join(",")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "slug,name,description,price,stock,category,active,featured\n";

    #[test]
    fn rows_are_read_by_column_name_with_their_line_numbers() {
        let text = "name,slug,description,price,stock,category,active,featured\n\
                    Pan,pan,\"Two\nlines\",12.50,3,kitchen,true,false\n\
                    Pot,pot,,1,1,kitchen,false,false\n";

        let rows = read_csv(text).expect("reads");

        assert_eq!(rows.len(), 2);
        assert_eq!((rows[0].line, rows[1].line), (2, 4));
        assert_eq!(rows[0].value("slug"), "pan");
        assert_eq!(rows[0].value("description"), "Two\nlines");
    }

    #[test]
    fn unknown_missing_and_repeated_columns_are_named() {
        let error = read_csv("slug,name,colour,price,price\n").expect_err("refused");

        for fragment in [
            "unknown column “colour”",
            "missing column “stock”",
            "“price” appears",
        ] {
            assert!(error.contains(fragment), "{fragment} missing in {error}");
        }
    }

    #[test]
    fn too_many_rows_are_refused() {
        let text = format!(
            "{HEADER}{}",
            "a,A,,1,1,kitchen,true,false\n".repeat(MAX_ROWS + 1)
        );

        assert!(read_csv(&text).expect_err("refused").contains("more than"));
    }
}

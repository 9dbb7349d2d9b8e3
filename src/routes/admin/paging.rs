//! Paging for the admin lists (products, outbox): which page the query asks for, and how to
//! tell whether another page follows without counting every row.
//!
//! A list handler reads `PageQuery`, asks its model for `FETCH_PER_PAGE` rows from
//! `offset()`, and hands them to `one_page`, which keeps `PAGE_SIZE` of them and says
//! whether there was one more (then the page shows a Next link).

use serde::Deserialize;

/// Rows per page of the admin lists: a shop may have thousands, and the page must stay light.
pub const PAGE_SIZE: i64 = 50;
/// Rows to read for one page: one more than it shows tells whether a next page exists.
pub const FETCH_PER_PAGE: i64 = PAGE_SIZE + 1;

/// `?page=` on an admin list (from 1; anything else shows the first page).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PageQuery {
    page: String,
}

impl PageQuery {
    /// The page asked for, from 1; a missing, malformed or absurd number gives a page that
    /// exists or is empty, never an overflow.
    pub fn number(&self) -> i64 {
        let last_possible = i64::MAX / PAGE_SIZE;
        self.page
            .trim()
            .parse::<i64>()
            .unwrap_or(1)
            .clamp(1, last_possible)
    }

    /// How many rows come before this page.
    pub fn offset(&self) -> i64 {
        (self.number() - 1) * PAGE_SIZE
    }
}

/// The rows a page shows, out of the `FETCH_PER_PAGE` read, and whether a next page exists.
pub fn one_page<T>(mut rows: Vec<T>) -> (Vec<T>, bool) {
    let has_next = rows.len() as i64 > PAGE_SIZE;
    rows.truncate(PAGE_SIZE as usize);
    (rows, has_next)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_row_more_than_a_page_means_a_next_page() {
        let full: Vec<i64> = (0..FETCH_PER_PAGE).collect();
        assert_eq!(one_page(full), ((0..PAGE_SIZE).collect(), true));
        let last: Vec<i64> = (0..PAGE_SIZE).collect();
        assert_eq!(one_page(last), ((0..PAGE_SIZE).collect(), false));
    }

    #[test]
    fn a_bad_page_number_shows_the_first_page() {
        for page in ["", "0", "-3", "abc"] {
            let query = PageQuery { page: page.into() };
            assert_eq!((query.number(), query.offset()), (1, 0));
        }
    }
}

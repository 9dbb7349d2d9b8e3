//! The catalog's pagination and result count: which page links to show around the current
//! page, their URLs (keeping the search, category and sort), and "24 products" above the
//! list. Pure functions of the query and the total, so the tests below need no database.
//!
//! Only `routes::products` uses this; the API pages by cursor instead
//! (`domain::catalog_cursor`), and the admin lists by `routes::admin::paging`.

use crate::domain::{ProductSort, group_thousands};
use crate::models::product_search::SEARCH_COUNT_CAP;
use crate::routes::products::CatalogParams;

/// How many page links the pagination shows on each side of the current page.
const PAGE_WINDOW: i64 = 2;

/// One numbered link of the pagination.
pub(super) struct PageLink {
    /// The page's number, as shown.
    pub(super) number: i64,
    /// The catalog URL of that page, keeping the search, category and sort.
    pub(super) url: String,
    /// This is the page being shown (drawn as text, not a link).
    pub(super) current: bool,
    /// Pages were skipped before this one (shown as "…").
    pub(super) gap_before: bool,
}

/// "1 product", "24 products", or "More than 1,000 products" once a search stops counting.
pub(super) fn result_count(total: i64, searching: bool) -> String {
    match total {
        1 => "1 product".to_string(),
        n if searching && n > SEARCH_COUNT_CAP => {
            format!("More than {} products", group_thousands(SEARCH_COUNT_CAP))
        }
        n => format!("{} products", group_thousands(n)),
    }
}

/// Builds page links that keep the current search, category and sort.
pub(super) struct Pagination {
    base_path: String,
    kept: Vec<(&'static str, String)>,
}

impl Pagination {
    /// Remembers which of the catalog's parameters every page link must keep.
    pub(super) fn new(base_path: &str, params: &CatalogParams) -> Pagination {
        let mut kept = Vec::new();
        if !params.q.trim().is_empty() {
            kept.push(("q", params.q.trim().to_string()));
        }
        if !params.category.trim().is_empty() {
            kept.push(("category", params.category.trim().to_string()));
        }
        if !params.sort.is_empty() {
            kept.push((
                "sort",
                ProductSort::from_param(&params.sort).param().to_string(),
            ));
        }
        Pagination {
            base_path: base_path.to_string(),
            kept,
        }
    }

    /// The URL of page `page` with the kept parameters.
    pub(super) fn url(&self, page: i64) -> String {
        let mut pairs = self.kept.clone();
        pairs.push(("page", page.to_string()));
        let query = serde_urlencoded::to_string(&pairs).unwrap_or_default();
        format!("{}?{query}", self.base_path)
    }

    /// Links to the first and last pages and to a few pages around the current one; a
    /// catalog of thousands of pages still gets a short row of links.
    pub(super) fn window(&self, current: i64, page_count: i64) -> Vec<PageLink> {
        let mut numbers: Vec<i64> = vec![1, page_count];
        numbers.extend(current - PAGE_WINDOW..=current + PAGE_WINDOW);
        numbers.retain(|n| (1..=page_count).contains(n));
        numbers.sort_unstable();
        numbers.dedup();
        let mut previous = 0;
        numbers
            .into_iter()
            .map(|number| {
                let gap_before = number > previous + 1;
                previous = number;
                PageLink {
                    number,
                    url: self.url(number),
                    current: number == current,
                    gap_before,
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn result_counts_read_naturally_and_stop_at_the_cap() {
        assert_eq!(result_count(0, false), "0 products");
        assert_eq!(result_count(1, true), "1 product");
        assert_eq!(result_count(10_066, false), "10,066 products");
        assert_eq!(result_count(1_234_567, false), "1,234,567 products");
        assert_eq!(result_count(SEARCH_COUNT_CAP, true), "1,000 products");
        assert_eq!(
            result_count(SEARCH_COUNT_CAP + 1, true),
            "More than 1,000 products"
        );
    }

    #[test]
    fn pagination_shows_the_ends_and_the_pages_around_the_current_one() {
        let links = Pagination::new(
            "/products",
            &CatalogParams {
                q: "mug".into(),
                ..CatalogParams::default()
            },
        );

        let window = links.window(50, 417);

        let numbers: Vec<i64> = window.iter().map(|link| link.number).collect();
        assert_eq!(numbers, vec![1, 48, 49, 50, 51, 52, 417]);
        assert!(window[1].gap_before && window[6].gap_before && !window[2].gap_before);
        assert!(window[3].current);
        assert_eq!(window[3].url, "/products?q=mug&page=50");
        assert_eq!(links.window(1, 1).len(), 1);
    }
}

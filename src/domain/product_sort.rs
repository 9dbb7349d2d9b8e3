//! `ProductSort`: the catalog's sort orders, as they appear in `?sort=`.
//!
//! Only the names and labels live here; the SQL for each order is in `models::product_catalog`
//! (the catalog page), `models::product_search` (searches) and `models::product_keyset` (the
//! API), and `domain::catalog_cursor` keeps the key each order pages by.

/// The catalog's sort orders, as they appear in `?sort=`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ProductSort {
    /// Alphabetical (the default).
    #[default]
    Name,
    /// Cheapest first.
    PriceLowToHigh,
    /// Dearest first.
    PriceHighToLow,
    /// Most recently added first.
    Newest,
}

impl ProductSort {
    /// Every sort order, for the sort menu.
    pub const ALL: [ProductSort; 4] = [
        ProductSort::Name,
        ProductSort::PriceLowToHigh,
        ProductSort::PriceHighToLow,
        ProductSort::Newest,
    ];

    /// Reads `?sort=`; anything unknown falls back to the default.
    pub fn from_param(param: &str) -> ProductSort {
        ProductSort::ALL
            .into_iter()
            .find(|s| s.param() == param)
            .unwrap_or_default()
    }

    /// Reads `?sort=` strictly, as the JSON API does: empty is `None` (the default applies),
    /// anything unknown is an error naming the known values.
    pub fn parse(param: &str) -> Result<Option<ProductSort>, String> {
        if param.trim().is_empty() {
            return Ok(None);
        }
        match ProductSort::ALL
            .into_iter()
            .find(|s| s.param() == param.trim())
        {
            Some(sort) => Ok(Some(sort)),
            None => Err("Use one of name, price, price-desc or newest.".to_string()),
        }
    }

    /// The order a catalog list uses when none was asked for: a search lists the newest
    /// matches first (the full-text index reads them in that order and stops after one
    /// page), everything else by name. The catalog page and the API share this rule.
    pub fn or_default(sort: Option<ProductSort>, searching: bool) -> ProductSort {
        match sort {
            Some(sort) => sort,
            None if searching => ProductSort::Newest,
            None => ProductSort::default(),
        }
    }

    /// The value used in URLs.
    pub fn param(self) -> &'static str {
        match self {
            ProductSort::Name => "name",
            ProductSort::PriceLowToHigh => "price",
            ProductSort::PriceHighToLow => "price-desc",
            ProductSort::Newest => "newest",
        }
    }

    /// The label in the sort menu.
    pub fn label(self) -> &'static str {
        match self {
            ProductSort::Name => "Name",
            ProductSort::PriceLowToHigh => "Price: low to high",
            ProductSort::PriceHighToLow => "Price: high to low",
            ProductSort::Newest => "Newest",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_sort_falls_back_to_name() {
        assert_eq!(
            ProductSort::from_param("price-desc"),
            ProductSort::PriceHighToLow
        );
        assert_eq!(ProductSort::from_param("random"), ProductSort::Name);
    }

    #[test]
    fn the_strict_parse_refuses_unknown_sorts_and_leaves_empty_to_the_default() {
        assert_eq!(
            ProductSort::parse("price"),
            Ok(Some(ProductSort::PriceLowToHigh))
        );
        assert_eq!(ProductSort::parse(" "), Ok(None));
        assert!(ProductSort::parse("random").is_err());
        assert_eq!(ProductSort::or_default(None, true), ProductSort::Newest);
        assert_eq!(ProductSort::or_default(None, false), ProductSort::Name);
    }
}

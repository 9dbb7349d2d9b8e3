//! `ProductSort`: the catalog's sort orders, as they appear in `?sort=`.

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
}

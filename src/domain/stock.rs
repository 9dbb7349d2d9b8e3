//! `StockState`: how much of a product is left, as shoppers see it ("Only 3 left").
//!
//! Product cards and the product page read it through `Product::stock_state` (`models`), and
//! `LOW_STOCK_THRESHOLD` also decides the dashboard's low-stock list and the admins' alerts
//! (`services::order_mails`). Taking and returning stock is SQL, in `models::product_writes`.

/// At or below this many units a product shows "only N left" and the dashboard warns.
pub const LOW_STOCK_THRESHOLD: i32 = 5;

/// How a product's stock is shown to shoppers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StockState {
    /// More than `LOW_STOCK_THRESHOLD` left.
    InStock,
    /// Only this many left.
    Low(i32),
    /// None left.
    SoldOut,
}

impl StockState {
    /// The state of `stock` units.
    pub fn of(stock: i32) -> StockState {
        match stock {
            n if n <= 0 => StockState::SoldOut,
            n if n <= LOW_STOCK_THRESHOLD => StockState::Low(n),
            _ => StockState::InStock,
        }
    }

    /// What shoppers read: "In stock", "Only 3 left", "Sold out".
    pub fn label(self) -> String {
        match self {
            StockState::InStock => "In stock".into(),
            StockState::Low(n) => format!("Only {n} left"),
            StockState::SoldOut => "Sold out".into(),
        }
    }

    /// The CSS class that colours the label.
    pub fn css_class(self) -> &'static str {
        match self {
            StockState::InStock => "stock-ok",
            StockState::Low(_) => "stock-low",
            StockState::SoldOut => "stock-out",
        }
    }

    /// True when nothing can be bought.
    pub fn is_sold_out(self) -> bool {
        self == StockState::SoldOut
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stock_reads_in_stock_low_or_sold_out() {
        assert_eq!(StockState::of(0).label(), "Sold out");
        assert_eq!(StockState::of(3).label(), "Only 3 left");
        assert_eq!(StockState::of(LOW_STOCK_THRESHOLD + 1).label(), "In stock");
        assert!(StockState::of(0).is_sold_out());
    }
}

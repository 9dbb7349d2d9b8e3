//! `OrderStatus`: where an order is in its life, and which changes an admin may make.
//!
//! ```text
//! pending ──> paid ──> shipped ──> delivered
//!    │  │       │
//!    │  │       └──> cancelled (stock returned)
//!    │  └──> cancelled (an admin closes an order whose payment never finished)
//!    └──> payment_failed
//! ```
//!
//! Only the rules live here. The moves themselves are made in SQL by `models::Order`
//! (conditional updates) for `services::checkout` and `services::orders`; the column holds
//! `as_str()`, and `is_sale` decides which orders every sales figure counts.

/// The states of an order, stored as text in `orders.status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderStatus {
    /// Written, stock taken, payment not answered yet.
    Pending,
    /// The gateway took the money.
    Paid,
    /// The gateway declined; the stock went back.
    PaymentFailed,
    /// On its way to the shopper.
    Shipped,
    /// Arrived.
    Delivered,
    /// Closed by an admin; the stock went back.
    Cancelled,
}

impl OrderStatus {
    /// Every status, in life-cycle order (for filters and menus).
    pub const ALL: [OrderStatus; 6] = [
        OrderStatus::Pending,
        OrderStatus::Paid,
        OrderStatus::PaymentFailed,
        OrderStatus::Shipped,
        OrderStatus::Delivered,
        OrderStatus::Cancelled,
    ];

    /// The value stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            OrderStatus::Pending => "pending",
            OrderStatus::Paid => "paid",
            OrderStatus::PaymentFailed => "payment_failed",
            OrderStatus::Shipped => "shipped",
            OrderStatus::Delivered => "delivered",
            OrderStatus::Cancelled => "cancelled",
        }
    }

    /// Parses a stored or submitted value.
    pub fn parse(input: &str) -> Result<OrderStatus, String> {
        OrderStatus::ALL
            .into_iter()
            .find(|status| status.as_str() == input)
            .ok_or_else(|| format!("'{input}' is not an order status."))
    }

    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            OrderStatus::Pending => "Payment pending",
            OrderStatus::Paid => "Paid",
            OrderStatus::PaymentFailed => "Payment failed",
            OrderStatus::Shipped => "Shipped",
            OrderStatus::Delivered => "Delivered",
            OrderStatus::Cancelled => "Cancelled",
        }
    }

    /// The statuses an admin may move an order to from this one.
    pub fn next_steps(self) -> &'static [OrderStatus] {
        match self {
            OrderStatus::Pending => &[OrderStatus::Cancelled],
            OrderStatus::Paid => &[OrderStatus::Shipped, OrderStatus::Cancelled],
            OrderStatus::Shipped => &[OrderStatus::Delivered],
            _ => &[],
        }
    }

    /// True when an admin may move an order from this status to `next`.
    pub fn can_become(self, next: OrderStatus) -> bool {
        self.next_steps().contains(&next)
    }

    /// True for orders that count as sales (money taken and not returned).
    pub fn is_sale(self) -> bool {
        matches!(
            self,
            OrderStatus::Paid | OrderStatus::Shipped | OrderStatus::Delivered
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_round_trips_through_text() {
        for status in OrderStatus::ALL {
            assert_eq!(OrderStatus::parse(status.as_str()), Ok(status));
        }
        assert!(OrderStatus::parse("lost").is_err());
    }

    #[test]
    fn a_paid_order_can_ship_or_be_cancelled() {
        assert!(OrderStatus::Paid.can_become(OrderStatus::Shipped));
        assert!(OrderStatus::Paid.can_become(OrderStatus::Cancelled));
        assert!(OrderStatus::Shipped.can_become(OrderStatus::Delivered));
    }

    #[test]
    fn orders_never_move_backwards_or_skip_payment() {
        assert!(!OrderStatus::Shipped.can_become(OrderStatus::Paid));
        assert!(!OrderStatus::Pending.can_become(OrderStatus::Shipped));
        assert!(OrderStatus::Pending.can_become(OrderStatus::Cancelled));
        assert!(!OrderStatus::Delivered.can_become(OrderStatus::Cancelled));
        assert!(!OrderStatus::Cancelled.can_become(OrderStatus::Paid));
        assert!(!OrderStatus::PaymentFailed.can_become(OrderStatus::Paid));
    }
}

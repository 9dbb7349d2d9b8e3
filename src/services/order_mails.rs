//! The mails a paid order causes: its confirmation to the customer, and a low-stock alert to
//! every admin for each product the order took to `LOW_STOCK_THRESHOLD` or below.
//!
//! `services::checkout::record_payment` calls `queue_paid_order_mails` inside the
//! transaction that marks the order paid, so the mails are queued exactly when it is paid.

use crate::db::DbConn;
use crate::domain::LOW_STOCK_THRESHOLD;
use crate::error::AppResult;
use crate::models::{Order, OrderItem, Product, User, now};
use crate::services::{mail, mail_messages};

/// Queues the confirmation of a paid order and the low-stock alerts it causes.
pub fn queue_paid_order_mails(conn: &mut DbConn, order: &Order) -> AppResult<()> {
    let items = Order::items(conn, order.id)?;
    mail::queue(
        conn,
        &mail_messages::order_confirmation(order, &items)?,
        now(),
    )?;
    queue_low_stock_alerts(conn, &items)
}

/// Tells every admin about each product this order took to the low-stock threshold or below.
///
/// The stock is read now, at payment, not when it was taken, because a declined card gives
/// the stock back and must not alert anyone. Another checkout of the same product between
/// our two steps can therefore make the count slightly off, and an alert may come twice or
/// not at all in that rare race; it is a hint to restock, so that is acceptable.
fn queue_low_stock_alerts(conn: &mut DbConn, items: &[OrderItem]) -> AppResult<()> {
    let mut admins: Option<Vec<User>> = None;
    for item in items {
        let product = Product::find(conn, item.product_id)?;
        if !took_stock_to_low(product.stock, item.quantity) {
            continue;
        }
        if admins.is_none() {
            admins = Some(User::active_admins(conn)?);
        }
        for admin in admins.iter().flatten() {
            mail::queue(conn, &mail_messages::low_stock(admin, &product)?, now())?;
        }
    }
    Ok(())
}

/// True when taking `taken` units left `stock_after`, at or below the threshold, from a
/// stock that was above it: one alert when a product runs low, not one for every sale after.
pub fn took_stock_to_low(stock_after: i32, taken: i32) -> bool {
    stock_after <= LOW_STOCK_THRESHOLD && stock_after.saturating_add(taken) > LOW_STOCK_THRESHOLD
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_low_stock_alert_comes_once_when_the_stock_crosses_the_threshold() {
        let at = LOW_STOCK_THRESHOLD;
        assert!(
            took_stock_to_low(at, 1),
            "from above to exactly the threshold"
        );
        assert!(took_stock_to_low(0, 20), "from far above to nothing");
        assert!(!took_stock_to_low(at + 1, 1), "still above");
        assert!(
            !took_stock_to_low(at - 2, 1),
            "already low before this order"
        );
    }
}

//! Order rules after the checkout: who may see an order, and admin status changes
//! (cancelling a paid order returns its stock; shipping one queues the shipping notice).
//!
//! Called by `routes::orders`, `api::orders` and the admin's order page
//! (`routes::admin::orders`); which moves are allowed is `domain::OrderStatus`, and returning
//! stock is `services::checkout::return_stock`. Placing an order is `services::checkout`.

use crate::db::{self, DbConn};
use crate::domain::OrderStatus;
use crate::error::{AppError, AppResult};
use crate::models::{Order, now};
use crate::services::checkout::return_stock;
use crate::services::{mail, mail_messages};

/// True when the visitor may see the order: it is their account's, or a guest placed it from
/// this browser (the same cart).
pub fn may_view(order: &Order, user_id: Option<i32>, cart_id: Option<i32>) -> bool {
    let own_account = user_id.is_some() && order.user_id == user_id;
    let same_browser = order.user_id.is_none() && cart_id.is_some() && order.cart_id == cart_id;
    own_account || same_browser
}

/// The order with this number, if the visitor may see it (`may_view`). Anyone else gets the
/// same 404 as for a number that does not exist, so order numbers reveal nothing.
pub fn find_visible(
    conn: &mut DbConn,
    number: &str,
    user_id: Option<i32>,
    cart_id: Option<i32>,
) -> AppResult<Order> {
    let order = Order::find_by_number(conn, number)?;
    if !may_view(&order, user_id, cart_id) {
        return Err(AppError::NotFound);
    }
    Ok(order)
}

/// Moves an order to a new status if the life cycle allows it; cancelling returns the stock.
pub fn change_status(conn: &mut DbConn, number: &str, to: OrderStatus) -> AppResult<Order> {
    db::write_transaction(conn, |conn| {
        let order = Order::find_by_number(conn, number)?;
        let from = order.status();
        if !from.can_become(to) {
            return Err(AppError::Refused(format!(
                "An order that is {} cannot become {}.",
                from.label().to_lowercase(),
                to.label().to_lowercase()
            )));
        }
        if !Order::change_status(conn, order.id, from, to)? {
            return Err(AppError::Refused(
                "The order changed meanwhile; please try again.".into(),
            ));
        }
        if to == OrderStatus::Cancelled {
            return_stock(conn, order.id)?;
        }
        let changed = Order::find_by_number(conn, number)?;
        if to == OrderStatus::Shipped {
            // In the same transaction: the notice is queued exactly when the status changes.
            mail::queue(conn, &mail_messages::shipping_notice(&changed)?, now())?;
        }
        Ok(changed)
    })
}

//! Admin order pages: the status life cycle, and cancelling with stock returned.

use cartwheel::domain::{Card, CardExpiry, CardNumber, Cvc, Email, OrderStatus};
use cartwheel::models::{Cart, CartItem, Order, Product};
use cartwheel::services::checkout::{
    CheckoutOutcome, CheckoutRequest, Reservation, ShippingAddress, record_payment, reserve_order,
};
use cartwheel::services::orders as order_rules;
use cartwheel::services::payments::PaymentResult;
use reqwest::StatusCode;

use crate::helpers::{GOOD_CARD, TestApp, assert_redirects_to, logged_in_admin};

#[tokio::test]
async fn orders_move_from_paid_to_shipped_to_delivered_and_never_backwards() {
    // Arrange
    let app = logged_in_admin().await;
    let mug = app.product("Blue Mug", 1000, 5);
    let shopper = app.new_browser();
    shopper.add_to_cart(&mug, 1).await;
    shopper.check_out(GOOD_CARD).await;
    let number = app.orders()[0].number.clone();
    let status_url = format!("/admin/orders/{number}/status");

    // Act and assert, step by step.
    assert_redirects_to(
        &app.post_form(&status_url, &[("status", "shipped")]).await,
        &format!("/admin/orders/{number}"),
    );
    assert!(
        app.get_html(&format!("/admin/orders/{number}"))
            .await
            .contains("is now shipped")
    );
    app.post_form(&status_url, &[("status", "paid")]).await;
    assert!(
        app.get_html(&format!("/admin/orders/{number}"))
            .await
            .contains("cannot become paid")
    );
    app.post_form(&status_url, &[("status", "delivered")]).await;
    assert_eq!(app.orders()[0].status(), OrderStatus::Delivered);
    let nonsense = app.post_form(&status_url, &[("status", "lost")]).await;
    assert_eq!(nonsense.status(), StatusCode::BAD_REQUEST);
    assert!(app.new_browser().get_html("/").await.contains("Cartwheel"));
    let filtered = app.get_html("/admin/orders?status=delivered").await;
    assert!(filtered.contains(&number));
    assert!(
        !app.get_html("/admin/orders?status=paid")
            .await
            .contains(&number)
    );
}

#[tokio::test]
async fn cancelling_a_paid_order_returns_its_stock() {
    let app = logged_in_admin().await;
    let mug = app.product("Blue Mug", 1000, 5);
    let shopper = app.new_browser();
    shopper.add_to_cart(&mug, 3).await;
    shopper.check_out(GOOD_CARD).await;
    let number = app.orders()[0].number.clone();
    assert_eq!(app.reload(&mug).stock, 2);

    app.post_form(
        &format!("/admin/orders/{number}/status"),
        &[("status", "cancelled")],
    )
    .await;
    app.post_form(
        &format!("/admin/orders/{number}/status"),
        &[("status", "cancelled")],
    )
    .await;

    assert_eq!(app.orders()[0].status(), OrderStatus::Cancelled);
    assert_eq!(app.reload(&mug).stock, 5, "returned once, not twice");
}

/// Step 1 of a checkout (`reserve_order`) for 2 mugs from a fresh cart, as if the process then
/// stopped before the payment was recorded.
pub fn reserve_pending_order(app: &TestApp, mug: &Product) -> Order {
    let cart = Cart::create(&mut app.conn(), None).expect("cart");
    CartItem::set_quantity(&mut app.conn(), cart.id, mug.id, 2).expect("line");
    let request = CheckoutRequest {
        session_cart_id: Some(cart.id),
        user_id: None,
        email: Email::parse("ada@example.com").expect("email"),
        address: ShippingAddress {
            name: "Ada".into(),
            line1: "1 Main St".into(),
            line2: String::new(),
            city: "London".into(),
            postal_code: "N1".into(),
            country: "UK".into(),
        },
        card: Card {
            number: CardNumber::parse("4242424242424242").expect("card"),
            expiry: CardExpiry {
                month: 12,
                year: 2039,
            },
            cvc: Cvc::parse("123").expect("cvc"),
        },
        checkout_token: "a".repeat(64),
    };
    match reserve_order(&mut app.conn(), &request).expect("reserved") {
        Reservation::New(order) => order,
        Reservation::Existing(_) => panic!("a new order"),
    }
}

#[tokio::test]
async fn a_pending_order_can_be_cancelled_and_returns_its_stock() {
    // Arrange: an order whose payment never finished.
    let app = logged_in_admin().await;
    let mug = app.product("Blue Mug", 1000, 5);
    let order = reserve_pending_order(&app, &mug);
    assert_eq!(app.reload(&mug).stock, 3);

    // Act
    let status_url = format!("/admin/orders/{}/status", order.number);
    app.post_form(&status_url, &[("status", "cancelled")]).await;

    // Assert
    assert_eq!(app.orders()[0].status(), OrderStatus::Cancelled);
    assert_eq!(app.reload(&mug).stock, 5);
}

#[tokio::test]
async fn a_payment_approved_after_the_order_was_cancelled_leaves_it_cancelled() {
    // Arrange: the admin cancels while the card is being charged.
    let app = logged_in_admin().await;
    let mug = app.product("Blue Mug", 1000, 5);
    let order = reserve_pending_order(&app, &mug);
    order_rules::change_status(&mut app.conn(), &order.number, OrderStatus::Cancelled)
        .expect("cancelled");

    // Act
    let approved = PaymentResult::Approved {
        reference: "sandbox_late".into(),
    };
    let outcome = record_payment(&mut app.conn(), &order, &approved).expect("recorded");

    // Assert
    assert_eq!(
        outcome,
        CheckoutOutcome::AlreadySubmitted {
            number: order.number.clone()
        }
    );
    assert_eq!(app.orders()[0].status(), OrderStatus::Cancelled);
    assert_eq!(app.reload(&mug).stock, 5, "the stock stays returned");
}

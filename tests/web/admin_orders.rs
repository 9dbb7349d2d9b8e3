//! Admin order pages: the status life cycle, and cancelling with stock returned.

use cartwheel::domain::OrderStatus;
use reqwest::StatusCode;

use crate::helpers::{GOOD_CARD, assert_redirects_to, logged_in_admin};

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

#[tokio::test]
async fn a_pending_order_can_be_cancelled_and_returns_its_stock() {
    use cartwheel::domain::{Card, CardExpiry, CardNumber, Cvc, Email};
    use cartwheel::services::checkout::{
        CheckoutRequest, Reservation, ShippingAddress, reserve_order,
    };
    // Arrange: an order whose payment never finished (the process died after step 1).
    let app = logged_in_admin().await;
    let mug = app.product("Blue Mug", 1000, 5);
    let cart = cartwheel::models::Cart::create(&mut app.conn(), None).expect("cart");
    cartwheel::models::CartItem::set_quantity(&mut app.conn(), cart.id, mug.id, 2).expect("line");
    let request = CheckoutRequest {
        cart_id: cart.id,
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
    let Reservation::New(order) = reserve_order(&mut app.conn(), &request).expect("reserved")
    else {
        panic!("a new order")
    };
    assert_eq!(app.reload(&mug).stock, 3);

    // Act
    app.post_form(
        &format!("/admin/orders/{}/status", order.number),
        &[("status", "cancelled")],
    )
    .await;

    // Assert
    assert_eq!(app.orders()[0].status(), OrderStatus::Cancelled);
    assert_eq!(app.reload(&mug).stock, 5);
}

//! A shopper's orders after the checkout: who may see an order, and the list of a
//! customer's orders.

use reqwest::StatusCode;

use crate::helpers::{GOOD_CARD, location, spawn_app};

#[tokio::test]
async fn a_guest_sees_their_order_from_the_same_browser_and_nobody_else_does() {
    let app = spawn_app().await;
    let mug = app.product("Blue Mug", 1000, 10);
    app.add_to_cart(&mug, 1).await;
    let order_url = location(&app.check_out(GOOD_CARD).await);

    let own = app.get(&order_url).await;
    let stranger = app.new_browser().get(&order_url).await;

    assert_eq!(own.status(), StatusCode::OK);
    assert_eq!(stranger.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_logged_in_customer_finds_the_order_in_their_list() {
    let app = spawn_app().await;
    let mug = app.product("Blue Mug", 1000, 10);
    app.user("ada@example.com", false);
    app.log_in("ada@example.com").await;
    app.add_to_cart(&mug, 1).await;
    app.check_out(GOOD_CARD).await;
    let number = app.orders()[0].number.clone();

    let list = app.get_html("/orders").await;
    let other_customer = app.new_browser();
    app.user("bob@example.com", false);
    other_customer.log_in("bob@example.com").await;

    assert!(list.contains(&number));
    assert!(!other_customer.get_html("/orders").await.contains(&number));
    assert_eq!(
        other_customer
            .get(&format!("/orders/{number}"))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_guest_order_becomes_the_users_when_they_log_in_from_that_browser() {
    let app = spawn_app().await;
    let mug = app.product("Blue Mug", 1000, 10);
    app.user("ada@example.com", false);
    app.add_to_cart(&mug, 1).await;
    app.check_out(GOOD_CARD).await;

    app.log_in("ada@example.com").await;

    let number = app.orders()[0].number.clone();
    assert!(app.get_html("/orders").await.contains(&number));
}

//! The API and the pages are two views of one shop: an order placed through the API is on
//! the customer's `/orders` page, and a cart filled through the API is the cart on `/cart`
//! once the same customer logs in (and the other way round).

use reqwest::StatusCode;

use super::helpers::{add_to_cart, check_out_ok, customer_with_token, get};
use crate::helpers::spawn_app;

#[tokio::test]
async fn an_order_placed_through_the_api_is_on_the_orders_page() {
    // Arrange
    let app = spawn_app().await;
    let (_, token) = customer_with_token(&app, "ada@example.com");
    let mug = app.product("Blue Mug", 1250, 10);
    add_to_cart(&app, &token, mug.id, 2).await;

    // Act
    let placed = check_out_ok(&app, &token).await;
    app.log_in("ada@example.com").await;
    let number = placed.json["number"].as_str().expect("number");

    // Assert
    assert_eq!(placed.status, StatusCode::CREATED);
    assert!(app.get_html("/orders").await.contains(number));
    let page = app.get_html(&format!("/orders/{number}")).await;
    assert!(page.contains("Blue Mug") && page.contains("€25.00"));
    assert_eq!(app.reload(&mug).stock, 8, "the same stock rules took two");
}

#[tokio::test]
async fn the_cart_filled_through_the_api_is_the_cart_on_the_page_and_back() {
    let app = spawn_app().await;
    let (_, token) = customer_with_token(&app, "ada@example.com");
    let mug = app.product("Blue Mug", 1250, 10);
    let lamp = app.product("Desk Lamp", 4500, 3);
    add_to_cart(&app, &token, mug.id, 3).await;

    app.log_in("ada@example.com").await;
    let page = app.get_html("/cart").await;
    app.add_to_cart(&lamp, 1).await;
    let through_api = get(&app, "/api/v1/cart", Some(&token)).await;

    assert!(
        page.contains("Blue Mug") && page.contains("€37.50"),
        "API cart on /cart"
    );
    assert_eq!(
        through_api.json["item_count"], 4,
        "page's addition in the API"
    );
    assert_eq!(through_api.json["total"]["cents"], 3 * 1250 + 4500);
}

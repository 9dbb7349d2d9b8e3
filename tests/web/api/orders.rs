//! The token holder's orders through the API: their list and one order, and nobody else's.

use reqwest::StatusCode;

use super::helpers::{add_to_cart, check_out_ok, customer_with_token, get};
use crate::helpers::spawn_app;

#[tokio::test]
async fn a_customer_lists_and_reads_their_orders_and_no_one_elses() {
    // Arrange
    let app = spawn_app().await;
    let (_, ada) = customer_with_token(&app, "ada@example.com");
    let (_, bob) = customer_with_token(&app, "bob@example.com");
    let mug = app.product("Blue Mug", 1250, 10);
    add_to_cart(&app, &ada, mug.id, 2).await;
    let number = check_out_ok(&app, &ada).await.json["number"]
        .as_str()
        .expect("number")
        .to_string();
    let guest_order = app.place_order(&mug, 1).await;

    // Act
    let list = get(&app, "/api/v1/orders", Some(&ada)).await;
    let one = get(&app, &format!("/api/v1/orders/{number}"), Some(&ada)).await;
    let bobs_view = get(&app, &format!("/api/v1/orders/{number}"), Some(&bob)).await;
    let guest_view = get(
        &app,
        &format!("/api/v1/orders/{}", guest_order.number),
        Some(&ada),
    )
    .await;
    let bobs_list = get(&app, "/api/v1/orders", Some(&bob)).await;

    // Assert
    assert_eq!(list.status, StatusCode::OK);
    assert_eq!(list.json["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(list.json["items"][0]["number"], number.as_str());
    assert_eq!(list.json["items"][0]["status"], "paid");
    assert!(
        list.json["items"][0]["placed_at"]
            .as_str()
            .unwrap_or_default()
            .ends_with('Z')
    );
    assert_eq!(one.status, StatusCode::OK);
    assert_eq!(one.json["total"]["cents"], 2500);
    assert_eq!(one.json["items"][0]["name"], "Blue Mug");
    assert_eq!(one.json["card_last4"], "4242");
    assert_eq!(one.json["shipping"]["city"], "London");
    for hidden in [bobs_view, guest_view] {
        assert_eq!(hidden.status, StatusCode::NOT_FOUND);
        assert_eq!(hidden.problem_type(), "/api/v1/problems/not-found");
    }
    assert_eq!(bobs_list.json["items"].as_array().map(Vec::len), Some(0));
}

#[tokio::test]
async fn an_unknown_order_number_is_404_and_the_list_needs_a_token() {
    let app = spawn_app().await;
    let (_, ada) = customer_with_token(&app, "ada@example.com");

    let unknown = get(&app, "/api/v1/orders/CW-NOPE2345", Some(&ada)).await;
    let anonymous = get(&app, "/api/v1/orders", None).await;

    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
}

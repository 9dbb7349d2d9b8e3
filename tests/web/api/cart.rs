//! The token holder's cart through the API: adding, changing and removing lines under the
//! same stock and quantity rules as the cart page, and bodies the API refuses (unknown
//! fields, bad JSON, too large, not JSON).

use reqwest::{Method, StatusCode};
use serde_json::json;

use super::helpers::{add_to_cart, call, customer_with_token, get};
use crate::helpers::spawn_app;

#[tokio::test]
async fn lines_are_added_changed_and_removed_and_the_cart_is_answered_each_time() {
    // Arrange
    let app = spawn_app().await;
    let (_, token) = customer_with_token(&app, "ada@example.com");
    let mug = app.product("Blue Mug", 1250, 10);
    let lamp = app.product("Desk Lamp", 4500, 3);

    // Act
    let added = add_to_cart(&app, &token, mug.id, 2).await;
    add_to_cart(&app, &token, lamp.id, 1).await;
    let again = add_to_cart(&app, &token, mug.id, 1).await;
    let path = format!("/api/v1/cart/items/{}", mug.id);
    let changed = call(
        &app,
        Method::PATCH,
        &path,
        Some(&token),
        &[],
        Some(&json!({"quantity": 5})),
    )
    .await;
    let lamp_path = format!("/api/v1/cart/items/{}", lamp.id);
    let removed = call(&app, Method::DELETE, &lamp_path, Some(&token), &[], None).await;
    let shown = get(&app, "/api/v1/cart", Some(&token)).await;

    // Assert
    assert_eq!(added.status, StatusCode::CREATED);
    assert_eq!(added.json["items"][0]["quantity"], 2);
    assert_eq!(added.json["total"]["cents"], 2500);
    assert_eq!(again.json["item_count"], 4, "adds to the line");
    assert_eq!(changed.status, StatusCode::OK);
    assert_eq!(changed.json["total"]["cents"], 5 * 1250 + 4500);
    assert_eq!(removed.status, StatusCode::OK);
    assert_eq!(shown.json["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(shown.json["items"][0]["product_id"], mug.id);
    assert_eq!(shown.json["items"][0]["line_total"]["formatted"], "€62.50");
    assert_eq!(shown.json["total"]["cents"], 6250);
}

#[tokio::test]
async fn more_than_the_stock_is_an_out_of_stock_problem_and_nothing_changes() {
    let app = spawn_app().await;
    let (_, token) = customer_with_token(&app, "ada@example.com");
    let lamp = app.product("Desk Lamp", 4500, 3);
    add_to_cart(&app, &token, lamp.id, 2).await;

    let refused = add_to_cart(&app, &token, lamp.id, 2).await;
    let path = format!("/api/v1/cart/items/{}", lamp.id);
    let patched = call(
        &app,
        Method::PATCH,
        &path,
        Some(&token),
        &[],
        Some(&json!({"quantity": 4})),
    )
    .await;

    for answer in [&refused, &patched] {
        assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(answer.problem_type(), "/api/v1/problems/out-of-stock");
        assert_eq!(answer.json["detail"], "Only 3 of Desk Lamp left in stock.");
    }
    assert_eq!(
        get(&app, "/api/v1/cart", Some(&token)).await.json["item_count"],
        2
    );
}

#[tokio::test]
async fn quantities_out_of_range_are_validation_problems_on_the_quantity_field() {
    let app = spawn_app().await;
    let (_, token) = customer_with_token(&app, "ada@example.com");
    let mug = app.product("Blue Mug", 1250, 10);
    add_to_cart(&app, &token, mug.id, 1).await;
    let path = format!("/api/v1/cart/items/{}", mug.id);

    for quantity in [0, -1, 100, 5_000_000_000] {
        let added = add_to_cart(&app, &token, mug.id, quantity).await;
        assert_eq!(
            added.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "add {quantity}"
        );
        assert_eq!(added.error_fields(), vec!["quantity"], "add {quantity}");
    }
    for quantity in [-1, 100] {
        let body = json!({ "quantity": quantity });
        let patched = call(&app, Method::PATCH, &path, Some(&token), &[], Some(&body)).await;
        assert_eq!(
            patched.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "patch {quantity}"
        );
        assert_eq!(patched.error_fields(), vec!["quantity"]);
    }
}

#[tokio::test]
async fn products_not_for_sale_or_not_in_the_cart_are_404() {
    let app = spawn_app().await;
    let (_, token) = customer_with_token(&app, "ada@example.com");
    let mug = app.product("Blue Mug", 1250, 10);

    let unknown = add_to_cart(&app, &token, 999_999, 1).await;
    let path = format!("/api/v1/cart/items/{}", mug.id);
    let not_in_cart = call(&app, Method::DELETE, &path, Some(&token), &[], None).await;
    let bad_id = call(
        &app,
        Method::DELETE,
        "/api/v1/cart/items/abc",
        Some(&token),
        &[],
        None,
    )
    .await;

    for answer in [unknown, not_in_cart, bad_id] {
        assert_eq!(answer.status, StatusCode::NOT_FOUND);
        assert_eq!(answer.problem_type(), "/api/v1/problems/not-found");
    }
}

#[tokio::test]
async fn bodies_the_api_cannot_use_are_problems_of_their_own_kind() {
    let app = spawn_app().await;
    let (_, token) = customer_with_token(&app, "ada@example.com");
    let mug = app.product("Blue Mug", 1250, 10);
    let client = reqwest::Client::new();
    let url = format!("{}/api/v1/cart/items", app.address);
    let send = |content_type: &'static str, body: String| {
        client
            .post(&url)
            .bearer_auth(&token)
            .header("content-type", content_type)
            .body(body)
            .send()
    };
    let big = format!(
        "{{\"product_id\": {}, \"quantity\": 1, \"x\": \"{}\"}}",
        mug.id,
        "a".repeat(20_000)
    );
    let cases = [
        (
            "application/json",
            format!(
                "{{\"product_id\": {}, \"quantity\": 1, \"price\": 1}}",
                mug.id
            ),
            422,
            "validation",
        ),
        (
            "application/json",
            "{\"quantity\": 1}".to_string(),
            422,
            "validation",
        ),
        (
            "application/json",
            "{\"product_id\": ".to_string(),
            400,
            "bad-request",
        ),
        ("application/json", big, 413, "payload-too-large"),
        (
            "text/plain",
            "{}".to_string(),
            415,
            "unsupported-media-type",
        ),
    ];

    for (content_type, body, status, kind) in cases {
        let response = send(content_type, body).await.expect("request");
        assert_eq!(response.status().as_u16(), status, "{kind}");
        let problem: serde_json::Value =
            serde_json::from_str(&response.text().await.expect("body")).expect("json");
        assert_eq!(problem["type"], format!("/api/v1/problems/{kind}"));
    }
    assert_eq!(
        get(&app, "/api/v1/cart", Some(&token)).await.json["item_count"],
        0
    );
}

#[tokio::test]
async fn an_unknown_field_is_named_in_the_problem() {
    let app = spawn_app().await;
    let (_, token) = customer_with_token(&app, "ada@example.com");
    let mug = app.product("Blue Mug", 1250, 10);
    let body = json!({"product_id": mug.id, "quantity": 1, "price_cents": 1});

    let answer = call(
        &app,
        Method::POST,
        "/api/v1/cart/items",
        Some(&token),
        &[],
        Some(&body),
    )
    .await;

    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(answer.error_fields(), vec!["body"]);
    let message = answer.json["errors"][0]["message"]
        .as_str()
        .unwrap_or_default();
    assert!(message.contains("unknown field `price_cents`"), "{message}");
}

#[tokio::test]
async fn the_cart_needs_a_token() {
    let app = spawn_app().await;
    let mug = app.product("Blue Mug", 1250, 10);
    let body = json!({"product_id": mug.id, "quantity": 1});

    let answer = call(
        &app,
        Method::POST,
        "/api/v1/cart/items",
        None,
        &[],
        Some(&body),
    )
    .await;

    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
}

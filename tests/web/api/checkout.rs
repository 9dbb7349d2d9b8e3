//! `POST /api/v1/checkout`: the same stock and payment rules as the checkout page, and safe
//! retries with an `Idempotency-Key` (one order and one charge per key, however often and
//! however simultaneously it is sent).

use std::sync::Arc;

use cartwheel::domain::OrderStatus;
use cartwheel::models::{IdempotencyKey, now};
use cartwheel::services::payments::{Charge, PaymentGateway, PaymentResult};
use chrono::Duration;
use reqwest::StatusCode;

use super::helpers::{
    add_to_cart, check_out, checkout_body, customer_with_token, get, shop_counting_charges,
};
use crate::helpers::{DECLINED_CARD, GOOD_CARD, spawn_app, spawn_app_with_gateway};
use crate::jobs::run_at;

#[tokio::test]
async fn a_checkout_pays_for_the_cart_and_answers_the_order() {
    // Arrange
    let app = spawn_app().await;
    let (user, token) = customer_with_token(&app, "ada@example.com");
    let mug = app.product("Blue Mug", 1250, 10);
    add_to_cart(&app, &token, mug.id, 2).await;

    // Act
    let answer = check_out(&app, &token, "order-1", &checkout_body(GOOD_CARD)).await;

    // Assert
    assert_eq!(answer.status, StatusCode::CREATED);
    assert_eq!(answer.json["status"], "paid");
    assert_eq!(answer.json["total"]["cents"], 2500);
    assert_eq!(answer.json["items"][0]["quantity"], 2);
    assert_eq!(answer.header("idempotent-replayed"), "");
    let orders = app.orders();
    assert_eq!(orders.len(), 1);
    assert_eq!(orders[0].user_id, Some(user.id));
    assert_eq!(app.reload(&mug).stock, 8);
    assert_eq!(
        get(&app, "/api/v1/cart", Some(&token)).await.json["item_count"],
        0
    );
}

#[tokio::test]
async fn the_same_key_twice_makes_one_order_and_one_charge_and_replays_the_answer() {
    let (app, gateway, token) = shop_counting_charges().await;
    let body = checkout_body(GOOD_CARD);

    let first = check_out(&app, &token, "retry-me", &body).await;
    // The cart is empty now: only a replay can answer 201 again.
    let second = check_out(&app, &token, "retry-me", &body).await;

    assert_eq!(first.status, StatusCode::CREATED);
    assert_eq!(second.status, StatusCode::CREATED);
    assert_eq!(second.json, first.json);
    assert_eq!(second.header("idempotent-replayed"), "true");
    assert_eq!(app.orders().len(), 1);
    assert_eq!(gateway.count(), 1);
}

#[tokio::test]
async fn a_retry_after_the_key_was_pruned_still_finds_the_first_order() {
    let (app, gateway, token) = shop_counting_charges().await;
    let body = checkout_body(GOOD_CARD);
    let first = check_out(&app, &token, "old-key", &body).await;

    let pruned = run_at(&app, "prune-idempotency-keys", now() + Duration::days(8));
    let late_retry = check_out(&app, &token, "old-key", &body).await;

    assert_eq!(pruned, 1);
    assert_eq!(late_retry.status, StatusCode::CREATED);
    assert_eq!(late_retry.json["number"], first.json["number"]);
    assert_eq!(app.orders().len(), 1);
    assert_eq!(gateway.count(), 1);
}

#[tokio::test]
async fn the_same_key_with_another_body_is_refused() {
    let app = spawn_app().await;
    let (_, token) = customer_with_token(&app, "ada@example.com");
    let mug = app.product("Blue Mug", 1250, 10);
    add_to_cart(&app, &token, mug.id, 1).await;
    check_out(&app, &token, "k1", &checkout_body(GOOD_CARD)).await;
    let mut other = checkout_body(GOOD_CARD);
    other["city"] = "Paris".into();

    let answer = check_out(&app, &token, "k1", &other).await;

    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        answer.problem_type(),
        "/api/v1/problems/idempotency-key-reused"
    );
    assert_eq!(app.orders().len(), 1);
}

#[tokio::test]
async fn two_simultaneous_requests_with_one_key_make_one_order() {
    let (app, gateway, token) = shop_counting_charges().await;
    let body = checkout_body(GOOD_CARD);

    let (a, b) = tokio::join!(
        check_out(&app, &token, "same", &body),
        check_out(&app, &token, "same", &body)
    );

    let mut statuses = [a.status.as_u16(), b.status.as_u16()];
    statuses.sort_unstable();
    assert!(
        statuses == [201, 409] || statuses == [201, 201],
        "{statuses:?}"
    );
    assert_eq!(app.orders().len(), 1);
    assert_eq!(gateway.count(), 1);
}

#[tokio::test]
async fn a_checkout_without_an_idempotency_key_is_refused_before_anything_happens() {
    let app = spawn_app().await;
    let (_, token) = customer_with_token(&app, "ada@example.com");
    let mug = app.product("Blue Mug", 1250, 10);
    add_to_cart(&app, &token, mug.id, 1).await;
    let body = checkout_body(GOOD_CARD);
    let too_long = "k".repeat(256);

    for headers in [
        vec![],
        vec![("idempotency-key", "  ")],
        vec![("idempotency-key", too_long.as_str())],
    ] {
        let answer = super::helpers::call(
            &app,
            reqwest::Method::POST,
            "/api/v1/checkout",
            Some(&token),
            &headers,
            Some(&body),
        )
        .await;

        assert_eq!(answer.status, StatusCode::BAD_REQUEST);
        assert_eq!(
            answer.problem_type(),
            "/api/v1/problems/idempotency-key-missing"
        );
    }
    assert!(app.orders().is_empty());
}

#[tokio::test]
async fn a_declined_card_is_a_402_that_a_retry_with_the_key_gets_again() {
    let app = spawn_app().await;
    let (_, token) = customer_with_token(&app, "ada@example.com");
    let mug = app.product("Blue Mug", 1250, 10);
    add_to_cart(&app, &token, mug.id, 2).await;
    let body = checkout_body(DECLINED_CARD);

    let first = check_out(&app, &token, "card-1", &body).await;
    let retry = check_out(&app, &token, "card-1", &body).await;
    let new_try = check_out(&app, &token, "card-2", &checkout_body(GOOD_CARD)).await;

    assert_eq!(first.status, StatusCode::PAYMENT_REQUIRED);
    assert_eq!(first.problem_type(), "/api/v1/problems/payment-declined");
    assert_eq!(retry.status, StatusCode::PAYMENT_REQUIRED);
    assert_eq!(retry.header("idempotent-replayed"), "true");
    assert_eq!(
        new_try.status,
        StatusCode::CREATED,
        "a new key is a new try"
    );
    let statuses: Vec<OrderStatus> = app.orders().iter().map(|o| o.status()).collect();
    assert_eq!(
        statuses,
        vec![OrderStatus::Paid, OrderStatus::PaymentFailed]
    );
    assert_eq!(
        app.reload(&mug).stock,
        8,
        "the declined order's stock came back"
    );
}

#[tokio::test]
async fn too_little_stock_or_an_empty_cart_is_refused_by_the_checkout_rules() {
    let app = spawn_app().await;
    let (_, token) = customer_with_token(&app, "ada@example.com");
    let lamp = app.product("Desk Lamp", 4500, 2);
    add_to_cart(&app, &token, lamp.id, 2).await;
    // Someone else buys one of the two while it sits in the cart.
    app.place_order(&lamp, 1).await;

    let short = check_out(&app, &token, "a", &checkout_body(GOOD_CARD)).await;
    let (_, empty_token) = customer_with_token(&app, "bob@example.com");
    let empty = check_out(&app, &empty_token, "b", &checkout_body(GOOD_CARD)).await;

    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(short.problem_type(), "/api/v1/problems/out-of-stock");
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(empty.problem_type(), "/api/v1/problems/refused");
    assert_eq!(empty.json["detail"], "Your cart is empty.");
    assert_eq!(app.orders().len(), 1);
}

#[tokio::test]
async fn invalid_fields_are_listed_like_the_checkout_page_lists_them() {
    let app = spawn_app().await;
    let (_, token) = customer_with_token(&app, "ada@example.com");
    let mug = app.product("Blue Mug", 1250, 10);
    add_to_cart(&app, &token, mug.id, 1).await;
    let mut body = checkout_body("4242 4242 4242 4241");
    body["email"] = "not-an-email".into();
    body["card_expiry"] = "01/20".into();

    let answer = check_out(&app, &token, "k", &body).await;

    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(answer.problem_type(), "/api/v1/problems/validation");
    let mut fields = answer.error_fields();
    fields.sort();
    assert_eq!(fields, vec!["card_expiry", "card_number", "email"]);
    assert!(app.orders().is_empty());
}

/// A gateway whose call fails on our side (the thread running it dies).
struct BrokenGateway;

impl PaymentGateway for BrokenGateway {
    fn charge(&self, _charge: &Charge) -> PaymentResult {
        panic!("the gateway connection broke (a test)");
    }
}

#[tokio::test]
async fn a_server_error_is_a_problem_with_the_request_id_and_a_retry_makes_no_second_order() {
    let app = spawn_app_with_gateway(|_| {}, Arc::new(BrokenGateway)).await;
    let (_, token) = customer_with_token(&app, "ada@example.com");
    let mug = app.product("Blue Mug", 1250, 10);
    add_to_cart(&app, &token, mug.id, 1).await;
    let body = checkout_body(GOOD_CARD);

    let failed = check_out(&app, &token, "k", &body).await;
    let retry = check_out(&app, &token, "k", &body).await;

    assert_eq!(failed.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(failed.header("content-type"), "application/problem+json");
    assert_eq!(failed.problem_type(), "/api/v1/problems/internal");
    let detail = failed.json["detail"].as_str().unwrap_or_default();
    assert!(detail.contains(failed.header("x-request-id")), "{detail}");
    assert!(
        !detail.contains("gateway connection"),
        "the cause stays in the log"
    );
    // The key was given back; the retry found the order the first attempt reserved, still
    // unpaid, so it is told to wait rather than that it paid.
    assert_eq!(retry.status, StatusCode::CONFLICT);
    assert_eq!(
        retry.problem_type(),
        "/api/v1/problems/idempotency-key-in-use"
    );
    assert_eq!(app.orders().len(), 1);
    // Once the stale-orders job has closed that order, a retry learns the payment failed.
    run_at(&app, "stale-orders", now() + Duration::hours(1));
    let after = check_out(&app, &token, "k", &body).await;
    assert_eq!(after.status, StatusCode::PAYMENT_REQUIRED);
    assert_eq!(after.problem_type(), "/api/v1/problems/payment-declined");
    assert_eq!(app.orders().len(), 1);
}

#[tokio::test]
async fn an_abandoned_claim_is_taken_over_by_one_retry_only() {
    // Arrange: a claim three minutes old that never got an answer (its request died).
    let app = spawn_app().await;
    let (user, _) = customer_with_token(&app, "ada@example.com");
    let conn = &mut app.conn();
    let long_ago = now() - Duration::minutes(3);
    IdempotencyKey::claim(conn, user.id, "k", "fingerprint", long_ago).expect("claimed");
    let abandoned = IdempotencyKey::find(conn, user.id, "k").expect("the claim");

    // Act: two retries found it abandoned at the same moment.
    let first = IdempotencyKey::take_over(conn, &abandoned, now()).expect("update");
    let second = IdempotencyKey::take_over(conn, &abandoned, now()).expect("update");

    // Assert
    assert!(first, "one retry takes it over");
    assert!(!second, "the other finds it renewed and must wait");
}

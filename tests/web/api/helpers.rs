//! Helpers for the API tests: a cookieless JSON client (`call`, `get`), a customer with a
//! token made through the shop's own service, a valid checkout body, and a gateway that
//! counts its charges (with `shop_counting_charges`, the start of the retry tests).

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use cartwheel::models::{User, now};
use cartwheel::services::api_tokens;
use cartwheel::services::payments::{Charge, PaymentGateway, PaymentResult, SandboxGateway};
use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{GOOD_CARD, TestApp, spawn_app_with_gateway};

/// An API answer: status, headers and the body as JSON (`Null` when it is not JSON).
pub struct ApiResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub json: Value,
}

impl ApiResponse {
    /// The problem's `type`, or "" for an answer that is not a problem.
    pub fn problem_type(&self) -> &str {
        self.json["type"].as_str().unwrap_or_default()
    }

    /// A header's value as text, or "".
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
    }

    /// The fields named in a problem's `errors`.
    pub fn error_fields(&self) -> Vec<String> {
        self.json["errors"]
            .as_array()
            .map(|errors| {
                errors
                    .iter()
                    .filter_map(|error| error["field"].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// Sends a request with an optional bearer token, extra headers and a JSON body; no cookies.
pub async fn call(
    app: &TestApp,
    method: Method,
    path: &str,
    token: Option<&str>,
    headers: &[(&str, &str)],
    body: Option<&Value>,
) -> ApiResponse {
    let client = reqwest::Client::new();
    let mut request = client.request(method, format!("{}{path}", app.address));
    if let Some(token) = token {
        request = request.header("authorization", format!("Bearer {token}"));
    }
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    if let Some(body) = body {
        request = request
            .header("content-type", "application/json")
            .body(body.to_string());
    }
    let response = request.send().await.expect("request");
    let (status, headers) = (response.status(), response.headers().clone());
    let text = response.text().await.expect("body");
    let json = serde_json::from_str(&text).unwrap_or(Value::Null);
    ApiResponse {
        status,
        headers,
        json,
    }
}

/// GETs an API path, with a token if given.
pub async fn get(app: &TestApp, path: &str, token: Option<&str>) -> ApiResponse {
    call(app, Method::GET, path, token, &[], None).await
}

/// A customer (with the test password, so they can log in too) and a token of theirs.
pub fn customer_with_token(app: &TestApp, email: &str) -> (User, String) {
    let user = app.user(email, false);
    let (_, token) =
        api_tokens::create(&mut app.conn(), user.id, "test script", now()).expect("token");
    (user, token)
}

/// Adds `quantity` of a product to the token holder's cart through the API.
pub async fn add_to_cart(
    app: &TestApp,
    token: &str,
    product_id: i32,
    quantity: i64,
) -> ApiResponse {
    let body = json!({ "product_id": product_id, "quantity": quantity });
    call(
        app,
        Method::POST,
        "/api/v1/cart/items",
        Some(token),
        &[],
        Some(&body),
    )
    .await
}

/// A complete, valid checkout body paying with `card`.
pub fn checkout_body(card: &str) -> Value {
    json!({
        "email": "ada@example.com",
        "name": "Ada Lovelace",
        "address_line1": "12 Analytical Street",
        "city": "London",
        "postal_code": "N1 7AA",
        "country": "United Kingdom",
        "card_number": card,
        "card_expiry": "12/39",
        "card_cvc": "123"
    })
}

/// POSTs a checkout with this idempotency key and body.
pub async fn check_out(app: &TestApp, token: &str, key: &str, body: &Value) -> ApiResponse {
    let headers = [("idempotency-key", key)];
    call(
        app,
        Method::POST,
        "/api/v1/checkout",
        Some(token),
        &headers,
        Some(body),
    )
    .await
}

/// Pays with the approved card under a fresh key.
pub async fn check_out_ok(app: &TestApp, token: &str) -> ApiResponse {
    let key = cartwheel::tokens::random_token();
    check_out(app, token, &key, &checkout_body(GOOD_CARD)).await
}

/// The sandbox, counting the charges it makes and slow enough for requests to overlap.
#[derive(Default)]
pub struct CountingGateway {
    pub charges: AtomicUsize,
}

impl CountingGateway {
    /// How many charges were made.
    pub fn count(&self) -> usize {
        self.charges.load(Ordering::SeqCst)
    }
}

impl PaymentGateway for CountingGateway {
    fn charge(&self, charge: &Charge) -> PaymentResult {
        self.charges.fetch_add(1, Ordering::SeqCst);
        std::thread::sleep(Duration::from_millis(100));
        SandboxGateway.charge(charge)
    }
}

/// A shop whose gateway counts its charges, and the token of a customer whose cart holds
/// one Blue Mug (€12.50): where the checkout retry tests start.
pub async fn shop_counting_charges() -> (TestApp, Arc<CountingGateway>, String) {
    let gateway = Arc::new(CountingGateway::default());
    let app = spawn_app_with_gateway(|_| {}, gateway.clone()).await;
    let (_, token) = customer_with_token(&app, "ada@example.com");
    let mug = app.product("Blue Mug", 1250, 10);
    add_to_cart(&app, &token, mug.id, 1).await;
    (app, gateway, token)
}

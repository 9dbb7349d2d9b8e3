//! Personal API tokens: made and revoked on `/account` (shown once, stored as a hash, last
//! use recorded), how a request without a working token is answered, and the throttle on
//! wrong tokens.

use cartwheel::models::{ApiToken, User, now, token_hash};
use cartwheel::services::throttle::LIMIT;
use chrono::Duration;
use reqwest::StatusCode;

use super::helpers::{customer_with_token, get};
use crate::helpers::{TestApp, assert_redirects_to, spawn_app};

/// The token shown on an account page, if any.
fn shown_token(html: &str) -> Option<String> {
    let marker = "id=\"new-api-token\">";
    let start = html.find(marker)? + marker.len();
    html[start..].split('<').next().map(str::to_string)
}

/// Logs `email` in on the app's browser and makes a token named `name` on /account.
async fn make_token_on_account_page(app: &TestApp, email: &str, name: &str) -> (User, String) {
    let user = app.user(email, false);
    app.log_in(email).await;
    let response = app
        .post_form("/account/api-tokens", &[("name", name)])
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response
            .headers()
            .get("cache-control")
            .map(|v| v.as_bytes()),
        Some(&b"no-store"[..])
    );
    let html = response.text().await.expect("page");
    (user, shown_token(&html).expect("the new token is shown"))
}

#[tokio::test]
async fn a_token_made_on_the_account_page_is_shown_once_and_stored_as_a_hash() {
    // Arrange
    let app = spawn_app().await;

    // Act
    let (user, token) = make_token_on_account_page(&app, "ada@example.com", "My phone").await;

    // Assert
    assert!(token.starts_with("cw_") && token.len() == 46, "{token}");
    let rows = ApiToken::active_for_user(&mut app.conn(), user.id).expect("tokens");
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].name, "My phone");
    assert_eq!(rows[0].token_hash, token_hash(&token));
    assert_ne!(rows[0].token_hash, token);
    let account = app.get_html("/account").await;
    assert!(account.contains("My phone") && account.contains("never used"));
    assert!(!account.contains(&token), "shown only once");
    assert_eq!(
        get(&app, "/api/v1/cart", Some(&token)).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_revoked_token_gets_401_and_leaves_the_account_page() {
    let app = spawn_app().await;
    let (user, token) = make_token_on_account_page(&app, "ada@example.com", "Script").await;
    let id = ApiToken::active_for_user(&mut app.conn(), user.id).expect("tokens")[0].id;

    let response = app
        .post_form(&format!("/account/api-tokens/{id}/revoke"), &[])
        .await;

    assert_redirects_to(&response, "/account");
    let answer = get(&app, "/api/v1/cart", Some(&token)).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    assert_eq!(answer.problem_type(), "/api/v1/problems/unauthorized");
    let row = ApiToken::find(&mut app.conn(), id).expect("row kept");
    assert!(row.revoked_at.is_some());
    assert!(!app.get_html("/account").await.contains("Script"));
}

#[tokio::test]
async fn nobody_can_revoke_another_customers_token() {
    let app = spawn_app().await;
    let (ada, token) = customer_with_token(&app, "ada@example.com");
    let ada_token = ApiToken::active_for_user(&mut app.conn(), ada.id).expect("tokens")[0].id;
    app.user("bob@example.com", false);
    app.log_in("bob@example.com").await;

    app.post_form(&format!("/account/api-tokens/{ada_token}/revoke"), &[])
        .await;

    assert_eq!(
        get(&app, "/api/v1/cart", Some(&token)).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_token_needs_a_short_name_and_the_form_keeps_what_was_typed() {
    let app = spawn_app().await;
    let ada = app.user("ada@example.com", false);
    app.log_in("ada@example.com").await;
    let long = "x".repeat(61);

    for (name, message) in [
        ("  ", "Enter a name for the token."),
        (&*long, "Use at most 60 characters."),
    ] {
        let response = app
            .post_form("/account/api-tokens", &[("name", name)])
            .await;

        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{name:?}"
        );
        let html = response.text().await.expect("page");
        assert!(html.contains(message), "{name:?}");
        assert!(html.contains(&format!("value=\"{}\"", name.trim_end())) || name.trim().is_empty());
        assert_eq!(shown_token(&html), None);
    }
    assert!(
        ApiToken::active_for_user(&mut app.conn(), ada.id)
            .expect("tokens")
            .is_empty()
    );
}

#[tokio::test]
async fn the_token_forms_need_the_csrf_token() {
    let app = spawn_app().await;
    let ada = app.user("ada@example.com", false);
    app.log_in("ada@example.com").await;

    let response = app
        .post_raw("/account/api-tokens", &[("name", "Script")])
        .await;

    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert!(
        ApiToken::active_for_user(&mut app.conn(), ada.id)
            .expect("tokens")
            .is_empty()
    );
}

#[tokio::test]
async fn a_missing_or_unknown_token_gets_401_with_the_scheme_to_use() {
    let app = spawn_app().await;
    customer_with_token(&app, "ada@example.com");

    for token in [None, Some("cw_wrong"), Some("not-even-ours")] {
        let answer = get(&app, "/api/v1/orders", token).await;

        assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "{token:?}");
        assert_eq!(
            answer.header("www-authenticate"),
            "Bearer realm=\"cartwheel\""
        );
        assert_eq!(answer.header("content-type"), "application/problem+json");
    }
}

#[tokio::test]
async fn the_last_use_is_recorded_at_most_once_a_minute() {
    let app = spawn_app().await;
    let (user, token) = customer_with_token(&app, "ada@example.com");
    let id = ApiToken::active_for_user(&mut app.conn(), user.id).expect("tokens")[0].id;
    let long_ago = now() - Duration::minutes(5);
    // Pretend the last use was five minutes ago.
    ApiToken::touch(&mut app.conn(), id, long_ago, now() + Duration::days(1)).expect("touch");

    get(&app, "/api/v1/cart", Some(&token)).await;
    let first = ApiToken::find(&mut app.conn(), id)
        .expect("row")
        .last_used_at;
    get(&app, "/api/v1/cart", Some(&token)).await;
    let second = ApiToken::find(&mut app.conn(), id)
        .expect("row")
        .last_used_at;

    let first = first.expect("recorded");
    assert!(first > long_ago + Duration::minutes(4), "updated to now");
    assert_eq!(Some(first), second, "not written again within the minute");
}

#[tokio::test]
async fn wrong_tokens_are_throttled_per_address_but_a_right_one_still_works() {
    let app = spawn_app().await;
    let (_, token) = customer_with_token(&app, "ada@example.com");

    for attempt in 1..=LIMIT {
        let answer = get(&app, "/api/v1/cart", Some("cw_guess")).await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "attempt {attempt}");
    }
    let throttled = get(&app, "/api/v1/cart", Some("cw_guess")).await;
    let owner = get(&app, "/api/v1/cart", Some(&token)).await;

    assert_eq!(throttled.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        throttled.problem_type(),
        "/api/v1/problems/too-many-requests"
    );
    assert!(
        throttled
            .header("retry-after")
            .parse::<i64>()
            .expect("seconds")
            > 0
    );
    assert_eq!(owner.status, StatusCode::OK);
}

#[tokio::test]
async fn a_disabled_account_s_token_authenticates_nobody() {
    let app = spawn_app().await;
    let (user, token) = customer_with_token(&app, "ada@example.com");

    User::set_disabled_at(&mut app.conn(), user.id, Some(now())).expect("disabled");

    assert_eq!(
        get(&app, "/api/v1/cart", Some(&token)).await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn the_command_line_makes_a_working_token_for_an_existing_account_only() {
    let app = spawn_app().await;
    app.user("ada@example.com", false);
    let cli = |email: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_cartwheel"))
            .args(["api-token", "create", email, "Stock script"])
            .env("DATABASE_URL", app.database.url_string())
            .env("CARTWHEEL_SESSION_KEY", crate::process::SESSION_KEY)
            .env("RUST_LOG", "warn")
            .output()
            .expect("the binary runs")
    };

    let made = cli("ada@example.com");
    let unknown = cli("nobody@example.com");

    assert!(made.status.success(), "{made:?}");
    let token = String::from_utf8_lossy(&made.stdout).trim().to_string();
    assert!(token.starts_with("cw_"), "{token}");
    assert_eq!(
        get(&app, "/api/v1/cart", Some(&token)).await.status,
        StatusCode::OK
    );
    assert!(!unknown.status.success());
}

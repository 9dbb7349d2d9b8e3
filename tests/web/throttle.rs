//! Failed logins and sign-ups are limited per account and per client address, in the
//! database: the 11th within 15 minutes gets a 429 page saying when to retry.

use cartwheel::models::{ThrottleEvent, now};
use chrono::Duration;
use futures::future::join_all;
use reqwest::{Method, StatusCode};

use crate::helpers::{Browser, PASSWORD, assert_redirects_to, spawn_app, spawn_app_with};

async fn fail_login(browser: &Browser, email: &str) -> reqwest::Response {
    browser
        .post_form(
            "/login",
            &[("email", email), ("password", "wrong password")],
        )
        .await
}

/// A failed login as if relayed by a proxy that says the client was `client`.
async fn fail_login_from(browser: &Browser, email: &str, client: &str) -> StatusCode {
    let token = browser.csrf_token().await;
    let body = serde_urlencoded::to_string([
        ("email", email),
        ("password", "wrong password"),
        ("csrf_token", &token),
    ])
    .expect("encodable");
    browser
        .request(Method::POST, "/login")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("x-forwarded-for", client)
        .body(body)
        .send()
        .await
        .expect("request")
        .status()
}

#[tokio::test]
async fn the_eleventh_failed_login_gets_a_429_page_saying_when_to_retry() {
    let app = spawn_app().await;
    app.user("ada@example.com", false);
    for attempt in 1..=10 {
        let response = fail_login(&app, "ada@example.com").await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "attempt {attempt}"
        );
    }

    let eleventh = fail_login(&app, "ada@example.com").await;

    assert_eq!(eleventh.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry_after: i64 = eleventh.headers()["retry-after"]
        .to_str()
        .expect("ascii")
        .parse()
        .expect("seconds");
    assert!((1..=900).contains(&retry_after), "{retry_after}");
    let page = eleventh.text().await.expect("body");
    assert!(page.contains("Too many attempts"));
    assert!(page.contains("please wait 15 minutes"), "{page}");
    // Even the right password waits: the guesser must not learn it was right.
    let right = app.new_browser().log_in("ada@example.com").await;
    assert_eq!(right.status(), StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn parallel_guesses_cannot_slip_past_the_limit() {
    let app = spawn_app().await;
    app.user("ada@example.com", false);
    let guessers: Vec<Browser> = (0..30).map(|_| app.new_browser()).collect();
    for guesser in &guessers {
        guesser.csrf_token().await;
    }

    let responses = join_all(guessers.iter().map(|g| fail_login(g, "ada@example.com"))).await;

    let checked = responses
        .iter()
        .filter(|r| r.status() == StatusCode::UNPROCESSABLE_ENTITY)
        .count();
    let refused = responses
        .iter()
        .filter(|r| r.status() == StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert_eq!((checked, refused), (10, 20));
}

#[tokio::test]
async fn failures_for_one_account_count_whatever_address_they_come_from() {
    // Behind a trusted proxy every guess may name another address; the account still counts.
    let app = spawn_app_with(|config| {
        config.trusted_proxies = vec!["127.0.0.1/32".parse().expect("network")];
    })
    .await;
    app.user("ada@example.com", false);
    for n in 0..10 {
        let status = fail_login_from(&app, "ada@example.com", &format!("203.0.113.{n}")).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    }

    let eleventh = fail_login_from(&app, "ada@example.com", "198.51.100.1").await;
    let other_account = fail_login_from(&app, "bob@example.com", "198.51.100.1").await;

    assert_eq!(eleventh, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(other_account, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn failures_older_than_15_minutes_no_longer_count() {
    let app = spawn_app().await;
    app.user("ada@example.com", false);
    let long_ago = now() - Duration::minutes(16);
    for _ in 0..10 {
        for subject in ["account:ada@example.com", "address:127.0.0.1"] {
            ThrottleEvent::record(&mut app.conn(), "failed_login", subject, long_ago)
                .expect("event");
        }
    }

    let response = app.log_in("ada@example.com").await;

    assert_redirects_to(&response, "/");
}

#[tokio::test]
async fn failures_from_one_address_count_across_accounts() {
    let app = spawn_app().await;
    for n in 0..10 {
        fail_login(&app, &format!("user{n}@example.com")).await;
    }

    let response = fail_login(&app.new_browser(), "someone-else@example.com").await;

    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn a_forwarded_for_header_is_ignored_unless_the_peer_is_a_trusted_proxy() {
    let app = spawn_app().await;
    for n in 0..10 {
        let status = fail_login_from(
            &app,
            &format!("u{n}@example.com"),
            &format!("203.0.113.{n}"),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    }

    let status = fail_login_from(&app, "other@example.com", "203.0.113.99").await;

    assert_eq!(
        status,
        StatusCode::TOO_MANY_REQUESTS,
        "a made-up header must not help"
    );
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_client_address_is_counted_separately() {
    let app = spawn_app_with(|config| {
        config.trusted_proxies = vec!["127.0.0.1/32".parse().expect("network")];
    })
    .await;
    for n in 0..10 {
        let status = fail_login_from(&app, &format!("u{n}@example.com"), "203.0.113.1").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    }

    let same_client = fail_login_from(&app, "other@example.com", "203.0.113.1").await;
    let other_client = fail_login_from(&app, "other@example.com", "203.0.113.2").await;

    assert_eq!(same_client, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(other_client, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn the_eleventh_sign_up_from_one_address_gets_429() {
    let app = spawn_app().await;
    for n in 0..10 {
        let email = format!("new{n}@example.com");
        let response = app
            .new_browser()
            .post_form(
                "/register",
                &[
                    ("name", "New"),
                    ("email", &email),
                    ("password", "tulip-ladder-41"),
                ],
            )
            .await;
        assert_redirects_to(&response, "/");
    }

    let response = app
        .new_browser()
        .post_form(
            "/register",
            &[
                ("name", "New"),
                ("email", "new10@example.com"),
                ("password", PASSWORD),
            ],
        )
        .await;

    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(
        response
            .text()
            .await
            .expect("body")
            .contains("Too many attempts")
    );
}

//! "Forgot my password": the same answer for every email, a one-time link built from the
//! configured base URL, refused once expired or used, ending every login of the account.

use cartwheel::models::{OutboxMessage, PasswordReset, now};
use chrono::Duration;
use reqwest::{StatusCode, header};

use crate::helpers::{Browser, TestApp, assert_redirects_to, spawn_app, spawn_app_with};

const NEW_PASSWORD: &str = "a brand new secret";

/// The reset links mailed so far, oldest first.
fn reset_links(app: &TestApp) -> Vec<String> {
    OutboxMessage::of_kind(&mut app.conn(), "password_reset")
        .expect("outbox")
        .iter()
        .map(|mail| link_in(&mail.text_body))
        .collect()
}

fn link_in(text: &str) -> String {
    text.lines()
        .find(|line| line.contains("/password/reset/"))
        .expect("a link in the mail")
        .trim()
        .to_string()
}

/// The path of a link (`/password/reset/TOKEN`) and its token.
fn path_and_token(link: &str) -> (String, String) {
    let start = link.find("/password/reset/").expect("reset path");
    let path = link[start..].to_string();
    let token = path.trim_start_matches("/password/reset/").to_string();
    (path, token)
}

async fn ask_for_link(browser: &Browser, email: &str) -> reqwest::Response {
    browser
        .post_form("/password/forgot", &[("email", email)])
        .await
}

#[tokio::test]
async fn a_known_and_an_unknown_email_get_the_same_answer_and_only_the_known_one_a_mail() {
    // Arrange
    let app = spawn_app().await;
    app.user("ann@example.com", false);
    let stranger = app.new_browser();

    // Act
    let known = ask_for_link(&app, "ann@example.com").await;
    let unknown = ask_for_link(&stranger, "nobody@example.com").await;

    // Assert
    assert_redirects_to(&known, "/login");
    assert_redirects_to(&unknown, "/login");
    let known_page = app.get_html("/login").await;
    let unknown_page = stranger.get_html("/login").await;
    assert!(known_page.contains("If an account exists for that address, we sent a link"));
    assert_eq!(
        known_page.replace(&app.csrf_token().await, ""),
        unknown_page.replace(&stranger.csrf_token().await, ""),
        "the two pages differ only in their CSRF token"
    );
    let mails = OutboxMessage::of_kind(&mut app.conn(), "password_reset").expect("outbox");
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].to_address, "ann@example.com");
    assert!(mails[0].html_body.contains("/password/reset/"));
}

#[tokio::test]
async fn the_mailed_link_sets_a_new_password_once() {
    // Arrange
    let app = spawn_app().await;
    app.user("ann@example.com", false);
    ask_for_link(&app, "ann@example.com").await;
    let (path, _) = path_and_token(&reset_links(&app)[0]);

    // Act
    let form = app.get(&path).await;
    let reset = app
        .post_form(&path, &[("new_password", NEW_PASSWORD)])
        .await;
    let second = app
        .post_form(&path, &[("new_password", "yet another secret")])
        .await;

    // Assert
    assert_eq!(form.status(), StatusCode::OK);
    assert_redirects_to(&reset, "/login");
    assert_eq!(second.status(), StatusCode::GONE, "a link works once");
    assert_eq!(app.get(&path).await.status(), StatusCode::GONE);
    let old = app.new_browser();
    assert_eq!(
        old.log_in("ann@example.com").await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let new = app.new_browser();
    let login = new
        .post_form(
            "/login",
            &[("email", "ann@example.com"), ("password", NEW_PASSWORD)],
        )
        .await;
    assert_redirects_to(&login, "/");
}

#[tokio::test]
async fn the_link_is_built_from_the_base_url_whatever_the_host_header() {
    // Arrange
    let app = spawn_app_with(|config| config.base_url = "https://shop.example".into()).await;
    app.user("ann@example.com", false);
    let token = app.csrf_token().await;

    // Act
    let body = serde_urlencoded::to_string([("email", "ann@example.com"), ("csrf_token", &token)])
        .expect("encodable");
    let response = app
        .request(reqwest::Method::POST, "/password/forgot")
        .header(header::HOST, "evil.example")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .expect("request");

    // Assert
    assert_redirects_to(&response, "/login");
    let link = &reset_links(&app)[0];
    assert!(
        link.starts_with("https://shop.example/password/reset/"),
        "{link}"
    );
    assert!(!link.contains("evil"));
}

#[tokio::test]
async fn an_expired_link_is_refused_and_changes_nothing() {
    // Arrange
    let app = spawn_app().await;
    app.user("ann@example.com", false);
    ask_for_link(&app, "ann@example.com").await;
    let (path, token) = path_and_token(&reset_links(&app)[0]);
    let past = now() - Duration::minutes(1);
    PasswordReset::set_expires_at(&mut app.conn(), &token, past).expect("expired");

    // Act
    let page = app.get(&path).await;
    let post = app
        .post_form(&path, &[("new_password", NEW_PASSWORD)])
        .await;

    // Assert
    assert_eq!(page.status(), StatusCode::GONE);
    assert!(page.text().await.expect("body").contains("no longer valid"));
    assert_eq!(post.status(), StatusCode::GONE);
    assert_redirects_to(&app.new_browser().log_in("ann@example.com").await, "/");
}

#[tokio::test]
async fn an_unknown_token_gets_the_same_page_as_an_expired_one() {
    let app = spawn_app().await;

    let page = app.get("/password/reset/not-a-token").await;

    assert_eq!(page.status(), StatusCode::GONE);
    assert!(
        page.text()
            .await
            .expect("body")
            .contains("href=\"/password/forgot\"")
    );
}

#[tokio::test]
async fn using_a_link_makes_the_other_links_worthless() {
    let app = spawn_app().await;
    app.user("ann@example.com", false);
    ask_for_link(&app, "ann@example.com").await;
    ask_for_link(&app, "ann@example.com").await;
    let links = reset_links(&app);
    let (first, _) = path_and_token(&links[0]);
    let (second, _) = path_and_token(&links[1]);

    let used = app
        .post_form(&second, &[("new_password", NEW_PASSWORD)])
        .await;

    assert_redirects_to(&used, "/login");
    assert_eq!(app.get(&first).await.status(), StatusCode::GONE);
}

#[tokio::test]
async fn a_reset_logs_the_account_out_everywhere() {
    // Arrange: Ann is logged in on another device.
    let app = spawn_app().await;
    app.user("ann@example.com", false);
    let other_device = app.new_browser();
    other_device.log_in("ann@example.com").await;
    assert_eq!(other_device.get("/account").await.status(), StatusCode::OK);
    ask_for_link(&app, "ann@example.com").await;
    let (path, _) = path_and_token(&reset_links(&app)[0]);

    // Act
    app.post_form(&path, &[("new_password", NEW_PASSWORD)])
        .await;

    // Assert
    let after = other_device.get("/account").await;
    assert_eq!(after.status(), StatusCode::SEE_OTHER);
    assert!(crate::helpers::location(&after).starts_with("/login"));
}

#[tokio::test]
async fn a_password_the_sign_up_rules_refuse_shows_the_form_again_and_keeps_the_link() {
    let app = spawn_app().await;
    app.user("ann@example.com", false);
    ask_for_link(&app, "ann@example.com").await;
    let (path, _) = path_and_token(&reset_links(&app)[0]);

    let short = app.post_form(&path, &[("new_password", "short")]).await;

    assert_eq!(short.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        app.get(&path).await.status(),
        StatusCode::OK,
        "still usable"
    );
    assert_redirects_to(&app.new_browser().log_in("ann@example.com").await, "/");
}

#[tokio::test]
async fn reset_requests_are_throttled_after_ten() {
    let app = spawn_app().await;

    for attempt in 1..=10 {
        let response = ask_for_link(&app, "ann@example.com").await;
        assert_eq!(
            response.status(),
            StatusCode::SEE_OTHER,
            "attempt {attempt}"
        );
    }
    let eleventh = ask_for_link(&app, "ann@example.com").await;

    assert_eq!(eleventh.status(), StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn the_reset_forms_need_the_csrf_token() {
    let app = spawn_app().await;
    app.user("ann@example.com", false);
    app.get("/password/forgot").await;

    let forgot = app
        .post_raw("/password/forgot", &[("email", "ann@example.com")])
        .await;
    ask_for_link(&app, "ann@example.com").await;
    let (path, _) = path_and_token(&reset_links(&app)[0]);
    let reset = app.post_raw(&path, &[("new_password", NEW_PASSWORD)]).await;

    assert_eq!(forgot.status(), StatusCode::FORBIDDEN);
    assert_eq!(reset.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        reset_links(&app).len(),
        1,
        "the forged request sent nothing"
    );
    assert_eq!(
        app.get(&path).await.status(),
        StatusCode::OK,
        "the link is unused"
    );
}

#[tokio::test]
async fn two_requests_racing_with_one_link_cannot_both_use_it() {
    // Arrange: two tabs of the same browser, each with the form open.
    let app = spawn_app().await;
    app.user("ann@example.com", false);
    ask_for_link(&app, "ann@example.com").await;
    let (path, _) = path_and_token(&reset_links(&app)[0]);

    // Act
    let (one, two) = tokio::join!(
        app.post_form(&path, &[("new_password", NEW_PASSWORD)]),
        app.post_form(&path, &[("new_password", "the other new secret")]),
    );

    // Assert: exactly one of them set a password.
    let mut statuses = [one.status(), two.status()];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::SEE_OTHER, StatusCode::GONE]);
}

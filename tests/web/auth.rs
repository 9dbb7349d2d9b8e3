//! Accounts: signing up, logging in and out, and pages that need a login.

use cartwheel::models::User;
use reqwest::StatusCode;

use crate::helpers::{PASSWORD, assert_redirects_to, form_shown_again, hidden_field, spawn_app};

#[tokio::test]
async fn signing_up_creates_a_hashed_account_and_logs_it_in() {
    // Arrange
    let app = spawn_app().await;

    // Act
    let response = app
        .post_form(
            "/register",
            &[
                ("name", "Ada"),
                ("email", " Ada@Example.com "),
                ("password", PASSWORD),
            ],
        )
        .await;

    // Assert
    assert_redirects_to(&response, "/");
    let home = app.get_html("/").await;
    assert!(home.contains("Welcome to Cartwheel, Ada!"));
    assert!(home.contains("href=\"/account\""));
    let user = User::find_by_email(&mut app.conn(), "ada@example.com")
        .expect("query")
        .expect("user exists");
    assert!(user.password_hash.starts_with("$2"), "bcrypt hash");
    assert!(!user.password_hash.contains(PASSWORD));
    assert!(!user.is_admin);
}

#[tokio::test]
async fn sign_up_problems_are_shown_beside_the_fields_without_the_password() {
    let app = spawn_app().await;
    let long = "x".repeat(73);
    let cases = [
        ("", "ada@example.com", PASSWORD, "Enter your name."),
        (
            "Ada",
            "ada",
            PASSWORD,
            "Enter an email address like name@example.com.",
        ),
        (
            "Ada",
            "ada@example.com",
            "short",
            "Use at least 8 characters.",
        ),
        (
            "Ada",
            "ada@example.com",
            long.as_str(),
            "Use at most 72 bytes",
        ),
    ];
    for (name, email, password, message) in cases {
        // Act
        let response = app
            .post_form(
                "/register",
                &[("name", name), ("email", email), ("password", password)],
            )
            .await;

        // Assert
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{message}"
        );
        let html = response.text().await.expect("body");
        assert!(html.contains(message), "expected {message:?}");
        assert!(
            html.contains(&format!("value=\"{email}\"")),
            "email kept for {message:?}"
        );
        assert!(
            !html.contains(&format!("value=\"{password}\"")),
            "password not echoed"
        );
    }
    assert!(
        User::customers_with_order_counts(&mut app.conn())
            .expect("users")
            .is_empty()
    );
}

#[tokio::test]
async fn an_email_can_have_only_one_account() {
    let app = spawn_app().await;
    app.user("ada@example.com", false);

    let response = app
        .post_form(
            "/register",
            &[
                ("name", "Ada"),
                ("email", "ADA@example.com"),
                ("password", PASSWORD),
            ],
        )
        .await;

    assert!(
        form_shown_again(response)
            .await
            .contains("An account with this email already exists.")
    );
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_email_get_the_same_message() {
    let app = spawn_app().await;
    app.user("ada@example.com", false);

    let wrong_password = app
        .post_form(
            "/login",
            &[
                ("email", "ada@example.com"),
                ("password", "not the password"),
            ],
        )
        .await;
    let unknown_email = app
        .post_form(
            "/login",
            &[("email", "nobody@example.com"), ("password", PASSWORD)],
        )
        .await;

    for response in [wrong_password, unknown_email] {
        assert!(
            form_shown_again(response)
                .await
                .contains("That email and password do not match an account.")
        );
    }
    assert_eq!(
        app.get("/account").await.status(),
        StatusCode::SEE_OTHER,
        "still logged out"
    );
}

#[tokio::test]
async fn logging_in_replaces_the_csrf_token_and_logging_out_ends_the_session() {
    // Arrange
    let app = spawn_app().await;
    app.user("ada@example.com", false);
    let token_before = app.csrf_token().await;

    // Act
    let login = app.log_in("ada@example.com").await;
    let token_after = app.csrf_token().await;
    let account = app.get_html("/account").await;
    let logout = app.post_form("/logout", &[]).await;

    // Assert
    assert_redirects_to(&login, "/");
    assert_ne!(token_before, token_after, "a fresh session after login");
    assert!(account.contains("ada@example.com"));
    assert_redirects_to(&logout, "/");
    assert_redirects_to(&app.get("/account").await, "/login?next=%2Faccount");
}

#[tokio::test]
async fn pages_that_need_a_login_send_you_back_after_it() {
    let app = spawn_app().await;
    app.user("ada@example.com", false);

    let bounced = app.get("/orders").await;
    let login_page = app.get_html("/login?next=%2Forders").await;
    let next = hidden_field(&login_page, "next");
    let login = app
        .post_form(
            "/login",
            &[
                ("email", "ada@example.com"),
                ("password", PASSWORD),
                ("next", &next),
            ],
        )
        .await;

    assert_redirects_to(&bounced, "/login?next=%2Forders");
    assert_redirects_to(&login, "/orders");
}

#[tokio::test]
async fn a_next_address_outside_the_shop_is_ignored() {
    let app = spawn_app().await;
    app.user("ada@example.com", false);

    let login = app
        .post_form(
            "/login",
            &[
                ("email", "ada@example.com"),
                ("password", PASSWORD),
                ("next", "https://evil.example/"),
            ],
        )
        .await;

    assert_redirects_to(&login, "/");
}

#[tokio::test]
async fn a_common_or_too_long_password_is_refused_beside_the_field() {
    let app = spawn_app().await;
    let too_long = "a".repeat(73);

    for (password, message) in [
        ("Password1", "one of the most common ones"),
        (too_long.as_str(), "Use at most 72 bytes"),
    ] {
        let response = app
            .post_form(
                "/register",
                &[
                    ("name", "Ada"),
                    ("email", "ada@example.com"),
                    ("password", password),
                ],
            )
            .await;

        let page = form_shown_again(response).await;
        assert!(page.contains(message), "{message}");
        assert!(page.contains("value=\"ada@example.com\""), "input kept");
    }
    assert!(
        User::find_by_email(&mut app.conn(), "ada@example.com")
            .expect("query")
            .is_none()
    );
}

#[tokio::test]
async fn a_login_rehashes_a_password_stored_at_a_lower_cost() {
    let app = crate::helpers::spawn_app_with(|config| config.bcrypt_cost = 5).await;
    let ada = app.user_with_cost("ada@example.com", false, 4);
    assert!(ada.password_hash.starts_with("$2b$04$"));

    let response = app.log_in("ada@example.com").await;

    assert_redirects_to(&response, "/");
    let stored = User::find(&mut app.conn(), ada.id).expect("user");
    assert!(
        stored.password_hash.starts_with("$2b$05$"),
        "{}",
        stored.password_hash
    );
    assert!(bcrypt::verify(PASSWORD, &stored.password_hash).expect("valid hash"));
}

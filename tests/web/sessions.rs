//! Logins end on the server: after logout, a password change or an admin disabling the
//! account, a copied session cookie is no longer logged in; idle logins expire.

use cartwheel::models::{LoginSession, User, now};
use chrono::Duration;
use reqwest::StatusCode;

use crate::helpers::{
    PASSWORD, TestApp, assert_redirects_to, form_shown_again, logged_in_admin, spawn_app,
};

const NEW_PASSWORD: &str = "tulip-ladder-41";

async fn is_logged_in(browser: &crate::helpers::Browser) -> bool {
    browser.get("/account").await.status() == StatusCode::OK
}

fn logins_of(app: &TestApp, user: &User) -> Vec<LoginSession> {
    LoginSession::for_user(&mut app.conn(), user.id).expect("logins")
}

#[tokio::test]
async fn after_logout_a_copied_session_cookie_is_not_logged_in() {
    let app = spawn_app().await;
    app.user("ada@example.com", false);
    app.log_in("ada@example.com").await;
    let thief = app.copy_cookies();
    assert!(
        is_logged_in(&thief).await,
        "the copy works while the login lasts"
    );

    app.post_form("/logout", &[]).await;

    assert!(!is_logged_in(&app).await);
    assert!(
        !is_logged_in(&thief).await,
        "the copied cookie was replayed"
    );
    let account = thief.get("/account").await;
    assert_redirects_to(&account, "/login?next=%2Faccount");
}

#[tokio::test]
async fn changing_the_password_logs_out_every_other_browser_but_not_this_one() {
    let app = spawn_app().await;
    let ada = app.user("ada@example.com", false);
    app.log_in("ada@example.com").await;
    let thief = app.copy_cookies();
    let laptop = app.new_browser();
    laptop.log_in("ada@example.com").await;

    let response = app
        .post_form(
            "/account/password",
            &[
                ("current_password", PASSWORD),
                ("new_password", NEW_PASSWORD),
            ],
        )
        .await;

    assert_redirects_to(&response, "/account");
    assert!(
        is_logged_in(&app).await,
        "the browser that changed it stays in"
    );
    assert!(!is_logged_in(&thief).await);
    assert!(!is_logged_in(&laptop).await);
    assert_eq!(logins_of(&app, &ada).len(), 1);
    let fresh = app.new_browser();
    let old = fresh
        .post_form(
            "/login",
            &[("email", "ada@example.com"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(old.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let new = fresh
        .post_form(
            "/login",
            &[("email", "ada@example.com"), ("password", NEW_PASSWORD)],
        )
        .await;
    assert_redirects_to(&new, "/");
}

#[tokio::test]
async fn a_wrong_current_password_or_a_weak_new_one_changes_nothing() {
    let app = spawn_app().await;
    let ada = app.user("ada@example.com", false);
    app.log_in("ada@example.com").await;

    let wrong = app
        .post_form(
            "/account/password",
            &[
                ("current_password", "not my password"),
                ("new_password", NEW_PASSWORD),
            ],
        )
        .await;
    assert!(
        form_shown_again(wrong)
            .await
            .contains("That is not your current password.")
    );
    let weak = app
        .post_form(
            "/account/password",
            &[
                ("current_password", PASSWORD),
                ("new_password", "password1"),
            ],
        )
        .await;
    assert_eq!(weak.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(weak.text().await.expect("body").contains("most common"));

    let stored = User::find(&mut app.conn(), ada.id).expect("user");
    assert_eq!(stored.password_hash, ada.password_hash);
    assert!(is_logged_in(&app).await);
}

#[tokio::test]
async fn an_admin_disabling_an_account_logs_it_out_everywhere_until_enabled() {
    let app = logged_in_admin().await;
    let ada = app.user("ada@example.com", false);
    let customer = app.new_browser();
    customer.log_in("ada@example.com").await;
    assert!(is_logged_in(&customer).await);

    let disable = app
        .post_form(&format!("/admin/customers/{}/disable", ada.id), &[])
        .await;

    assert_redirects_to(&disable, "/admin/customers");
    assert!(!is_logged_in(&customer).await);
    let again = customer.log_in("ada@example.com").await;
    assert_eq!(again.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again.text().await.expect("body").contains("disabled"));
    assert!(app.get_html("/admin/customers").await.contains("disabled"));

    app.post_form(&format!("/admin/customers/{}/enable", ada.id), &[])
        .await;

    assert_redirects_to(&customer.log_in("ada@example.com").await, "/");
}

#[tokio::test]
async fn an_admin_cannot_disable_their_own_account() {
    let app = logged_in_admin().await;
    let admin = User::find_by_email(&mut app.conn(), "admin@example.com")
        .expect("query")
        .expect("admin");

    app.post_form(&format!("/admin/customers/{}/disable", admin.id), &[])
        .await;

    assert!(
        app.get_html("/admin/customers")
            .await
            .contains("You cannot disable your own account.")
    );
    assert!(
        !User::find(&mut app.conn(), admin.id)
            .expect("admin")
            .is_disabled()
    );
}

#[tokio::test]
async fn an_admin_idle_for_31_minutes_must_log_in_again() {
    let app = logged_in_admin().await;
    let admin = User::find_by_email(&mut app.conn(), "admin@example.com")
        .expect("query")
        .expect("admin");
    let login = logins_of(&app, &admin).remove(0);

    LoginSession::touch(&mut app.conn(), login.id, now() - Duration::minutes(29)).expect("touch");
    assert_eq!(app.get("/admin").await.status(), StatusCode::OK);
    LoginSession::touch(&mut app.conn(), login.id, now() - Duration::minutes(31)).expect("touch");

    assert_redirects_to(&app.get("/admin").await, "/login?next=%2Fadmin");
    assert!(
        logins_of(&app, &admin).is_empty(),
        "the expired login is gone"
    );
    assert!(
        app.get_html("/login")
            .await
            .contains("Your session has ended.")
    );
}

#[tokio::test]
async fn a_customer_idle_past_the_configured_timeout_must_log_in_again() {
    let app = crate::helpers::spawn_app_with(|config| config.customer_idle_minutes = 60).await;
    let ada = app.user("ada@example.com", false);
    app.log_in("ada@example.com").await;
    let login = logins_of(&app, &ada).remove(0);

    LoginSession::touch(&mut app.conn(), login.id, now() - Duration::minutes(59)).expect("touch");
    assert!(is_logged_in(&app).await);
    LoginSession::touch(&mut app.conn(), login.id, now() - Duration::minutes(61)).expect("touch");

    assert!(!is_logged_in(&app).await);
}

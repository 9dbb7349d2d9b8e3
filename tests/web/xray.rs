//! The request X-ray (`CARTWHEEL_XRAY=1`): each HTML page ends with how it was made, from the
//! same statement hook that backs the query budgets; without the setting, nothing of it.

use reqwest::StatusCode;

use crate::helpers::{TestApp, spawn_app, spawn_app_with};

async fn xray_shop() -> TestApp {
    spawn_app_with(|config| config.xray = true).await
}

/// The panel's HTML, from its opening tag on.
fn panel(html: &str) -> &str {
    let start = html.find("<aside class=\"xray\"").expect("the X-ray panel");
    &html[start..]
}

#[tokio::test]
async fn a_product_page_shows_its_handler_template_sql_and_session_keys() {
    // Arrange
    let app = xray_shop().await;
    let mug = app.product("Blue Mug", 1000, 5);

    // Act
    let response = app.get(&format!("/products/{}", mug.slug)).await;
    let counted: usize = response.headers()["x-sql-statements"]
        .to_str()
        .expect("text")
        .parse()
        .expect("a number");
    let html = response.text().await.expect("body");

    // Assert
    let panel = panel(&html);
    assert!(
        panel.contains("<code>routes::products::show</code>"),
        "{panel}"
    );
    assert!(
        panel.contains("<code>templates/products/show.html</code>, rendered by <code>routes::products::ProductPage</code>"),
        "{panel}"
    );
    assert!(panel.contains("FROM"), "{panel}");
    assert!(panel.contains(" ms"), "{panel}");
    assert!(panel.contains("<code>csrf_token</code>"), "{panel}");
    let listed = panel.matches("<li><code>").count();
    assert_eq!(listed, counted, "one entry per statement the header counts");
    assert!(panel.contains(&format!("SQL: {counted} statements")));
    assert!(
        html.trim_end().ends_with("</html>"),
        "the panel sits inside the page"
    );
}

#[tokio::test]
async fn the_panel_leaves_out_the_values_sent_with_the_sql() {
    // Arrange: a logged-in page, whose login check binds the login's token.
    let app = xray_shop().await;
    app.user("ada@example.com", false);
    app.log_in("ada@example.com").await;

    // Act
    let html = app.get_html("/account").await;

    // Assert
    let panel = panel(&html);
    assert!(
        panel.contains("<code>routes::users::account</code>"),
        "{panel}"
    );
    assert!(!panel.contains("binds"), "{panel}");
    assert!(!panel.contains("ada@example.com</code></li>"), "{panel}");
}

#[tokio::test]
async fn an_unknown_address_names_the_not_found_handler_and_the_error_template() {
    let app = xray_shop().await;

    let response = app.get("/no/such/page").await;

    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let html = response.text().await.expect("body");
    let panel = panel(&html);
    assert!(panel.contains("<code>routes::not_found</code>"), "{panel}");
    assert!(panel.contains("error::ErrorPage"), "{panel}");
}

#[tokio::test]
async fn answers_that_are_not_html_are_left_alone() {
    let app = xray_shop().await;

    let health = app.get("/healthz").await.text().await.expect("body");
    let stylesheet = app.get_html("/").await;

    assert!(!health.contains("xray"), "{health}");
    assert_eq!(stylesheet.matches("<aside class=\"xray\"").count(), 1);
}

#[tokio::test]
async fn without_the_setting_no_page_has_a_panel() {
    let app = spawn_app().await;
    let mug = app.product("Blue Mug", 1000, 5);

    let home = app.get_html("/").await;
    let product = app.get_html(&format!("/products/{}", mug.slug)).await;

    assert!(!home.contains("Request X-ray"));
    assert!(!product.contains("Request X-ray"));
}

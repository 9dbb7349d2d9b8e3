//! Promises every page keeps: CSRF tokens on every POST, escaped output, bounded input, and
//! error pages that say nothing internal.

use reqwest::StatusCode;

use crate::helpers::{GOOD_CARD, checkout_fields, spawn_app};

#[tokio::test]
async fn a_post_without_the_csrf_token_is_refused_and_writes_nothing() {
    let app = spawn_app().await;
    let mug = app.product("Blue Mug", 1000, 5);
    let id = mug.id.to_string();
    app.csrf_token().await;

    for fields in [
        vec![("product_id", id.as_str()), ("quantity", "1")],
        vec![
            ("product_id", &id),
            ("quantity", "1"),
            ("csrf_token", "forged"),
        ],
    ] {
        let response = app.post_raw("/cart/items", &fields).await;

        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        assert!(
            response
                .text()
                .await
                .expect("body")
                .contains("The form has expired")
        );
    }
    assert!(app.get_html("/cart").await.contains("Your cart is empty."));
}

#[tokio::test]
async fn every_post_route_refuses_a_forged_token_and_writes_nothing() {
    // Arrange: an admin with a cart, a paid order, a product and a category.
    let app = spawn_app().await;
    let mug = app.product("Blue Mug", 1000, 10);
    let category = app.category("things");
    app.user("admin@example.com", true);
    app.log_in("admin@example.com").await;
    app.add_to_cart(&mug, 1).await;
    app.check_out(GOOD_CARD).await;
    app.add_to_cart(&mug, 1).await;
    let number = app.orders()[0].number.clone();
    let token = app.checkout_token().await;
    let (product, category) = (mug.id, category.id);
    let routes = [
        "/cart/items".to_string(),
        format!("/cart/items/{product}"),
        format!("/cart/items/{product}/delete"),
        "/checkout".into(),
        "/register".into(),
        "/login".into(),
        "/logout".into(),
        "/admin/products".into(),
        format!("/admin/products/{product}"),
        format!("/admin/products/{product}/delete"),
        "/admin/categories".into(),
        format!("/admin/categories/{category}"),
        format!("/admin/categories/{category}/delete"),
        format!("/admin/orders/{number}/status"),
    ];
    let mut fields = checkout_fields(&token, GOOD_CARD);
    let id = product.to_string();
    fields.extend([
        ("product_id", id.as_str()),
        ("quantity", "0"),
        ("status", "cancelled"),
    ]);
    fields.extend([
        ("price", "1"),
        ("stock", "0"),
        ("category_id", "1"),
        ("password", "whatever-long"),
    ]);
    fields.push(("csrf_token", "forged"));

    for route in &routes {
        // Act
        let response = app.post_raw(route, &fields).await;

        // Assert
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "POST {route}");
    }
    assert_eq!(app.reload(&mug).name, "Blue Mug");
    assert_eq!(app.reload(&mug).stock, 9);
    assert_eq!(app.orders().len(), 1);
    assert!(
        app.get_html("/cart").await.contains("€10.00"),
        "cart untouched"
    );
    assert!(
        app.get_html("/admin")
            .await
            .contains("href=\"/admin/orders\""),
        "still logged in"
    );
}

#[tokio::test]
async fn another_browsers_token_does_not_work() {
    let app = spawn_app().await;
    app.user("ada@example.com", false);
    let attacker_token = app.new_browser().csrf_token().await;

    let response = app
        .post_raw(
            "/login",
            &[
                ("email", "ada@example.com"),
                ("password", crate::helpers::PASSWORD),
                ("csrf_token", &attacker_token),
            ],
        )
        .await;

    assert_eq!(response.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn text_from_the_database_is_escaped_in_pages() {
    let app = spawn_app().await;
    app.product("<script>alert(1)</script> Mug", 1000, 5);

    let html = app.get_html("/products").await;

    assert!(!html.contains("<script>alert(1)</script>"));
    assert!(html.contains("&#60;script&#62;"), "shown as text");
}

#[tokio::test]
async fn an_oversized_form_gets_413() {
    let app = spawn_app().await;
    let huge = "x".repeat(200 * 1024);

    let response = app.post_form("/register", &[("name", &huge)]).await;

    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn a_malformed_path_gets_the_404_page_and_a_malformed_page_number_the_first_page() {
    let app = spawn_app().await;
    app.product("Blue Mug", 1000, 5);

    let bad_id = app
        .post_form("/cart/items/not-a-number", &[("quantity", "1")])
        .await;
    let bad_page = app.get_html("/products?page=%ZZ").await;

    assert_eq!(bad_id.status(), StatusCode::NOT_FOUND);
    assert!(
        bad_id
            .text()
            .await
            .expect("body")
            .contains("We could not find that page.")
    );
    assert!(
        bad_page.contains("Blue Mug"),
        "an unreadable page number shows page 1"
    );
}

#[tokio::test]
async fn session_cookies_are_http_only_and_same_site() {
    let app = spawn_app().await;

    let response = app.get("/login").await;

    let cookie = response
        .headers()
        .get("set-cookie")
        .expect("a session cookie")
        .to_str()
        .expect("ascii");
    assert!(cookie.starts_with("cartwheel_session="));
    assert!(cookie.contains("HttpOnly"));
    assert!(cookie.contains("SameSite=Lax"));
}

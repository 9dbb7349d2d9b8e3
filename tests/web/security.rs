//! Promises every page keeps: CSRF tokens on every POST, escaped output, bounded input, and
//! error pages that say nothing internal.

use reqwest::{Response, StatusCode};

use crate::helpers::{GOOD_CARD, checkout_fields, logged_in_admin, spawn_app, spawn_app_with};

const CSP: &str = "default-src 'self'; object-src 'none'; base-uri 'none'; \
                   frame-ancestors 'none'; form-action 'self'";

fn header<'a>(response: &'a Response, name: &str) -> Option<&'a str> {
    response.headers().get(name).and_then(|v| v.to_str().ok())
}

fn assert_security_headers(response: &Response, what: &str) {
    assert_eq!(
        header(response, "content-security-policy"),
        Some(CSP),
        "{what}"
    );
    assert_eq!(
        header(response, "x-content-type-options"),
        Some("nosniff"),
        "{what}"
    );
    assert_eq!(
        header(response, "referrer-policy"),
        Some("same-origin"),
        "{what}"
    );
    assert_eq!(
        header(response, "cross-origin-opener-policy"),
        Some("same-origin"),
        "{what}"
    );
}

#[tokio::test]
async fn every_response_carries_the_security_headers_error_pages_included() {
    let app = spawn_app().await;
    app.user("ada@example.com", false);
    let customer = app.new_browser();
    customer.log_in("ada@example.com").await;
    let big = "x".repeat(17 * 1024);

    let responses = [
        ("home", app.get("/").await),
        ("404", app.get("/no-such-page").await),
        ("login redirect", app.get("/admin").await),
        ("403", customer.get("/admin").await),
        ("413", app.post_form("/register", &[("name", &big)]).await),
        ("CSRF 403", app.post_raw("/logout", &[]).await),
        ("stylesheet", app.get("/static/css/shop.css").await),
    ];

    for (what, response) in &responses {
        assert_security_headers(response, what);
        assert_eq!(
            header(response, "strict-transport-security"),
            None,
            "{what}"
        );
    }
    assert_eq!(responses[1].1.status(), StatusCode::NOT_FOUND);
    assert_eq!(responses[3].1.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn text_is_declared_utf8_and_private_pages_are_never_cached() {
    let app = logged_in_admin().await;

    for path in [
        "/account",
        "/cart",
        "/checkout",
        "/admin",
        "/login",
        "/orders",
    ] {
        let response = app.get(path).await;
        assert_eq!(
            header(&response, "cache-control"),
            Some("no-store"),
            "{path}"
        );
    }
    let disguised = app.get("/%61ccount").await;
    assert_eq!(disguised.status(), StatusCode::OK, "routed as /account");
    assert_eq!(header(&disguised, "cache-control"), Some("no-store"));
    let catalog = app.get("/products").await;
    let css = app.get("/static/css/shop.css").await;

    assert_eq!(header(&catalog, "cache-control"), None);
    assert_eq!(
        header(&catalog, "content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(
        header(&css, "content-type"),
        Some("text/css; charset=utf-8")
    );
}

#[tokio::test]
async fn a_server_error_shows_a_request_id_and_nothing_internal() {
    let app = spawn_app().await;
    let rename = diesel::sql_query("ALTER TABLE categories RENAME TO categories_gone");
    diesel::RunQueryDsl::execute(rename, &mut app.conn()).expect("table renamed");

    let response = app.get("/").await;

    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert_security_headers(&response, "500");
    let request_id = header(&response, "x-request-id")
        .expect("an id")
        .to_string();
    let page = response.text().await.expect("body");
    assert!(page.contains("Something went wrong on our side."));
    assert!(page.contains(&request_id), "the page quotes {request_id}");
    assert!(!page.contains("categories"));
}

#[tokio::test]
async fn in_production_cookies_are_host_only_and_secure_hsts_is_sent_and_unknown_hosts_get_400() {
    let app = spawn_app_with(|config| {
        config.environment = cartwheel::config::Environment::Production;
        config.allowed_hosts = vec!["shop.example".into()];
    })
    .await;

    let good = app
        .request(reqwest::Method::GET, "/login")
        .header("host", "shop.example")
        .send()
        .await
        .expect("request");
    let forged = app
        .request(reqwest::Method::GET, "/login")
        .header("host", "evil.example")
        .send()
        .await
        .expect("request");

    assert_eq!(good.status(), StatusCode::OK);
    let cookie = header(&good, "set-cookie").expect("a session cookie");
    assert!(cookie.starts_with("__Host-cartwheel_session="), "{cookie}");
    for attribute in ["Secure", "HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(cookie.contains(attribute), "{attribute} in {cookie}");
    }
    assert!(!cookie.contains("Domain="));
    assert!(header(&good, "strict-transport-security").is_some());
    assert_eq!(forged.status(), StatusCode::BAD_REQUEST);
    assert_security_headers(&forged, "400");
    assert!(
        forged
            .text()
            .await
            .expect("body")
            .contains("does not answer to that host name")
    );
}

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
        "/admin/products/import".into(),
        "/admin/products/import/apply".into(),
        format!("/admin/products/{product}"),
        format!("/admin/products/{product}/delete"),
        "/admin/categories".into(),
        format!("/admin/categories/{category}"),
        format!("/admin/categories/{category}/delete"),
        format!("/admin/orders/{number}/status"),
        "/account/password".into(),
        "/admin/customers/1/disable".into(),
        "/admin/customers/1/enable".into(),
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
async fn a_form_over_16_kib_gets_the_413_page() {
    let app = spawn_app().await;
    let big = "x".repeat(17 * 1024);
    let fits = "x".repeat(15 * 1024);

    let response = app.post_form("/register", &[("name", &big)]).await;
    let under_the_limit = app.post_form("/register", &[("name", &fits)]).await;

    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert!(
        response
            .text()
            .await
            .expect("body")
            .contains("That form is too large.")
    );
    assert_eq!(under_the_limit.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn a_field_sent_twice_is_refused_and_nothing_is_added() {
    let app = spawn_app().await;
    let mug = app.product("Blue Mug", 1000, 100);
    let id = mug.id.to_string();

    let response = app
        .post_form(
            "/cart/items",
            &[("product_id", &id), ("quantity", "1"), ("quantity", "50")],
        )
        .await;

    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert!(
        response
            .text()
            .await
            .expect("body")
            .contains("The form sent the field “quantity” more than once.")
    );
    assert!(app.get_html("/cart").await.contains("Your cart is empty."));
}

#[tokio::test]
async fn an_is_admin_field_sent_with_the_sign_up_form_is_ignored() {
    let app = spawn_app().await;

    app.post_form(
        "/register",
        &[
            ("name", "Mallory"),
            ("email", "mallory@example.com"),
            ("password", "tulip-ladder-41"),
            ("is_admin", "true"),
        ],
    )
    .await;

    let user = cartwheel::models::User::find_by_email(&mut app.conn(), "mallory@example.com")
        .expect("query")
        .expect("created");
    assert!(!user.is_admin);
    assert_eq!(app.get("/admin").await.status(), StatusCode::FORBIDDEN);
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

//! The admin pages: who may enter, the dashboard, products, categories, orders and
//! customers, and the `create-admin` command.

use cartwheel::domain::OrderStatus;
use cartwheel::models::{Category, Product, User};
use reqwest::StatusCode;

use crate::helpers::{DECLINED_CARD, GOOD_CARD, TestApp, assert_redirects_to, location, spawn_app};

/// Every admin URL, with the method that reaches it.
const ADMIN_ROUTES: &[(&str, &str)] = &[
    ("GET", "/admin"),
    ("GET", "/admin/products"),
    ("GET", "/admin/products/new"),
    ("POST", "/admin/products"),
    ("GET", "/admin/products/1/edit"),
    ("POST", "/admin/products/1"),
    ("POST", "/admin/products/1/delete"),
    ("GET", "/admin/categories"),
    ("GET", "/admin/categories/new"),
    ("POST", "/admin/categories"),
    ("GET", "/admin/categories/1/edit"),
    ("POST", "/admin/categories/1"),
    ("POST", "/admin/categories/1/delete"),
    ("GET", "/admin/orders"),
    ("GET", "/admin/orders/CW-AAAAAAAA"),
    ("POST", "/admin/orders/CW-AAAAAAAA/status"),
    ("GET", "/admin/customers"),
];

async fn logged_in_admin() -> TestApp {
    let app = spawn_app().await;
    app.user("admin@example.com", true);
    app.log_in("admin@example.com").await;
    app
}

#[tokio::test]
async fn anonymous_visitors_are_sent_to_the_login_page_from_every_admin_route() {
    let app = spawn_app().await;
    let product = app.product("Blue Mug", 1000, 5);

    for (method, path) in ADMIN_ROUTES {
        let response = match *method {
            "GET" => app.get(path).await,
            _ => {
                app.post_form(path, &[("name", "Hacked"), ("status", "shipped")])
                    .await
            }
        };
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{method} {path}");
        assert!(
            location(&response).starts_with("/login?next="),
            "{method} {path}"
        );
    }
    assert_eq!(app.reload(&product).name, "Blue Mug", "nothing was changed");
}

#[tokio::test]
async fn customers_get_403_from_every_admin_route() {
    let app = spawn_app().await;
    let product = app.product("Blue Mug", 1000, 5);
    app.user("ada@example.com", false);
    app.log_in("ada@example.com").await;

    for (method, path) in ADMIN_ROUTES {
        let response = match *method {
            "GET" => app.get(path).await,
            _ => {
                app.post_form(path, &[("name", "Hacked"), ("status", "shipped")])
                    .await
            }
        };
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{method} {path}");
    }
    assert_eq!(app.reload(&product).name, "Blue Mug", "nothing was changed");
    assert!(
        !app.get_html("/").await.contains("href=\"/admin\""),
        "no admin link for customers"
    );
}

#[tokio::test]
async fn the_dashboard_shows_todays_sales_low_stock_and_latest_orders() {
    // Arrange
    let app = logged_in_admin().await;
    let mug = app.product("Blue Mug", 1250, 4);
    app.product("Plenty Plate", 500, 50);
    let shopper = app.new_browser();
    shopper.add_to_cart(&mug, 2).await;
    shopper.check_out(GOOD_CARD).await;

    // Act
    let html = app.get_html("/admin").await;

    // Assert
    let number = &app.orders()[0].number;
    assert!(html.contains("Revenue today</span><strong class=\"stat-value\">€25.00"));
    assert!(html.contains("Orders today</span><strong class=\"stat-value\">1"));
    assert!(html.contains("Blue Mug"), "2 left: low stock");
    assert!(!html.contains("Plenty Plate"));
    assert!(html.contains(number.as_str()));
}

#[tokio::test]
async fn an_admin_creates_a_product_that_shoppers_then_see() {
    let app = logged_in_admin().await;
    let category = app.category("kitchen");
    let id = category.id.to_string();

    let response = app
        .post_form(
            "/admin/products",
            &[
                ("name", "Copper Pan"),
                ("slug", ""),
                ("description", "Heavy."),
                ("price", "49.90"),
                ("stock", "7"),
                ("category_id", &id),
                ("active", "on"),
            ],
        )
        .await;

    assert_redirects_to(&response, "/admin/products");
    assert!(
        app.get_html("/admin/products")
            .await
            .contains("Saved Copper Pan.")
    );
    let page = app.new_browser().get_html("/products/copper-pan").await;
    assert!(page.contains("Copper Pan") && page.contains("€49.90"));
}

#[tokio::test]
async fn a_bad_product_form_is_shown_again_with_the_input_and_messages() {
    let app = logged_in_admin().await;
    let category = app.category("kitchen");
    let id = category.id.to_string();

    let response = app
        .post_form(
            "/admin/products",
            &[
                ("name", "Copper Pan"),
                ("slug", "Bad Slug"),
                ("price", "abc"),
                ("stock", "-2"),
                ("category_id", &id),
            ],
        )
        .await;

    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.expect("body");
    assert!(html.contains("value=\"Copper Pan\""));
    assert!(html.contains("Use lower-case letters, digits and single hyphens"));
    assert!(html.contains("Enter a price like 12.50."));
    assert!(html.contains("Enter a whole number from 0 to"));
    assert_eq!(Product::count(&mut app.conn()).expect("count"), 0);
}

#[tokio::test]
async fn a_taken_slug_is_refused_beside_the_slug_field() {
    let app = logged_in_admin().await;
    let existing = app.product("Blue Mug", 1000, 5);
    let id = existing.category_id.to_string();

    let response = app
        .post_form(
            "/admin/products",
            &[
                ("name", "Other"),
                ("slug", "blue-mug"),
                ("price", "1"),
                ("stock", "1"),
                ("category_id", &id),
            ],
        )
        .await;

    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        response
            .text()
            .await
            .expect("body")
            .contains("Another product already uses this slug.")
    );
}

#[tokio::test]
async fn an_admin_changes_price_and_stock_and_can_deactivate_a_product() {
    let app = logged_in_admin().await;
    let mug = app.product("Blue Mug", 1000, 5);
    let category_id = mug.category_id.to_string();

    let response = app
        .post_form(
            &format!("/admin/products/{}", mug.id),
            &[
                ("name", "Blue Mug"),
                ("slug", "blue-mug"),
                ("description", "x"),
                ("price", "11.50"),
                ("stock", "40"),
                ("category_id", &category_id),
            ],
        )
        .await;

    assert_redirects_to(&response, "/admin/products");
    let saved = app.reload(&mug);
    assert_eq!(
        (saved.price_cents, saved.stock, saved.active),
        (1150, 40, false)
    );
    assert_eq!(
        app.new_browser().get("/products/blue-mug").await.status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn an_ordered_product_cannot_be_deleted_but_an_unordered_one_can() {
    let app = logged_in_admin().await;
    let ordered = app.product("Blue Mug", 1000, 5);
    let unordered = app.product("Spare Lid", 200, 5);
    let shopper = app.new_browser();
    shopper.add_to_cart(&ordered, 1).await;
    shopper.check_out(GOOD_CARD).await;

    app.post_form(&format!("/admin/products/{}/delete", ordered.id), &[])
        .await;
    let refusal = app.get_html("/admin/products").await;
    app.post_form(&format!("/admin/products/{}/delete", unordered.id), &[])
        .await;

    assert!(refusal.contains("This product has been ordered"));
    assert!(Product::find(&mut app.conn(), ordered.id).is_ok());
    assert!(Product::find(&mut app.conn(), unordered.id).is_err());
}

#[tokio::test]
async fn categories_can_be_created_renamed_and_deleted_only_when_empty() {
    // Arrange
    let app = logged_in_admin().await;
    app.product_in("kitchen", "Blue Mug", 1000, 5);
    let kitchen = app.category("kitchen");

    // Act
    let created = app
        .post_form(
            "/admin/categories",
            &[("name", "Garden Tools"), ("slug", ""), ("position", "3")],
        )
        .await;
    let garden = Category::find_by_slug(&mut app.conn(), "garden-tools")
        .expect("created with a slug from the name");
    let renamed = app
        .post_form(
            &format!("/admin/categories/{}", garden.id),
            &[("name", "Garden"), ("slug", "garden"), ("position", "3")],
        )
        .await;
    app.post_form(&format!("/admin/categories/{}/delete", kitchen.id), &[])
        .await;
    let refusal = app.get_html("/admin/categories").await;
    app.post_form(&format!("/admin/categories/{}/delete", garden.id), &[])
        .await;

    // Assert
    assert_redirects_to(&created, "/admin/categories");
    assert_redirects_to(&renamed, "/admin/categories");
    assert!(refusal.contains("This category still has products."));
    assert!(Category::find(&mut app.conn(), kitchen.id).is_ok());
    assert!(Category::find(&mut app.conn(), garden.id).is_err());
}

#[tokio::test]
async fn orders_move_from_paid_to_shipped_to_delivered_and_never_backwards() {
    // Arrange
    let app = logged_in_admin().await;
    let mug = app.product("Blue Mug", 1000, 5);
    let shopper = app.new_browser();
    shopper.add_to_cart(&mug, 1).await;
    shopper.check_out(GOOD_CARD).await;
    let number = app.orders()[0].number.clone();
    let status_url = format!("/admin/orders/{number}/status");

    // Act and assert, step by step.
    assert_redirects_to(
        &app.post_form(&status_url, &[("status", "shipped")]).await,
        &format!("/admin/orders/{number}"),
    );
    assert!(
        app.get_html(&format!("/admin/orders/{number}"))
            .await
            .contains("is now shipped")
    );
    app.post_form(&status_url, &[("status", "paid")]).await;
    assert!(
        app.get_html(&format!("/admin/orders/{number}"))
            .await
            .contains("cannot become paid")
    );
    app.post_form(&status_url, &[("status", "delivered")]).await;
    assert_eq!(app.orders()[0].status(), OrderStatus::Delivered);
    let nonsense = app.post_form(&status_url, &[("status", "lost")]).await;
    assert_eq!(nonsense.status(), StatusCode::BAD_REQUEST);
    assert!(app.new_browser().get_html("/").await.contains("Cartwheel"));
    let filtered = app.get_html("/admin/orders?status=delivered").await;
    assert!(filtered.contains(&number));
    assert!(
        !app.get_html("/admin/orders?status=paid")
            .await
            .contains(&number)
    );
}

#[tokio::test]
async fn cancelling_a_paid_order_returns_its_stock() {
    let app = logged_in_admin().await;
    let mug = app.product("Blue Mug", 1000, 5);
    let shopper = app.new_browser();
    shopper.add_to_cart(&mug, 3).await;
    shopper.check_out(GOOD_CARD).await;
    let number = app.orders()[0].number.clone();
    assert_eq!(app.reload(&mug).stock, 2);

    app.post_form(
        &format!("/admin/orders/{number}/status"),
        &[("status", "cancelled")],
    )
    .await;
    app.post_form(
        &format!("/admin/orders/{number}/status"),
        &[("status", "cancelled")],
    )
    .await;

    assert_eq!(app.orders()[0].status(), OrderStatus::Cancelled);
    assert_eq!(app.reload(&mug).stock, 5, "returned once, not twice");
}

#[tokio::test]
async fn the_customer_list_shows_each_customers_order_count() {
    let app = logged_in_admin().await;
    let mug = app.product("Blue Mug", 1000, 5);
    app.user("ada@example.com", false);
    let ada = app.new_browser();
    ada.log_in("ada@example.com").await;
    for _ in 0..2 {
        ada.add_to_cart(&mug, 1).await;
        ada.check_out(GOOD_CARD).await;
    }
    ada.add_to_cart(&mug, 1).await;
    ada.check_out(DECLINED_CARD).await;

    let html = app.get_html("/admin/customers").await;

    let row = html
        .split("<tr>")
        .find(|row| row.contains("ada@example.com"))
        .expect("listed");
    assert!(row.contains("<td>2</td>"), "{row}");
}

#[tokio::test]
async fn an_edit_made_while_checkouts_sold_units_is_refused_instead_of_undoing_them() {
    // Arrange: the admin opens the edit form while 10 are in stock.
    let app = logged_in_admin().await;
    let mug = app.product("Blue Mug", 1000, 10);
    let form = app
        .get_html(&format!("/admin/products/{}/edit", mug.id))
        .await;
    let stock_was = crate::helpers::hidden_field(&form, "stock_was");
    let shopper = app.new_browser();
    shopper.add_to_cart(&mug, 3).await;
    shopper.check_out(GOOD_CARD).await;
    let category_id = mug.category_id.to_string();

    // Act: the admin saves the form as it was opened, stock 10.
    let fields = [
        ("name", "Blue Mug"),
        ("slug", "blue-mug"),
        ("price", "10"),
        ("stock", "10"),
        ("stock_was", stock_was.as_str()),
        ("category_id", category_id.as_str()),
        ("active", "on"),
    ];
    let response = app
        .post_form(&format!("/admin/products/{}", mug.id), &fields)
        .await;

    // Assert
    assert_eq!(stock_was, "10");
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.expect("body");
    assert!(html.contains("The stock changed to 7 while you were editing."));
    assert_eq!(app.reload(&mug).stock, 7, "the sale is not undone");
    assert_eq!(
        crate::helpers::hidden_field(&html, "stock_was"),
        "7",
        "saving again is accepted"
    );
}

#[tokio::test]
async fn a_pending_order_can_be_cancelled_and_returns_its_stock() {
    use cartwheel::domain::{Card, CardExpiry, CardNumber, Cvc, Email};
    use cartwheel::services::checkout::{
        CheckoutRequest, Reservation, ShippingAddress, reserve_order,
    };
    // Arrange: an order whose payment never finished (the process died after step 1).
    let app = logged_in_admin().await;
    let mug = app.product("Blue Mug", 1000, 5);
    let cart = cartwheel::models::Cart::create(&mut app.conn(), None).expect("cart");
    cartwheel::models::CartItem::set_quantity(&mut app.conn(), cart.id, mug.id, 2).expect("line");
    let request = CheckoutRequest {
        cart_id: cart.id,
        user_id: None,
        email: Email::parse("ada@example.com").expect("email"),
        address: ShippingAddress {
            name: "Ada".into(),
            line1: "1 Main St".into(),
            line2: String::new(),
            city: "London".into(),
            postal_code: "N1".into(),
            country: "UK".into(),
        },
        card: Card {
            number: CardNumber::parse("4242424242424242").expect("card"),
            expiry: CardExpiry {
                month: 12,
                year: 2039,
            },
            cvc: Cvc::parse("123").expect("cvc"),
        },
        checkout_token: "a".repeat(64),
    };
    let Reservation::New(order) = reserve_order(&mut app.conn(), &request).expect("reserved")
    else {
        panic!("a new order")
    };
    assert_eq!(app.reload(&mug).stock, 3);

    // Act
    app.post_form(
        &format!("/admin/orders/{}/status", order.number),
        &[("status", "cancelled")],
    )
    .await;

    // Assert
    assert_eq!(app.orders()[0].status(), OrderStatus::Cancelled);
    assert_eq!(app.reload(&mug).stock, 5);
}

#[test]
fn create_admin_reads_the_password_from_stdin_and_makes_an_admin() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    // Arrange
    let dir = tempfile::tempdir().expect("folder");
    let url = format!("sqlite://{}", dir.path().join("shop.db").display());
    let run = |password: &str| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_cartwheel"))
            .args(["create-admin", "Boss@Example.com"])
            .env("DATABASE_URL", &url)
            .env("CARTWHEEL_BCRYPT_COST", "4")
            .env("CARTWHEEL_SESSION_KEY", "ab".repeat(64))
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("binary runs");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(password.as_bytes())
            .expect("write");
        child.wait_with_output().expect("finishes")
    };

    // Act
    let too_short = run("short\n");
    let ok = run("a-long-password\nignored second line\n");

    // Assert
    assert!(!too_short.status.success());
    assert!(String::from_utf8_lossy(&too_short.stderr).contains("at least 8 characters"));
    assert!(ok.status.success());
    let pool = cartwheel::db::build_pool(&dir.path().join("shop.db")).expect("pool");
    let admin = User::find_by_email(&mut pool.get().expect("conn"), "boss@example.com")
        .expect("query")
        .expect("exists");
    assert!(admin.is_admin);
    assert!(bcrypt::verify("a-long-password", &admin.password_hash).expect("hash"));
}

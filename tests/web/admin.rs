//! The admin area as a whole: who may enter, the dashboard, the customer list and the
//! `create-admin` command. Catalog and order pages have their own modules.

use cartwheel::models::User;
use reqwest::StatusCode;

use crate::helpers::{DECLINED_CARD, GOOD_CARD, location, logged_in_admin, spawn_app};

/// Every admin URL, with the method that reaches it.
const ADMIN_ROUTES: &[(&str, &str)] = &[
    ("GET", "/admin"),
    ("GET", "/admin/products"),
    ("GET", "/admin/products.csv"),
    ("GET", "/admin/products/new"),
    ("GET", "/admin/products/import"),
    ("POST", "/admin/products/import"),
    ("POST", "/admin/products/import/apply"),
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
    ("GET", "/admin/orders.csv"),
    ("GET", "/admin/orders/CW-AAAAAAAA"),
    ("POST", "/admin/orders/CW-AAAAAAAA/status"),
    ("GET", "/admin/customers"),
    ("GET", "/admin/jobs"),
    ("POST", "/admin/jobs/stale-orders/run"),
    ("GET", "/admin/outbox"),
    ("GET", "/admin/outbox/1"),
];

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

#[test]
fn create_admin_reads_the_password_from_stdin_and_makes_an_admin() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    // Arrange
    let database = crate::database::TestDatabase::new();
    let url = database.url_string();
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
    let pool = cartwheel::db::build_pool(&database.url).expect("pool");
    let admin = User::find_by_email(&mut pool.get().expect("conn"), "boss@example.com")
        .expect("query")
        .expect("exists");
    assert!(admin.is_admin);
    assert!(bcrypt::verify("a-long-password", &admin.password_hash).expect("hash"));
}

#[test]
fn backup_copies_a_sqlite_shop_into_a_new_file_or_explains_pg_dump() {
    let database = crate::database::TestDatabase::new();
    let (_pool, lamp) = crate::crashes::prepare_database(&database, 7);
    let copy = database.dir.path().join("copy.db");
    let run = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_cartwheel"))
            .args(["backup", &copy.to_string_lossy()])
            .env("DATABASE_URL", database.url_string())
            .env("CARTWHEEL_SESSION_KEY", "ab".repeat(64))
            .output()
            .expect("binary runs")
    };
    if database.sqlite_path().is_none() {
        // On PostgreSQL the command explains pg_dump instead, and writes nothing.
        let advice = run();
        assert!(!advice.status.success());
        assert!(String::from_utf8_lossy(&advice.stderr).contains("pg_dump"));
        assert!(!copy.exists());
        return;
    }

    let first = run();
    let second = run();

    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let url = cartwheel::config::DatabaseUrl::Sqlite(copy.clone());
    let pool = cartwheel::db::build_pool(&url).expect("the copy opens");
    let copied = cartwheel::models::Product::find(&mut pool.get().expect("conn"), lamp.id)
        .expect("the product is in the copy");
    assert_eq!(copied.stock, 7);
    assert!(!second.status.success());
    assert!(String::from_utf8_lossy(&second.stderr).contains("exists already"));
}

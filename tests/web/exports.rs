//! The admin's CSV exports (`/admin/orders.csv`, `/admin/products.csv`): read back with the
//! `csv` crate, as a spreadsheet or the product importer would.

use cartwheel::models::{NewOrder, Order, Product, ProductChanges, now};
use cartwheel::services::csv_export::iso_utc;
use reqwest::{StatusCode, header};

use crate::helpers::*;

/// Downloads a CSV and returns its header and rows, checking the download headers first.
async fn download(browser: &Browser, path: &str, name: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let response = browser.get(path).await;
    assert_eq!(response.status(), StatusCode::OK, "GET {path}");
    let header_text = |name| {
        response
            .headers()
            .get(name)
            .and_then(|value| value.to_str().ok())
            .map(str::to_string)
    };
    assert_eq!(
        header_text(header::CONTENT_TYPE).as_deref(),
        Some("text/csv; charset=utf-8")
    );
    let today = now().date().format("%Y-%m-%d");
    assert_eq!(
        header_text(header::CONTENT_DISPOSITION),
        Some(format!("attachment; filename=\"{name}-{today}.csv\""))
    );
    let body = response.bytes().await.expect("body");
    let mut reader = csv::Reader::from_reader(body.as_ref());
    let columns = reader
        .headers()
        .expect("a header row")
        .iter()
        .map(str::to_string)
        .collect();
    let rows = reader
        .records()
        .map(|record| {
            record
                .expect("a valid row")
                .iter()
                .map(str::to_string)
                .collect()
        })
        .collect();
    (columns, rows)
}

/// A product with the given text, in the "kitchen" category.
fn product_with(app: &TestApp, slug: &str, name: &str, description: &str) -> Product {
    let changes = ProductChanges {
        slug: slug.into(),
        name: name.into(),
        description: description.into(),
        price_cents: 1250,
        stock: 7,
        category_id: app.category("kitchen").id,
        active: true,
        featured: false,
        image_path: None,
    };
    Product::create(&mut app.conn(), &changes).expect("product")
}

#[tokio::test]
async fn the_orders_export_lists_every_order_newest_first_with_its_units_and_total() {
    // Arrange: two orders today and one from five days ago.
    let app = logged_in_admin().await;
    let mug = app.product("Blue Mug", 1250, 100);
    let plate = app.product("Plate", 499, 100);
    let old = app.place_order(&plate, 1).await;
    app.move_order_back(&old, 5);
    app.place_order(&mug, 2).await;
    let shopper = app.new_browser();
    shopper.add_to_cart(&mug, 1).await;
    shopper.add_to_cart(&plate, 3).await;
    shopper.check_out(GOOD_CARD).await;
    let orders = app.orders();

    // Act
    let (columns, rows) = download(&app, "/admin/orders.csv", "orders").await;

    // Assert
    assert_eq!(
        columns,
        ["number", "placed_at", "email", "status", "items", "total"]
    );
    let expected: Vec<Vec<String>> = orders
        .iter()
        .map(|order| {
            vec![
                order.number.clone(),
                iso_utc(order.created_at),
                "ada@example.com".into(),
                "paid".into(),
                String::new(),
                order.total().to_plain(),
            ]
        })
        .collect();
    assert_eq!(rows.len(), 3);
    for (row, expected) in rows.iter().zip(&expected) {
        assert_eq!(row[..4], expected[..4]);
        assert_eq!(row[5], expected[5]);
    }
    let units: Vec<&str> = rows.iter().map(|row| row[4].as_str()).collect();
    assert_eq!(units, ["4", "2", "1"], "newest first");
    assert_eq!(rows[0][5], "27.47");
    assert_eq!(rows[2][5], "4.99");
    assert!(rows[2][1].ends_with("T12:00:00Z"), "{}", rows[2][1]);
}

#[tokio::test]
async fn the_products_export_has_the_importer_columns_and_quotes_what_needs_quoting() {
    // Arrange
    let app = logged_in_admin().await;
    product_with(
        &app,
        "big-mug",
        "Mug, \"large\"",
        "Holds a lot.\nDishwasher safe.",
    );
    let hidden = app.product_in("garden", "Old Hose", 995, 0);
    let mut changes = hidden.to_changes();
    changes.active = false;
    changes.featured = true;
    Product::update(&mut app.conn(), hidden.id, &changes).expect("saved");

    // Act
    let (columns, rows) = download(&app, "/admin/products.csv", "products").await;

    // Assert
    assert_eq!(
        columns,
        [
            "slug",
            "name",
            "description",
            "price",
            "stock",
            "category",
            "active",
            "featured"
        ]
    );
    assert_eq!(
        rows,
        [
            [
                "big-mug",
                "Mug, \"large\"",
                "Holds a lot.\nDishwasher safe.",
                "12.50",
                "7",
                "kitchen",
                "true",
                "false"
            ],
            [
                "old-hose",
                "Old Hose",
                "A fine Old Hose.",
                "9.95",
                "0",
                "garden",
                "false",
                "true"
            ],
        ]
    );
}

#[tokio::test]
async fn cells_that_start_like_a_formula_get_a_leading_apostrophe_but_prices_do_not() {
    // Arrange
    let app = logged_in_admin().await;
    product_with(&app, "a", "=HYPERLINK(\"http://evil.example\")", "+1 more");
    product_with(&app, "b", "-5% off", "@SUM(A1)");
    product_with(&app, "c", "\tTabbed", "\rReturned");
    product_with(&app, "d", "Plain - name", "a=b is fine");
    let token = app.new_browser();
    let mug = app.product("Mug", 1000, 10);
    token.add_to_cart(&mug, 1).await;
    let checkout = token.checkout_token().await;
    let mut fields = checkout_fields(&checkout, GOOD_CARD);
    fields[0] = ("email", "=cmd@example.com");
    token.post_form("/checkout", &fields).await;

    // Act
    let (_, products) = download(&app, "/admin/products.csv", "products").await;
    let (_, orders) = download(&app, "/admin/orders.csv", "orders").await;

    // Assert
    let name_and_description: Vec<(&str, &str)> = products
        .iter()
        .map(|row| (row[1].as_str(), row[2].as_str()))
        .collect();
    assert_eq!(
        name_and_description[..4],
        [
            ("'=HYPERLINK(\"http://evil.example\")", "'+1 more"),
            ("'-5% off", "'@SUM(A1)"),
            ("'\tTabbed", "'\rReturned"),
            ("Plain - name", "a=b is fine"),
        ]
    );
    assert!(
        products
            .iter()
            .all(|row| row[3] == "12.50" || row[3] == "10.00")
    );
    assert_eq!(orders[0][2], "'=cmd@example.com");
}

#[tokio::test]
async fn the_exports_read_every_row_however_many_batches_they_take() {
    // Arrange: more orders and products than one batch (500), all placed in the same second,
    // so the batches must also be split correctly between equal times.
    let app = spawn_app().await;
    app.user("admin@example.com", true);
    app.log_in("admin@example.com").await;
    let conn = &mut app.conn();
    cartwheel::seed::load_demo_catalog(conn).expect("demo catalog");
    cartwheel::seed::generate_products(conn, 1150).expect("products");
    let placed_at = now();
    for i in 0..1101 {
        let order = Order::create(conn, &new_order(i)).expect("order");
        Order::set_created_at(conn, order.id, placed_at).expect("same time");
    }

    // Act
    let (_, orders) = download(&app, "/admin/orders.csv", "orders").await;
    let (_, products) = download(&app, "/admin/products.csv", "products").await;

    // Assert
    assert_eq!(orders.len(), 1101);
    let numbers: Vec<String> = (0..1101).rev().map(|i| format!("CW-{i:08}")).collect();
    let exported: Vec<String> = orders.iter().map(|row| row[0].clone()).collect();
    assert_eq!(
        exported, numbers,
        "each order once, newest (highest id) first"
    );
    assert_eq!(products.len() as i64, Product::count(conn).expect("count"));
    let mut slugs: Vec<&str> = products.iter().map(|row| row[0].as_str()).collect();
    slugs.sort_unstable();
    slugs.dedup();
    assert_eq!(slugs.len(), products.len(), "no product twice");
}

/// An order written straight through the model (faster than a thousand checkouts).
fn new_order(i: usize) -> NewOrder {
    NewOrder {
        number: format!("CW-{i:08}"),
        user_id: None,
        cart_id: None,
        email: "bulk@example.com".into(),
        name: "Bulk Buyer".into(),
        address_line1: "1 Long Road".into(),
        address_line2: String::new(),
        city: "Leeds".into(),
        postal_code: "LS1 1AA".into(),
        country: "United Kingdom".into(),
        total_cents: 100,
        checkout_token: format!("token-{i}"),
        card_brand: "Visa".into(),
        card_last4: "4242".into(),
    }
}

#[tokio::test]
async fn only_admins_may_download_the_exports() {
    let app = spawn_app().await;
    app.user("ada@example.com", false);
    let customer = app.new_browser();
    customer.log_in("ada@example.com").await;

    for path in ["/admin/orders.csv", "/admin/products.csv"] {
        let anonymous = app.get(path).await;
        assert_eq!(anonymous.status(), StatusCode::SEE_OTHER, "{path}");
        assert!(location(&anonymous).starts_with("/login?next="), "{path}");
        assert_eq!(
            customer.get(path).await.status(),
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }
}

#[tokio::test]
async fn the_order_and_product_lists_link_to_their_exports() {
    let app = logged_in_admin().await;

    assert!(
        app.get_html("/admin/orders")
            .await
            .contains("href=\"/admin/orders.csv\"")
    );
    assert!(
        app.get_html("/admin/products")
            .await
            .contains("href=\"/admin/products.csv\"")
    );
}

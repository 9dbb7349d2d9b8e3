//! Query budgets: every page runs a small, fixed number of SQL statements, and the same
//! number whether it shows 3 rows or 30 (a query per row, "N+1", would show as growth).
//!
//! The counts come from the `X-Sql-Statements` header (`CARTWHEEL_COUNT_SQL`, on in tests;
//! see `sql_trace`). They include the login check and every `BEGIN`/`COMMIT`. No test here
//! measures time: counts are exact on any machine, times are not.

use cartwheel::models::Product;

use crate::helpers::*;

/// The most statements each page may run. Raise a budget only with a reason.
const BUDGETS: &[(&str, u64)] = &[
    // The cards of the products this browser viewed last ("Recently viewed"): one query
    // for all of them, and none for a browser that has viewed nothing.
    ("/", 3),
    ("/products", 2),
    ("/products?page=2", 2),
    ("/products?q=mug", 3),
    ("/categories/kitchen", 3),
    // "Customers who bought this also bought": the product's strongest pairs, and the
    // category's best sellers when there are fewer than four; the same however many orders
    // or pairs there are.
    ("/products/{slug}", 4),
    // The same block for the cart's products, plus the first product's category (for the
    // best sellers), however many lines the cart holds.
    ("/cart", 7),
    ("/checkout", 4),
    // A logged-in customer's home page: the anonymous page's two, the login's checks and the
    // cart count, and two for "You might like" (the products they bought, the pairs with
    // them), however many orders they have, and one for "Recently viewed".
    ("/ (customer)", 8),
    ("/orders", 4),
    ("/orders/{number}", 5),
    // The account page also lists the customer's API tokens: one statement more.
    ("/account", 5),
    // The saved products with their cards: one statement, however many are saved.
    ("/wishlist", 4),
    // A customer's product page asks whether the product is on their wishlist.
    ("/products/{slug} (customer)", 8),
    // The dashboard reads the last 30 days of sales and their best sellers: two statements
    // more than before, however many orders those days hold. Its chart reads closed days
    // from `daily_sales` and the days not summed yet from the orders: one more.
    ("/admin", 8),
    ("/admin/products", 3),
    ("/admin/orders", 3),
    ("/admin/customers", 3),
    ("/admin/categories", 3),
    // The jobs' rows and the latest runs, however many runs are kept.
    ("/admin/jobs", 4),
];

fn budget(page: &str) -> u64 {
    BUDGETS
        .iter()
        .find(|(name, _)| *name == page)
        .map(|(_, budget)| *budget)
        .unwrap_or_else(|| panic!("no budget for {page}"))
}

/// The statements one GET of `path` ran (the page must answer 200).
async fn statements(browser: &Browser, path: &str) -> u64 {
    let response = browser.get(path).await;
    assert_eq!(response.status(), 200, "GET {path}");
    response
        .headers()
        .get("x-sql-statements")
        .expect("the count header")
        .to_str()
        .expect("text")
        .parse()
        .expect("a number")
}

/// Counts each page with few rows and with many, and checks both against its budget.
async fn check_pages(pages: &[(&str, String)], few: &[u64], many: &[u64]) {
    for (((name, path), few), many) in pages.iter().zip(few).zip(many) {
        report(&format!(
            "{name:<22} {few} statements ({path}), {many} with more rows"
        ));
        assert_eq!(
            few, many,
            "{name} runs more statements as it shows more rows"
        );
        assert!(
            *many <= budget(name),
            "{name} ran {many} statements; its budget is {}",
            budget(name)
        );
    }
}

async fn count_all(browser: &Browser, pages: &[(&str, String)]) -> Vec<u64> {
    let mut counts = Vec::new();
    for (_, path) in pages {
        counts.push(statements(browser, path).await);
    }
    counts
}

#[tokio::test]
async fn shopper_pages_stay_within_budget_however_many_products_they_show() {
    // Arrange: a page's worth of kitchen products and a few elsewhere.
    let app = spawn_app().await;
    for i in 0..3 {
        app.product_in("kitchen", &format!("Mug {i}"), 1000 + i, 5);
    }
    let first = app.product_in("garden", "Garden Mug", 900, 5);
    // The product page comes first, so the home page shows "Recently viewed" both times.
    let pages: Vec<(&str, String)> = vec![
        ("/products/{slug}", format!("/products/{}", first.slug)),
        ("/", "/".into()),
        ("/products", "/products".into()),
        ("/products?page=2", "/products?page=2".into()),
        ("/products?q=mug", "/products?q=mug".into()),
        ("/categories/kitchen", "/categories/kitchen".into()),
    ];
    let few = count_all(&app, &pages).await;

    // Act: ten times as many products, two pages of them.
    for i in 3..30 {
        app.product_in("kitchen", &format!("Mug {i}"), 1000 + i, 5);
    }
    let many = count_all(&app, &pages).await;

    // Assert
    check_pages(&pages, &few, &many).await;
}

#[tokio::test]
async fn cart_and_checkout_stay_within_budget_however_many_lines_they_hold() {
    // Arrange
    let app = spawn_app().await;
    let products: Vec<_> = (0..10)
        .map(|i| app.product(&format!("Plate {i}"), 500 + i, 20))
        .collect();
    app.add_to_cart(&products[0], 1).await;
    let pages: Vec<(&str, String)> =
        vec![("/cart", "/cart".into()), ("/checkout", "/checkout".into())];
    let few = count_all(&app, &pages).await;

    // Act
    for product in &products[1..] {
        app.add_to_cart(product, 2).await;
    }
    let many = count_all(&app, &pages).await;

    // Assert
    check_pages(&pages, &few, &many).await;
}

#[tokio::test]
async fn a_customers_pages_stay_within_budget_however_many_orders_they_have() {
    // Arrange: a logged-in customer with one order of one line.
    let app = spawn_app().await;
    app.user("ada@example.com", false);
    app.log_in("ada@example.com").await;
    let products: Vec<_> = (0..6)
        .map(|i| app.product(&format!("Bowl {i}"), 700 + i, 50))
        .collect();
    app.add_to_cart(&products[0], 1).await;
    app.check_out(GOOD_CARD).await;
    let order = app.orders()[0].number.clone();
    // The product page comes first, so the home page shows "Recently viewed" both times.
    let pages: Vec<(&str, String)> = vec![
        ("/products/{slug} (customer)", "/products/bowl-0".into()),
        ("/ (customer)", "/".into()),
        ("/orders", "/orders".into()),
        ("/orders/{number}", format!("/orders/{order}")),
        ("/account", "/account".into()),
        ("/wishlist", "/wishlist".into()),
    ];
    save_to_wishlist(&app, &products[0]).await;
    let few = count_all(&app, &pages).await;

    // Act: four more orders, the last with six lines, and that one is shown.
    for _ in 0..3 {
        app.add_to_cart(&products[1], 1).await;
        app.check_out(GOOD_CARD).await;
    }
    for product in &products {
        app.add_to_cart(product, 1).await;
    }
    app.check_out(GOOD_CARD).await;
    let biggest = app
        .orders()
        .into_iter()
        .max_by_key(|o| o.id)
        .expect("order");
    let pages_now: Vec<(&str, String)> = vec![
        ("/products/{slug} (customer)", "/products/bowl-0".into()),
        ("/ (customer)", "/".into()),
        ("/orders", "/orders".into()),
        ("/orders/{number}", format!("/orders/{}", biggest.number)),
        ("/account", "/account".into()),
        ("/wishlist", "/wishlist".into()),
    ];
    for product in &products[1..] {
        save_to_wishlist(&app, product).await;
    }
    let many = count_all(&app, &pages_now).await;

    // Assert
    check_pages(&pages, &few, &many).await;
}

async fn save_to_wishlist(browser: &Browser, product: &Product) {
    let id = product.id.to_string();
    browser.post_form("/wishlist", &[("product_id", &id)]).await;
}

#[tokio::test]
async fn admin_pages_stay_within_budget_however_many_rows_they_list() {
    // Arrange: an admin, one customer with one order.
    let app = logged_in_admin().await;
    let shopper = app.new_browser();
    let mug = app.product("Mug", 1200, 100);
    app.user("ada@example.com", false);
    shopper.log_in("ada@example.com").await;
    shopper.add_to_cart(&mug, 1).await;
    shopper.check_out(GOOD_CARD).await;
    let pages: Vec<(&str, String)> = [
        "/admin",
        "/admin/products",
        "/admin/orders",
        "/admin/customers",
        "/admin/categories",
        "/admin/jobs",
    ]
    .iter()
    .map(|path| (*path, path.to_string()))
    .collect();
    let few = count_all(&app, &pages).await;

    // Act: more products, customers and orders.
    for i in 0..8 {
        let product = app.product_in(&format!("shelf-{i}"), &format!("Cup {i}"), 800, 100);
        let email = format!("customer{i}@example.com");
        app.user(&email, false);
        let customer = app.new_browser();
        customer.log_in(&email).await;
        customer.add_to_cart(&product, 2).await;
        customer.check_out(GOOD_CARD).await;
        for job in cartwheel::jobs::all() {
            let path = format!("/admin/jobs/{}/run", job.name);
            app.post_form(&path, &[]).await;
        }
    }
    let many = count_all(&app, &pages).await;

    // Assert
    check_pages(&pages, &few, &many).await;
}

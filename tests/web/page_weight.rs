//! Page weight: every main page stays light on a slow phone connection. Each HTML page must
//! be under 60 KB, however many rows the shop holds, and the home page with everything it
//! loads (stylesheet, scripts, pictures) under 300 KB. A page over its budget is fixed
//! (fewer rows per page, lighter markup); the limits are not raised.
//!
//! The shop sends no compressed responses, so the bytes counted here are the bytes a
//! browser receives for each body.

use crate::helpers::*;

/// The most bytes one HTML page may weigh.
const PAGE_LIMIT: usize = 60 * 1024;
/// The most bytes the home page may weigh with everything it references.
const HOME_TOTAL_LIMIT: usize = 300 * 1024;

/// A shop that looks like a busy one: the demo catalog plus 300 more products, 30 days of
/// orders, and a logged-in customer with orders of their own and a full cart.
async fn busy_shop() -> TestApp {
    let app = spawn_app().await;
    {
        let conn = &mut app.conn();
        cartwheel::seed::load_demo_catalog(conn).expect("demo catalog");
        cartwheel::seed::generate_products(conn, 300).expect("products");
    }
    let products =
        cartwheel::models::Product::page_for_admin(&mut app.conn(), 0, 40).expect("products");
    let in_stock: Vec<_> = products
        .into_iter()
        .filter(|p| p.active && p.stock > 5)
        .collect();
    for days_ago in 0..30 {
        let order = app
            .place_order(&in_stock[days_ago % in_stock.len()], 1)
            .await;
        app.move_order_back(&order, days_ago as i64);
    }
    app.user("admin@example.com", true);
    app.user("ada@example.com", false);
    app.log_in("ada@example.com").await;
    for product in in_stock.iter().take(5) {
        app.add_to_cart(product, 1).await;
        app.check_out(GOOD_CARD).await;
    }
    for product in in_stock.iter().skip(5).take(8) {
        app.add_to_cart(product, 1).await;
    }
    app
}

/// The body of a GET, checking the status.
async fn body_of(browser: &Browser, path: &str) -> Vec<u8> {
    let response = browser.get(path).await;
    assert_eq!(response.status(), 200, "GET {path}");
    response.bytes().await.expect("body").to_vec()
}

fn assert_light(path: &str, bytes: usize) {
    report(&format!("{path:<28} {:>6.1} KB", bytes as f64 / 1024.0));
    assert!(
        bytes < PAGE_LIMIT,
        "{path} weighs {bytes} bytes; the limit is {PAGE_LIMIT}"
    );
}

#[tokio::test]
async fn every_main_page_weighs_under_60_kb_in_a_busy_shop() {
    // Arrange
    let app = busy_shop().await;
    let product = cartwheel::models::Product::page_for_admin(&mut app.conn(), 0, 1)
        .expect("products")
        .remove(0);
    let admin = app.new_browser();
    admin.log_in("admin@example.com").await;
    let shopper_pages = [
        "/".to_string(),
        "/products".into(),
        "/products?q=mug".into(),
        format!("/products/{}", product.slug),
        "/cart".into(),
        "/checkout".into(),
        "/orders".into(),
    ];
    let admin_pages = ["/admin", "/admin/products", "/admin/orders"];

    // Act and assert
    for path in &shopper_pages {
        assert_light(path, body_of(&app, path).await.len());
    }
    for path in admin_pages {
        assert_light(path, body_of(&admin, path).await.len());
    }
}

#[tokio::test]
async fn the_home_page_with_everything_it_loads_weighs_under_300_kb() {
    // Arrange
    let app = busy_shop().await;

    // Act: fetch the page, then each stylesheet, script and picture once, as a browser does.
    let html = String::from_utf8(body_of(&app, "/").await).expect("utf-8");
    let mut total = html.len();
    let mut assets = referenced_assets(&html);
    let mut fetched = Vec::new();
    while let Some(url) = assets.pop() {
        if fetched.contains(&url) {
            continue;
        }
        let body = body_of(&app, &url).await;
        if url.contains(".css") {
            assets.extend(css_urls(&String::from_utf8_lossy(&body)));
        }
        total += body.len();
        fetched.push(url);
    }

    // Assert
    report(&format!(
        "home page with {} files: {:.1} KB",
        fetched.len(),
        total as f64 / 1024.0
    ));
    assert!(
        fetched.iter().any(|url| url.contains(".css")),
        "{fetched:?}"
    );
    assert!(
        fetched.iter().any(|url| url.contains("/images/")),
        "{fetched:?}"
    );
    assert!(
        total < HOME_TOTAL_LIMIT,
        "the home page loads {total} bytes; the limit is {HOME_TOTAL_LIMIT}"
    );
}

/// The stylesheets, scripts and pictures a page asks for (`<link rel="stylesheet" href>`,
/// `<script src>`, `<img src>`), as same-site paths.
fn referenced_assets(html: &str) -> Vec<String> {
    let mut urls = Vec::new();
    for (tag, attribute) in [("<link ", "href"), ("<script ", "src"), ("<img ", "src")] {
        for element in html.split(tag).skip(1) {
            let element = element.split('>').next().unwrap_or_default();
            if tag == "<link " && !element.contains("rel=\"stylesheet\"") {
                continue;
            }
            if let Some(url) = attribute_value(&format!(" {element}"), attribute) {
                urls.push(url);
            }
        }
    }
    urls
}

/// The value of `name="…"` in a tag's text.
fn attribute_value(element: &str, name: &str) -> Option<String> {
    let marker = format!(" {name}=\"");
    let start = element.find(&marker)? + marker.len();
    element[start..].split('"').next().map(str::to_string)
}

/// The files a stylesheet pulls in with `url(…)` (fonts, pictures), if any.
fn css_urls(css: &str) -> Vec<String> {
    css.split("url(")
        .skip(1)
        .filter_map(|rest| rest.split(')').next())
        .map(|url| url.trim_matches(|c| c == '"' || c == '\'').to_string())
        .filter(|url| url.starts_with('/'))
        .collect()
}

//! An admin's journey in Chromium: log in, create a product with a picture (after an SVG is
//! refused), change its price and stock, and ship a paid order.

use chrono::{Duration, Utc};
use image::ImageFormat;

use super::Chrome;
use super::shopper::demo_shop;
use crate::helpers::{GOOD_CARD, TestApp};
use crate::pictures::picture;
use cartwheel::models::{Order, Product};

/// Logs the browser in through the login page as a new admin.
async fn log_in_as_admin(app: &TestApp, chrome: &Chrome) {
    app.user("admin@example.com", true);
    chrome.log_in("admin@example.com").await;
    chrome.click(".site-nav a[href='/admin']").await;
}

/// A paid order placed by another shopper (over plain HTTP), returning its number.
async fn paid_order(app: &TestApp) -> String {
    let shopper = app.new_browser();
    let kettle = Product::find_active_by_slug(&mut app.conn(), "gooseneck-kettle").expect("kettle");
    shopper.add_to_cart(&kettle, 1).await;
    shopper.check_out(GOOD_CARD).await;
    app.orders()[0].number.clone()
}

/// Paid orders on some of the last days, so the dashboard's chart has a shape.
async fn a_month_of_sales(app: &TestApp) {
    for days_ago in [1, 3, 4, 8, 12, 13, 19, 26] {
        paid_order(app).await;
        let order = app.orders()[0].clone();
        let placed = Utc::now().naive_utc() - Duration::days(days_ago);
        Order::set_created_at(&mut app.conn(), order.id, placed).expect("moved");
    }
}

/// Files to choose in the picture field: a real photo and an SVG the shop must refuse.
fn picture_files() -> (tempfile::TempDir, String, String) {
    let folder = tempfile::tempdir().expect("folder");
    let photo = folder.path().join("tray.jpg");
    std::fs::write(&photo, picture(ImageFormat::Jpeg)).expect("photo");
    let drawing = folder.path().join("tray.svg");
    std::fs::write(&drawing, "<svg xmlns=\"http://www.w3.org/2000/svg\"/>").expect("svg");
    let path = |file: std::path::PathBuf| file.display().to_string();
    (folder, path(photo), path(drawing))
}

#[tokio::test]
async fn an_admin_adds_a_product_changes_it_and_ships_an_order() {
    let app = demo_shop().await;
    a_month_of_sales(&app).await;
    let number = paid_order(&app).await;
    let (_files, photo, drawing) = picture_files();
    let Some(chrome) = super::open(&app.address, "admin journey").await else {
        return;
    };
    log_in_as_admin(&app, &chrome).await;
    assert_eq!(chrome.path().await, "/admin");
    chrome.screenshot("admin-dashboard").await;

    chrome.click(".admin-nav a[href='/admin/products']").await;
    chrome.screenshot("admin-products").await;
    assert_eq!(
        chrome.text(".admin-nav a[aria-current='page']").await,
        "Products",
        "the tab of the page is marked"
    );
    chrome.click_text("New product").await;
    chrome.fill("#name", "Bamboo Serving Tray").await;
    chrome
        .fill("#description", "A light tray for breakfast in bed.")
        .await;
    chrome.fill("#price", "18.50").await;
    chrome.fill("#stock", "7").await;
    chrome.choose("#category_id", "Kitchen").await;
    chrome
        .find("#picture")
        .await
        .send_keys(&drawing)
        .await
        .expect("file");
    chrome.submit().await;
    let refusal = chrome.text("#picture-error").await;
    assert!(refusal.contains("JPEG"), "the SVG is refused: {refusal}");
    assert_eq!(
        chrome.value("#name").await,
        "Bamboo Serving Tray",
        "the other fields are kept"
    );
    chrome.screenshot("admin-picture-refused").await;
    chrome
        .find("#picture")
        .await
        .send_keys(&photo)
        .await
        .expect("file");
    chrome.submit().await;
    assert!(
        chrome
            .page_text()
            .await
            .contains("Saved Bamboo Serving Tray.")
    );
    let tray =
        Product::find_active_by_slug(&mut app.conn(), "bamboo-serving-tray").expect("created");
    assert_eq!((tray.price_cents, tray.stock), (1850, 7));

    chrome
        .visit(&format!("/admin/products/{}/edit", tray.id))
        .await;
    chrome.screenshot("admin-product-form").await;
    chrome.fill("#price", "16.00").await;
    chrome.fill("#stock", "12").await;
    chrome.submit().await;
    assert!(
        chrome
            .page_text()
            .await
            .contains("Saved Bamboo Serving Tray.")
    );
    let tray = app.reload(&tray);
    assert_eq!((tray.price_cents, tray.stock), (1600, 12));
    chrome.visit("/products/bamboo-serving-tray").await;
    assert_eq!(chrome.text(".product-info .price").await, "€16.00");
    let shown = chrome
        .run("const img = document.querySelector('.product-image img'); return [img.getAttribute('src'), img.naturalWidth];")
        .await;
    assert!(
        shown[0]
            .as_str()
            .unwrap_or_default()
            .starts_with("/media/products/"),
        "{shown}"
    );
    assert_eq!(
        shown[1], 800,
        "the uploaded picture loads at its own size: {shown}"
    );
    chrome.screenshot("product-with-picture").await;

    chrome.visit("/admin/orders").await;
    chrome.click_text(&number).await;
    chrome.choose("#status", "Shipped").await;
    chrome.click_text("Update status").await;
    assert!(chrome.page_text().await.contains("Shipped"));
    assert_eq!(app.orders()[0].status, "shipped");
}

#[tokio::test]
async fn a_picture_over_5_mib_gets_the_too_large_page_in_the_browser() {
    let app = demo_shop().await;
    let Some(chrome) = super::open(&app.address, "oversized picture").await else {
        return;
    };
    let folder = tempfile::tempdir().expect("folder");
    let huge = folder.path().join("huge.jpg");
    let mut bytes = picture(ImageFormat::Jpeg);
    bytes.resize(6 * 1024 * 1024, 0);
    std::fs::write(&huge, bytes).expect("file");
    log_in_as_admin(&app, &chrome).await;
    chrome.visit("/admin/products/new").await;
    chrome.fill("#name", "Heavy Tray").await;
    chrome.fill("#price", "10.00").await;
    chrome.fill("#stock", "1").await;
    chrome
        .find("#picture")
        .await
        .send_keys(&huge.display().to_string())
        .await
        .expect("file");
    chrome.submit().await;
    let page = chrome.page_text().await;
    assert!(
        page.contains("too large"),
        "the shop's own 413 page: {page}"
    );
    chrome.screenshot("admin-picture-too-large").await;
}

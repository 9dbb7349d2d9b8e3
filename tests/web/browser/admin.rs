//! An admin's journey in Chromium: log in, create a product with a picture, change its
//! price and stock, and ship a paid order.

use super::Chrome;
use super::shopper::demo_shop;
use crate::helpers::{GOOD_CARD, PASSWORD, TestApp};
use cartwheel::models::Product;

/// Logs the browser in through the login page as a new admin.
async fn log_in_as_admin(app: &TestApp, chrome: &Chrome) {
    app.user("admin@example.com", true);
    chrome.visit("/login").await;
    chrome.fill("#email", "admin@example.com").await;
    chrome.fill("#password", PASSWORD).await;
    chrome.click("form.form button[type='submit']").await;
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

#[tokio::test]
async fn an_admin_adds_a_product_changes_it_and_ships_an_order() {
    let app = demo_shop().await;
    let number = paid_order(&app).await;
    let Some(chrome) = super::open(&app.address, "admin journey").await else {
        return;
    };
    log_in_as_admin(&app, &chrome).await;
    assert_eq!(chrome.path().await, "/admin");
    chrome.screenshot("admin-dashboard").await;

    chrome.click(".admin-nav a[href='/admin/products']").await;
    chrome.screenshot("admin-products").await;
    chrome.click_text("New product").await;
    chrome.fill("#name", "Bamboo Serving Tray").await;
    chrome
        .fill("#description", "A light tray for breakfast in bed.")
        .await;
    chrome.fill("#price", "18.50").await;
    chrome.fill("#stock", "7").await;
    chrome.choose("#category_id", "Kitchen").await;
    chrome.click("form.form button[type='submit']").await;
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
    chrome.click("form.form button[type='submit']").await;
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

    chrome.visit("/admin/orders").await;
    chrome.click_text(&number).await;
    chrome.choose("#status", "Shipped").await;
    chrome.click_text("Update status").await;
    assert!(chrome.page_text().await.contains("Shipped"));
    assert_eq!(app.orders()[0].status, "shipped");
}

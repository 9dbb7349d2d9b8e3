//! A shopper's journeys in Chromium: browse, search, fill the cart, pay; a declined card;
//! register, log out and log in again; save a product for later and buy it from the
//! wishlist; the same with the keyboard alone.

use cartwheel::models::Product;
use fantoccini::key::Key;

use super::Chrome;
use crate::helpers::{DECLINED_CARD, GOOD_CARD, PASSWORD, TestApp, spawn_app};

/// A shop with the demo catalog (pictures, categories, featured products) loaded.
pub async fn demo_shop() -> TestApp {
    let app = spawn_app().await;
    cartwheel::seed::load_demo_catalog(&mut app.conn()).expect("demo catalog");
    app
}

/// The product with this slug, as the database has it now.
fn product(app: &TestApp, slug: &str) -> Product {
    Product::find_active_by_slug(&mut app.conn(), slug).expect("demo product")
}

/// The number in the header's cart badge.
async fn cart_badge(chrome: &Chrome) -> String {
    chrome.text(".cart-link .badge").await
}

/// Fills the checkout form as a shopper would, with `card`, and presses Pay.
async fn pay_with(chrome: &Chrome, card: &str) {
    for (field, value) in [
        ("#email", "ada@example.com"),
        ("#name", "Ada Lovelace"),
        ("#address_line1", "12 Analytical Street"),
        ("#postal_code", "N1 7AA"),
        ("#city", "London"),
        ("#country", "United Kingdom"),
        ("#card_number", card),
        ("#card_expiry", "12/39"),
        ("#card_cvc", "123"),
    ] {
        chrome.fill(field, value).await;
    }
    chrome.click_text("Pay").await;
}

#[tokio::test]
async fn a_shopper_browses_searches_fills_the_cart_and_pays() {
    let app = demo_shop().await;
    let Some(chrome) = super::open(&app.address, "shopper journey").await else {
        return;
    };
    chrome.visit("/").await;
    chrome.screenshot("home").await;
    assert!(chrome.find_all(".product-card img").await.len() >= 4);

    chrome.click(".site-nav a[href='/products']").await;
    assert_eq!(chrome.path().await, "/products");
    chrome.screenshot("catalog").await;

    chrome.fill("#site-search", "mug").await;
    chrome.press_enter().await;
    assert!(chrome.path().await.starts_with("/products?q=mug"));
    assert!(chrome.page_text().await.contains("Stoneware Coffee Mug"));
    chrome.screenshot("search").await;

    chrome.click_text("Stoneware Coffee Mug").await;
    assert_eq!(chrome.path().await, "/products/stoneware-coffee-mug");
    chrome.screenshot("product").await;
    chrome.click_text("Add to cart").await;
    assert!(
        chrome
            .page_text()
            .await
            .contains("Added Stoneware Coffee Mug")
    );
    assert_eq!(cart_badge(&chrome).await, "1");

    chrome.visit("/products/dot-grid-notebook-a5").await;
    chrome.click_text("Add to cart").await;
    assert_eq!(cart_badge(&chrome).await, "2");

    let mug = product(&app, "stoneware-coffee-mug");
    let notebook = product(&app, "dot-grid-notebook-a5");
    chrome.visit("/cart").await;
    chrome.fill(&format!("#quantity-{}", mug.id), "3").await;
    chrome
        .click(&format!("form[action='/cart/items/{}'] button", mug.id))
        .await;
    assert_eq!(cart_badge(&chrome).await, "4");
    let total = mug.price() * 3 + notebook.price();
    assert!(
        chrome
            .text(".cart-summary")
            .await
            .contains(&total.to_string())
    );
    chrome.screenshot("cart").await;

    chrome.click_text("Check out").await;
    assert_eq!(chrome.path().await, "/checkout");
    chrome.screenshot("checkout").await;
    pay_with(&chrome, GOOD_CARD).await;

    assert!(
        chrome.path().await.starts_with("/orders/"),
        "on the order page"
    );
    let page = chrome.page_text().await;
    assert!(page.contains("is paid"), "thanked: {page}");
    assert!(page.contains(&total.to_string()));
    assert_eq!(cart_badge(&chrome).await, "0");
    chrome.screenshot("order").await;
    assert_eq!(app.orders().len(), 1);
    assert_eq!(app.reload(&mug).stock, mug.stock - 3);
}

#[tokio::test]
async fn a_declined_card_keeps_the_cart_and_says_why() {
    let app = demo_shop().await;
    let Some(chrome) = super::open(&app.address, "declined card").await else {
        return;
    };
    let kettle = product(&app, "gooseneck-kettle");
    chrome.visit("/products/gooseneck-kettle").await;
    chrome.click_text("Add to cart").await;
    chrome.visit("/checkout").await;
    pay_with(&chrome, DECLINED_CARD).await;

    assert_eq!(chrome.path().await, "/checkout");
    let message = chrome.text(".has-error .field-error, .form-error").await;
    assert!(message.to_lowercase().contains("declined"), "{message}");
    assert_eq!(
        chrome.value("#email").await,
        "ada@example.com",
        "the shopper's address is kept"
    );
    chrome.screenshot("checkout-declined").await;
    assert_eq!(cart_badge(&chrome).await, "1");
    assert_eq!(app.reload(&kettle).stock, kettle.stock, "no stock taken");
    assert!(app.orders().iter().all(|order| order.status != "paid"));
}

#[tokio::test]
async fn a_shopper_registers_logs_out_and_logs_in_again() {
    let app = demo_shop().await;
    let Some(chrome) = super::open(&app.address, "register and log in").await else {
        return;
    };
    chrome.visit("/").await;
    chrome.click_text("Sign up").await;
    chrome.fill("#name", "Grace").await;
    chrome.fill("#email", "grace@example.com").await;
    chrome.fill("#password", "short").await;
    chrome.submit().await;
    let error = chrome.text("#password-error").await;
    assert!(
        error.contains("8"),
        "the rule is shown beside the field: {error}"
    );
    assert_eq!(chrome.value("#email").await, "grace@example.com");
    chrome.screenshot("register-error").await;

    chrome.fill("#password", PASSWORD).await;
    chrome.submit().await;
    assert!(
        chrome
            .page_text()
            .await
            .contains("Welcome to Cartwheel, Grace!")
    );

    chrome.click_text("Log out").await;
    assert!(chrome.find_all(".site-nav a[href='/login']").await.len() == 1);

    chrome.click(".site-nav a[href='/login']").await;
    chrome.screenshot("login").await;
    chrome.fill("#email", "grace@example.com").await;
    chrome.fill("#password", PASSWORD).await;
    chrome.submit().await;
    assert!(chrome.page_text().await.contains("Welcome back, Grace."));
    assert_eq!(chrome.text(".site-nav a[href='/account']").await, "Grace");
}

#[tokio::test]
async fn a_customer_saves_a_product_for_later_and_buys_it_from_the_wishlist() {
    let app = demo_shop().await;
    app.user("ada@example.com", false);
    let Some(chrome) = super::open(&app.address, "wishlist").await else {
        return;
    };
    chrome.visit("/products/gooseneck-kettle").await;
    chrome.click(".save-for-later a").await;
    chrome.fill("#email", "ada@example.com").await;
    chrome.fill("#password", PASSWORD).await;
    chrome.submit().await;
    assert_eq!(chrome.path().await, "/products/gooseneck-kettle");

    chrome.click_text("Save to wishlist").await;
    assert!(
        chrome
            .page_text()
            .await
            .contains("Saved Gooseneck Kettle to your wishlist.")
    );
    chrome.click(".site-nav a[href='/wishlist']").await;
    assert_eq!(chrome.path().await, "/wishlist");
    assert_eq!(chrome.text(".wishlist-entry h3").await, "Gooseneck Kettle");
    chrome.screenshot("wishlist").await;
    let faults = chrome.accessibility_faults().await;
    assert!(faults.is_empty(), "the wishlist page: {faults:?}");

    chrome.click_text("Add to cart").await;
    assert_eq!(chrome.path().await, "/cart");
    assert_eq!(cart_badge(&chrome).await, "1");
    chrome.visit("/wishlist").await;
    chrome.click_text("Remove").await;
    assert!(chrome.page_text().await.contains("Your wishlist is empty."));
}

#[tokio::test]
async fn the_keyboard_alone_reaches_the_cart() {
    let app = demo_shop().await;
    let Some(chrome) = super::open(&app.address, "keyboard only").await else {
        return;
    };
    chrome.visit("/products/gooseneck-kettle").await;
    let tab = String::from(char::from(Key::Tab));
    chrome.run("document.activeElement.blur()").await;
    chrome.press(&tab).await;
    assert_eq!(
        chrome.focused_description().await,
        "Skip to content",
        "the first Tab offers the skip link"
    );
    chrome.screenshot("skip-link-focused").await;

    // Tab until the add-to-cart button has the focus, then press Enter on it. Every stop on
    // the way must be visible, with its focus ring.
    let mut reached = false;
    for _ in 0..40 {
        if let Some(problem) = chrome.focus_problem().await {
            panic!("{}: {problem}", chrome.focused_description().await);
        }
        chrome.press(&tab).await;
        if chrome.focused_description().await == "Add to cart" {
            reached = true;
            break;
        }
    }
    assert!(reached, "Add to cart is reachable with Tab");
    chrome.press_enter().await;
    chrome.find(".notice, [role='status']").await;
    assert_eq!(cart_badge(&chrome).await, "1");
}

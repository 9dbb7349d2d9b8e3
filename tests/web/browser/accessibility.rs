//! axe-core over the shop's main pages, as a shopper and as an admin, in Chromium. Any
//! serious or critical finding fails the test with the rule, its help text and where, and so
//! does a page without exactly one `h1`.

use cartwheel::models::Product;

use super::Chrome;
use super::shopper::demo_shop;
use crate::helpers::GOOD_CARD;

/// Runs axe on each page and returns every serious or critical finding, page by page.
async fn faults_on(chrome: &Chrome, paths: &[&str]) -> Vec<String> {
    let mut faults = Vec::new();
    for path in paths {
        chrome.visit(path).await;
        let headings = chrome.find_all("h1").await.len();
        if headings != 1 {
            faults.push(format!("{path}: {headings} h1 headings instead of one"));
        }
        for fault in chrome.accessibility_faults().await {
            faults.push(format!("{path}: {fault}"));
        }
    }
    faults
}

#[tokio::test]
async fn axe_reports_a_picture_without_alt_text() {
    let app = demo_shop().await;
    let Some(chrome) = super::open(&app.address, "axe finds faults").await else {
        return;
    };
    chrome.visit("/").await;
    assert!(chrome.accessibility_faults().await.is_empty());
    chrome
        .run("document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"/static/images/placeholder.svg\">')")
        .await;
    let faults = chrome.accessibility_faults().await;
    assert!(
        faults.iter().any(|fault| fault.contains("image-alt")),
        "the checker sees a missing alt text: {faults:?}"
    );
}

#[tokio::test]
async fn the_main_pages_have_no_serious_accessibility_faults() {
    let app = demo_shop().await;
    app.user("shopper@example.com", false);
    app.user("admin@example.com", true);
    let Some(chrome) = super::open(&app.address, "accessibility").await else {
        return;
    };
    let mut faults = faults_on(
        &chrome,
        &[
            "/",
            "/products",
            "/products?q=tea",
            "/categories/kitchen",
            "/products/gooseneck-kettle",
            "/login",
            "/register",
            "/cart",
            "/no-such-page",
            "/password/forgot",
            "/password/reset/no-such-token",
        ],
    )
    .await;

    // A shopper with a cart, an order and a checkout form showing errors.
    chrome.log_in("shopper@example.com").await;
    chrome.visit("/products/gooseneck-kettle").await;
    chrome.click_text("Add to cart").await;
    faults.extend(faults_on(&chrome, &["/cart", "/checkout"]).await);
    chrome.click_text("Pay").await;
    assert!(
        !chrome.find_all(".field-error").await.is_empty(),
        "errors shown"
    );
    faults.extend(
        chrome
            .accessibility_faults()
            .await
            .into_iter()
            .map(|f| format!("checkout with errors: {f}")),
    );
    chrome.fill("#name", "Ada Lovelace").await;
    for (field, value) in [
        ("#address_line1", "1 Main St"),
        ("#postal_code", "N1"),
        ("#city", "London"),
        ("#country", "UK"),
        ("#card_number", GOOD_CARD),
        ("#card_expiry", "12/39"),
        ("#card_cvc", "123"),
    ] {
        chrome.fill(field, value).await;
    }
    chrome.click_text("Pay").await;
    let order_page = chrome.path().await;
    assert!(order_page.starts_with("/orders/"), "paid: {order_page}");
    faults.extend(
        faults_on(
            &chrome,
            &[
                &order_page,
                "/orders",
                "/account",
                "/account/password",
                "/wishlist",
            ],
        )
        .await,
    );
    chrome.click_text("Log out").await;

    // The admin's pages.
    chrome.log_in("admin@example.com").await;
    let kettle = Product::find_active_by_slug(&mut app.conn(), "gooseneck-kettle").expect("kettle");
    let number = app.orders()[0].number.clone();
    let edit = format!("/admin/products/{}/edit", kettle.id);
    let order = format!("/admin/orders/{number}");
    faults.extend(
        faults_on(
            &chrome,
            &[
                "/admin",
                "/admin/products",
                "/admin/products/new",
                "/admin/products/import",
                &edit,
                "/admin/orders",
                &order,
                "/admin/customers",
                "/admin/categories",
                "/admin/categories/new",
                "/admin/jobs",
                "/admin/outbox",
            ],
        )
        .await,
    );

    assert!(
        faults.is_empty(),
        "axe found serious or critical faults:\n{}",
        faults.join("\n")
    );
}

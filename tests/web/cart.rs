//! The cart: adding, changing and removing lines within the stock, server-side totals, and
//! merging an anonymous cart at login.

use reqwest::StatusCode;

use crate::helpers::{assert_redirects_to, form_shown_again, spawn_app};

#[tokio::test]
async fn adding_a_product_puts_it_in_the_cart_with_a_server_computed_total() {
    // Arrange
    let app = spawn_app().await;
    let mug = app.product("Blue Mug", 1250, 10);

    // Act
    let response = app.add_to_cart(&mug, 2).await;

    // Assert
    assert_redirects_to(&response, "/cart");
    let html = app.get_html("/cart").await;
    assert!(
        html.contains("Added Blue Mug to your cart."),
        "flash message"
    );
    assert!(html.contains("Blue Mug"));
    assert!(html.contains("€25.00"), "2 × €12.50");
    assert!(
        html.contains("class=\"badge\" aria-label=\"2 items\""),
        "header badge"
    );
}

#[tokio::test]
async fn a_price_sent_with_the_form_is_ignored() {
    let app = spawn_app().await;
    let mug = app.product("Blue Mug", 1250, 10);
    let id = mug.id.to_string();

    app.post_form(
        "/cart/items",
        &[("product_id", &id), ("quantity", "1"), ("price", "1")],
    )
    .await;

    assert!(app.get_html("/cart").await.contains("€12.50"));
}

#[tokio::test]
async fn adding_again_adds_to_the_quantity_already_in_the_cart() {
    let app = spawn_app().await;
    let mug = app.product("Blue Mug", 1000, 10);

    app.add_to_cart(&mug, 2).await;
    app.add_to_cart(&mug, 3).await;

    assert!(app.get_html("/cart").await.contains("€50.00"));
}

#[tokio::test]
async fn invalid_quantities_are_refused_on_the_product_page_with_the_input_kept() {
    let app = spawn_app().await;
    let mug = app.product("Blue Mug", 1000, 10);
    let id = mug.id.to_string();

    for quantity in ["0", "-1", "100", "two", "", "1.5"] {
        // Act
        let response = app
            .post_form(
                "/cart/items",
                &[("product_id", &id), ("quantity", quantity)],
            )
            .await;

        // Assert
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "quantity {quantity:?}"
        );
        let html = response.text().await.expect("body");
        assert!(
            html.contains("Enter a whole number from 1 to 99."),
            "quantity {quantity:?}"
        );
        assert!(
            html.contains(&format!("value=\"{quantity}\"")),
            "input kept for {quantity:?}"
        );
    }
    assert!(app.get_html("/cart").await.contains("Your cart is empty."));
}

#[tokio::test]
async fn more_than_the_stock_is_refused_with_a_clear_message() {
    // Arrange
    let app = spawn_app().await;
    let vase = app.product("Glass Vase", 4000, 3);
    app.add_to_cart(&vase, 2).await;

    // Act: 2 in the cart + 2 more = 4, but only 3 exist.
    let response = app.add_to_cart(&vase, 2).await;

    // Assert
    assert!(
        form_shown_again(response)
            .await
            .contains("Only 3 of Glass Vase left in stock.")
    );
    assert!(
        app.get_html("/cart").await.contains("€80.00"),
        "the cart still holds 2"
    );
}

#[tokio::test]
async fn a_sold_out_or_unknown_product_cannot_be_added() {
    let app = spawn_app().await;
    let gone = app.product("Gone Vase", 4000, 0);

    let sold_out = app.add_to_cart(&gone, 1).await;
    let unknown = app
        .post_form("/cart/items", &[("product_id", "9999"), ("quantity", "1")])
        .await;
    let garbage = app
        .post_form("/cart/items", &[("product_id", "abc"), ("quantity", "1")])
        .await;

    assert!(
        form_shown_again(sold_out)
            .await
            .contains("Gone Vase is sold out.")
    );
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    assert_eq!(garbage.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_hidden_product_cannot_be_added_or_seen_through_the_cart() {
    let app = spawn_app().await;
    let hidden = app.product("Secret Prototype", 100, 5);
    app.take_off_sale(&hidden);
    let id = hidden.id.to_string();

    let response = app.add_to_cart(&hidden, 1).await;
    let bad_quantity = app
        .post_form("/cart/items", &[("product_id", &id), ("quantity", "x")])
        .await;

    for response in [response, bad_quantity] {
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        assert!(
            !response
                .text()
                .await
                .expect("body")
                .contains("Secret Prototype")
        );
    }
}

#[tokio::test]
async fn a_product_not_in_the_cart_cannot_be_updated_into_it() {
    let app = spawn_app().await;
    let mug = app.product("Blue Mug", 1000, 5);
    let plate = app.product("Big Plate", 500, 5);
    app.add_to_cart(&mug, 1).await;

    let response = app
        .post_form(&format!("/cart/items/{}", plate.id), &[("quantity", "3")])
        .await;

    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert!(!cart_lines(&app.get_html("/cart").await).contains("Big Plate"));
}

#[tokio::test]
async fn a_customer_sees_the_same_cart_in_every_browser_they_log_in_from() {
    let app = spawn_app().await;
    let mug = app.product("Blue Mug", 1000, 5);
    app.user("ada@example.com", false);
    app.log_in("ada@example.com").await;
    let laptop = app.new_browser();
    laptop.log_in("ada@example.com").await;

    laptop.add_to_cart(&mug, 2).await;

    let cart = app.get_html("/cart").await;
    assert!(cart.contains("€20.00"));
    assert!(
        cart.contains("aria-label=\"2 items\""),
        "the badge counts it too"
    );
    let response = app.check_out(crate::helpers::GOOD_CARD).await;
    assert_eq!(
        response.status(),
        StatusCode::SEE_OTHER,
        "and it can be checked out here"
    );
    assert_eq!(app.reload(&mug).stock, 3);
}

#[tokio::test]
async fn changing_a_quantity_updates_the_total_and_zero_removes_the_line() {
    // Arrange
    let app = spawn_app().await;
    let mug = app.product("Blue Mug", 1000, 10);
    let plate = app.product("Big Plate", 500, 10);
    app.add_to_cart(&mug, 1).await;
    app.add_to_cart(&plate, 1).await;

    // Act
    let updated = app
        .post_form(&format!("/cart/items/{}", mug.id), &[("quantity", "4")])
        .await;
    let html_after_update = app.get_html("/cart").await;
    let removed = app
        .post_form(&format!("/cart/items/{}", plate.id), &[("quantity", "0")])
        .await;
    let html_after_remove = app.get_html("/cart").await;

    // Assert
    assert_redirects_to(&updated, "/cart");
    assert!(html_after_update.contains("€45.00"), "4 × €10 + €5");
    assert_redirects_to(&removed, "/cart");
    assert!(html_after_remove.contains("Removed Big Plate from your cart."));
    assert!(!cart_lines(&html_after_remove).contains("href=\"/products/big-plate\""));
    assert!(html_after_remove.contains("€40.00"));
}

#[tokio::test]
async fn a_new_quantity_above_the_stock_shows_the_cart_again_with_the_message() {
    let app = spawn_app().await;
    let mug = app.product("Blue Mug", 1000, 5);
    app.add_to_cart(&mug, 1).await;

    let response = app
        .post_form(&format!("/cart/items/{}", mug.id), &[("quantity", "6")])
        .await;

    let html = form_shown_again(response).await;
    assert!(html.contains("Only 5 of Blue Mug left in stock."));
    assert!(html.contains("value=\"6\""), "the typed quantity is kept");
    assert!(
        app.get_html("/cart").await.contains("€10.00"),
        "the cart still holds 1"
    );
}

#[tokio::test]
async fn the_remove_button_deletes_the_line() {
    let app = spawn_app().await;
    let mug = app.product("Blue Mug", 1000, 5);
    app.add_to_cart(&mug, 2).await;

    let response = app
        .post_form(&format!("/cart/items/{}/delete", mug.id), &[])
        .await;

    assert_redirects_to(&response, "/cart");
    assert!(app.get_html("/cart").await.contains("Your cart is empty."));
}

#[tokio::test]
async fn another_browser_has_its_own_cart() {
    let app = spawn_app().await;
    let mug = app.product("Blue Mug", 1000, 5);
    app.add_to_cart(&mug, 2).await;

    let other = app.new_browser();

    assert!(
        other
            .get_html("/cart")
            .await
            .contains("Your cart is empty.")
    );
}

#[tokio::test]
async fn an_anonymous_cart_merges_into_the_users_cart_at_login_capped_at_stock() {
    // Arrange: the user's own cart holds 3 mugs from an earlier visit.
    let app = spawn_app().await;
    let mug = app.product("Blue Mug", 1000, 5);
    let plate = app.product("Big Plate", 500, 10);
    app.user("ada@example.com", false);
    let earlier = app.new_browser();
    earlier.log_in("ada@example.com").await;
    earlier.add_to_cart(&mug, 3).await;

    // Act: anonymously add 4 mugs and a plate, then log in.
    app.add_to_cart(&mug, 4).await;
    app.add_to_cart(&plate, 1).await;
    let response = app.log_in("ada@example.com").await;

    // Assert: 3 + 4 mugs capped at the 5 in stock, plus the plate.
    assert_redirects_to(&response, "/");
    let html = app.get_html("/cart").await;
    assert!(html.contains("value=\"5\""), "mugs capped at stock");
    assert!(html.contains("Big Plate"));
    assert!(html.contains("€55.00"), "5 × €10 + €5");
    assert!(
        earlier.get_html("/cart").await.contains("€55.00"),
        "one cart, seen from both browsers"
    );
}

/// The cart's table of lines, without the recommendations below it (which may well show a
/// product that is not in the cart).
fn cart_lines(html: &str) -> &str {
    let start = html
        .find("<table class=\"cart-table\"")
        .unwrap_or(html.len());
    let end = html[start..]
        .find("</table>")
        .map_or(html.len(), |end| start + end);
    &html[start..end]
}

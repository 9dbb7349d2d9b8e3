//! The wishlist: saving a product from its page, the wishlist page, removing, and what a
//! guest, a stranger, a double click and a product taken off sale get.

use cartwheel::models::wishlist;
use cartwheel::models::{Product, User};
use reqwest::StatusCode;

use crate::helpers::*;

/// A logged-in customer in `app`'s first browser.
async fn logged_in_customer(app: &TestApp, email: &str) -> User {
    let user = app.user(email, false);
    app.log_in(email).await;
    user
}

async fn save(browser: &Browser, product: &Product) -> reqwest::Response {
    browser
        .post_form("/wishlist", &[("product_id", &product.id.to_string())])
        .await
}

/// The slugs on the customer's wishlist as the database has them, newest first.
fn saved_slugs(app: &TestApp, user: &User) -> Vec<String> {
    wishlist::entries(&mut app.conn(), user.id)
        .expect("entries")
        .into_iter()
        .map(|entry| entry.card.slug)
        .collect()
}

#[tokio::test]
async fn a_customer_saves_a_product_from_its_page_and_finds_it_on_the_wishlist() {
    // Arrange
    let app = spawn_app().await;
    let ada = logged_in_customer(&app, "ada@example.com").await;
    let mug = app.product("Blue Mug", 1000, 10);
    let before = app.get_html(&format!("/products/{}", mug.slug)).await;

    // Act
    let saved = save(&app, &mug).await;

    // Assert
    assert!(before.contains("Save to wishlist"));
    assert_redirects_to(&saved, "/products/blue-mug");
    let after = app.get_html("/products/blue-mug").await;
    assert!(after.contains("Saved Blue Mug to your wishlist."));
    assert!(after.contains(r#"On your <a href="/wishlist">wishlist</a>"#));
    assert!(!after.contains("Save to wishlist"));
    let page = app.get_html("/wishlist").await;
    assert!(page.contains("Blue Mug") && page.contains("€10.00"));
    assert_eq!(saved_slugs(&app, &ada), vec!["blue-mug"]);
}

#[tokio::test]
async fn the_wishlist_lists_the_newest_first_and_removing_takes_one_off() {
    // Arrange
    let app = spawn_app().await;
    let ada = logged_in_customer(&app, "ada@example.com").await;
    let mug = app.product("Blue Mug", 1000, 10);
    let board = app.product("Walnut Board", 3000, 10);
    save(&app, &mug).await;
    save(&app, &board).await;
    let both = app.get_html("/wishlist").await;

    // Act
    let removed = app
        .post_form(&format!("/wishlist/{}/delete", mug.id), &[])
        .await;

    // Assert
    assert!(both.find("Walnut Board") < both.find("Blue Mug"));
    assert_redirects_to(&removed, "/wishlist");
    let page = app.get_html("/wishlist").await;
    assert!(page.contains("Removed Blue Mug from your wishlist."));
    assert!(page.contains("Walnut Board"));
    assert_eq!(saved_slugs(&app, &ada), vec!["walnut-board"]);
}

#[tokio::test]
async fn a_double_click_saves_once_and_says_so() {
    // Arrange
    let app = spawn_app().await;
    let ada = logged_in_customer(&app, "ada@example.com").await;
    let mug = app.product("Blue Mug", 1000, 10);

    // Act: two saves at once, then a third after them.
    let (first, second) = tokio::join!(save(&app, &mug), save(&app, &mug));
    let third = save(&app, &mug).await;

    // Assert
    for response in [&first, &second, &third] {
        assert_redirects_to(response, "/products/blue-mug");
    }
    assert_eq!(saved_slugs(&app, &ada), vec!["blue-mug"]);
    let page = app.get_html("/products/blue-mug").await;
    assert!(page.contains("Blue Mug is already on your wishlist."));
}

#[tokio::test]
async fn a_guest_is_asked_to_log_in_and_saves_nothing() {
    // Arrange
    let app = spawn_app().await;
    let mug = app.product("Blue Mug", 1000, 10);

    // Act
    let product_page = app.get_html("/products/blue-mug").await;
    let list = app.get("/wishlist").await;
    let saved = save(&app, &mug).await;

    // Assert
    assert!(product_page.contains(r#"<a href="/login?next=/products/blue-mug">Log in</a>"#));
    assert!(!product_page.contains("Save to wishlist"));
    assert_redirects_to(&list, "/login?next=%2Fwishlist");
    assert_redirects_to(&saved, "/login?next=%2Fwishlist");
    assert_eq!(count_rows(&app), 0);
}

#[tokio::test]
async fn unknown_and_inactive_products_are_not_found_and_nothing_is_saved() {
    // Arrange
    let app = spawn_app().await;
    let ada = logged_in_customer(&app, "ada@example.com").await;
    let board = app.product("Walnut Board", 3000, 10);
    app.take_off_sale(&board);

    // Act
    let inactive = save(&app, &board).await;
    let unknown = app.post_form("/wishlist", &[("product_id", "99999")]).await;
    let not_a_number = app.post_form("/wishlist", &[("product_id", "a mug")]).await;

    // Assert
    assert_eq!(inactive.status(), StatusCode::NOT_FOUND);
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    assert_eq!(not_a_number.status(), StatusCode::NOT_FOUND);
    assert!(
        unknown
            .text()
            .await
            .expect("body")
            .contains("We could not find that page.")
    );
    assert!(saved_slugs(&app, &ada).is_empty());
}

#[tokio::test]
async fn a_save_without_the_forms_token_is_refused() {
    // Arrange
    let app = spawn_app().await;
    let ada = logged_in_customer(&app, "ada@example.com").await;
    let mug = app.product("Blue Mug", 1000, 10);

    // Act
    let forged = app
        .post_raw("/wishlist", &[("product_id", &mug.id.to_string())])
        .await;

    // Assert
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    assert!(saved_slugs(&app, &ada).is_empty());
}

#[tokio::test]
async fn each_customer_sees_and_removes_only_their_own() {
    // Arrange
    let app = spawn_app().await;
    let ada = logged_in_customer(&app, "ada@example.com").await;
    let mug = app.product("Blue Mug", 1000, 10);
    save(&app, &mug).await;
    let bob = app.new_browser();
    app.user("bob@example.com", false);
    bob.log_in("bob@example.com").await;

    // Act
    let bobs_page = bob.get_html("/wishlist").await;
    let bobs_removal = bob
        .post_form(&format!("/wishlist/{}/delete", mug.id), &[])
        .await;

    // Assert
    assert!(!bobs_page.contains("Blue Mug"));
    assert!(bobs_page.contains("Your wishlist is empty."));
    assert_redirects_to(&bobs_removal, "/wishlist");
    assert_eq!(saved_slugs(&app, &ada), vec!["blue-mug"]);
}

#[tokio::test]
async fn the_wishlist_adds_to_the_cart_and_hides_what_cannot_be_bought() {
    // Arrange
    let app = spawn_app().await;
    let ada = logged_in_customer(&app, "ada@example.com").await;
    let mug = app.product("Blue Mug", 1000, 10);
    let tray = app.product("Zinc Tray", 2000, 0);
    let board = app.product("Walnut Board", 3000, 10);
    for product in [&mug, &tray, &board] {
        save(&app, product).await;
    }
    app.take_off_sale(&board);

    // Act: the page's own "Add to cart" form for the mug.
    let page = app.get_html("/wishlist").await;
    let added = app
        .post_form(
            "/cart/items",
            &[("product_id", &mug.id.to_string()), ("quantity", "1")],
        )
        .await;

    // Assert: the sold-out tray is listed without a button; the inactive board is hidden
    // but still saved, for when it comes back.
    let add_forms = page.matches(r#"action="/cart/items""#).count();
    assert_eq!(add_forms, 1);
    assert!(page.contains(&format!(r#"name="product_id" value="{}""#, mug.id)));
    assert!(page.contains("Zinc Tray") && page.contains("Sold out"));
    assert!(!page.contains("/products/walnut-board"));
    assert_redirects_to(&added, "/cart");
    assert!(app.get_html("/cart").await.contains("Blue Mug"));
    assert_eq!(count_rows(&app), 3);
    assert_eq!(saved_slugs(&app, &ada), vec!["zinc-tray", "blue-mug"]);
}

#[tokio::test]
async fn deleting_a_product_takes_it_off_every_wishlist() {
    // Arrange
    let app = spawn_app().await;
    let ada = logged_in_customer(&app, "ada@example.com").await;
    let mug = app.product("Blue Mug", 1000, 10);
    let board = app.product("Walnut Board", 3000, 10);
    save(&app, &mug).await;
    save(&app, &board).await;

    // Act
    Product::delete(&mut app.conn(), mug.id).expect("deleted");

    // Assert
    assert_eq!(saved_slugs(&app, &ada), vec!["walnut-board"]);
    assert_eq!(count_rows(&app), 1);
}

/// Every row of `wishlist_items`, whoever saved it.
fn count_rows(app: &TestApp) -> i64 {
    use cartwheel::schema::wishlist_items;
    use diesel::prelude::*;
    wishlist_items::table
        .count()
        .get_result(&mut *app.conn())
        .expect("count")
}

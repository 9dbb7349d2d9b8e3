//! Admin catalog pages: creating, editing and deleting products and categories.

use cartwheel::models::{Category, Product};
use reqwest::StatusCode;

use crate::helpers::{
    GOOD_CARD, assert_redirects_to, form_shown_again, hidden_field, logged_in_admin,
};

#[tokio::test]
async fn an_admin_creates_a_product_that_shoppers_then_see() {
    let app = logged_in_admin().await;
    let category = app.category("kitchen");
    let id = category.id.to_string();

    let response = app
        .post_form(
            "/admin/products",
            &[
                ("name", "Copper Pan"),
                ("slug", ""),
                ("description", "Heavy."),
                ("price", "49.90"),
                ("stock", "7"),
                ("category_id", &id),
                ("active", "on"),
            ],
        )
        .await;

    assert_redirects_to(&response, "/admin/products");
    assert!(
        app.get_html("/admin/products")
            .await
            .contains("Saved Copper Pan.")
    );
    let page = app.new_browser().get_html("/products/copper-pan").await;
    assert!(page.contains("Copper Pan") && page.contains("€49.90"));
}

#[tokio::test]
async fn a_bad_product_form_is_shown_again_with_the_input_and_messages() {
    let app = logged_in_admin().await;
    let category = app.category("kitchen");
    let id = category.id.to_string();

    let response = app
        .post_form(
            "/admin/products",
            &[
                ("name", "Copper Pan"),
                ("slug", "Bad Slug"),
                ("price", "abc"),
                ("stock", "-2"),
                ("category_id", &id),
            ],
        )
        .await;

    let html = form_shown_again(response).await;
    assert!(html.contains("value=\"Copper Pan\""));
    assert!(html.contains("Use lower-case letters, digits and single hyphens"));
    assert!(html.contains("Enter a price like 12.50."));
    assert!(html.contains("Enter a whole number from 0 to"));
    assert_eq!(Product::count(&mut app.conn()).expect("count"), 0);
}

#[tokio::test]
async fn a_taken_slug_is_refused_beside_the_slug_field() {
    let app = logged_in_admin().await;
    let existing = app.product("Blue Mug", 1000, 5);
    let id = existing.category_id.to_string();

    let response = app
        .post_form(
            "/admin/products",
            &[
                ("name", "Other"),
                ("slug", "blue-mug"),
                ("price", "1"),
                ("stock", "1"),
                ("category_id", &id),
            ],
        )
        .await;

    assert!(
        form_shown_again(response)
            .await
            .contains("Another product already uses this slug.")
    );
}

#[tokio::test]
async fn an_admin_changes_price_and_stock_and_can_deactivate_a_product() {
    let app = logged_in_admin().await;
    let mug = app.product("Blue Mug", 1000, 5);
    let category_id = mug.category_id.to_string();

    let response = app
        .post_form(
            &format!("/admin/products/{}", mug.id),
            &[
                ("name", "Blue Mug"),
                ("slug", "blue-mug"),
                ("description", "x"),
                ("price", "11.50"),
                ("stock", "40"),
                ("category_id", &category_id),
            ],
        )
        .await;

    assert_redirects_to(&response, "/admin/products");
    let saved = app.reload(&mug);
    assert_eq!(
        (saved.price_cents, saved.stock, saved.active),
        (1150, 40, false)
    );
    assert_eq!(
        app.new_browser().get("/products/blue-mug").await.status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn an_ordered_product_cannot_be_deleted_but_an_unordered_one_can() {
    let app = logged_in_admin().await;
    let ordered = app.product("Blue Mug", 1000, 5);
    let unordered = app.product("Spare Lid", 200, 5);
    let shopper = app.new_browser();
    shopper.add_to_cart(&ordered, 1).await;
    shopper.check_out(GOOD_CARD).await;

    app.post_form(&format!("/admin/products/{}/delete", ordered.id), &[])
        .await;
    let refusal = app.get_html("/admin/products").await;
    app.post_form(&format!("/admin/products/{}/delete", unordered.id), &[])
        .await;

    assert!(refusal.contains("This product has been ordered"));
    assert!(Product::find(&mut app.conn(), ordered.id).is_ok());
    assert!(Product::find(&mut app.conn(), unordered.id).is_err());
}

#[tokio::test]
async fn categories_can_be_created_renamed_and_deleted_only_when_empty() {
    // Arrange
    let app = logged_in_admin().await;
    app.product_in("kitchen", "Blue Mug", 1000, 5);
    let kitchen = app.category("kitchen");

    // Act
    let created = app
        .post_form(
            "/admin/categories",
            &[("name", "Garden Tools"), ("slug", ""), ("position", "3")],
        )
        .await;
    let garden = Category::find_by_slug(&mut app.conn(), "garden-tools")
        .expect("created with a slug from the name");
    let renamed = app
        .post_form(
            &format!("/admin/categories/{}", garden.id),
            &[("name", "Garden"), ("slug", "garden"), ("position", "3")],
        )
        .await;
    app.post_form(&format!("/admin/categories/{}/delete", kitchen.id), &[])
        .await;
    let refusal = app.get_html("/admin/categories").await;
    app.post_form(&format!("/admin/categories/{}/delete", garden.id), &[])
        .await;

    // Assert
    assert_redirects_to(&created, "/admin/categories");
    assert_redirects_to(&renamed, "/admin/categories");
    assert!(refusal.contains("This category still has products."));
    assert!(Category::find(&mut app.conn(), kitchen.id).is_ok());
    assert!(Category::find(&mut app.conn(), garden.id).is_err());
}

#[tokio::test]
async fn an_edit_made_while_checkouts_sold_units_is_refused_instead_of_undoing_them() {
    // Arrange: the admin opens the edit form while 10 are in stock.
    let app = logged_in_admin().await;
    let mug = app.product("Blue Mug", 1000, 10);
    let form = app
        .get_html(&format!("/admin/products/{}/edit", mug.id))
        .await;
    let stock_was = hidden_field(&form, "stock_was");
    let shopper = app.new_browser();
    shopper.add_to_cart(&mug, 3).await;
    shopper.check_out(GOOD_CARD).await;
    let category_id = mug.category_id.to_string();

    // Act: the admin saves the form as it was opened, stock 10.
    let fields = [
        ("name", "Blue Mug"),
        ("slug", "blue-mug"),
        ("price", "10"),
        ("stock", "10"),
        ("stock_was", stock_was.as_str()),
        ("category_id", category_id.as_str()),
        ("active", "on"),
    ];
    let response = app
        .post_form(&format!("/admin/products/{}", mug.id), &fields)
        .await;

    // Assert
    assert_eq!(stock_was, "10");
    let html = form_shown_again(response).await;
    assert!(html.contains("The stock changed to 7 while you were editing."));
    assert_eq!(app.reload(&mug).stock, 7, "the sale is not undone");
    assert_eq!(
        hidden_field(&html, "stock_was"),
        "7",
        "saving again is accepted"
    );
}

#[tokio::test]
async fn the_product_list_shows_50_products_a_page_with_links_between_pages() {
    // Arrange: 55 products, named so that their order by name is their number's.
    let app = logged_in_admin().await;
    for i in 0..55 {
        app.product(&format!("Item {i:02}"), 100, 5);
    }

    // Act
    let first = app.get_html("/admin/products").await;
    let second = app.get_html("/admin/products?page=2").await;
    let beyond = app
        .get_html("/admin/products?page=99999999999999999999")
        .await;

    // Assert
    let rows = |html: &str| html.matches("<td class=\"actions\">").count();
    assert_eq!(rows(&first), 50);
    assert!(first.contains("Item 49") && !first.contains("Item 50"));
    assert!(first.contains("href=\"/admin/products?page=2\" rel=\"next\""));
    assert!(!first.contains("rel=\"prev\""));
    assert_eq!(rows(&second), 5);
    assert!(second.contains("Item 54"));
    assert!(second.contains("href=\"/admin/products?page=1\" rel=\"prev\""));
    assert!(!second.contains("rel=\"next\""));
    assert_eq!(
        rows(&beyond),
        50,
        "a malformed page number shows the first page"
    );
}

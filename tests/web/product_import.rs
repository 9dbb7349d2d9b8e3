//! Importing products from CSV: the dry run, applying it, and what is refused.

use cartwheel::models::{Category, Product};
use reqwest::{Response, StatusCode};

use crate::helpers::{
    TestApp, assert_redirects_to, form_shown_again, hidden_field, logged_in_admin,
};

const HEADER: &str = "slug,name,description,price,stock,category,active,featured\n";

/// Uploads a CSV file for the dry run.
async fn preview(app: &TestApp, csv: &str) -> Response {
    app.post_multipart(
        "/admin/products/import",
        &[],
        Some(("file", "products.csv", csv.as_bytes().to_vec())),
    )
    .await
}

/// Applies CSV text, as the preview page's Apply button does.
async fn apply(app: &TestApp, csv: &str) -> Response {
    app.post_multipart("/admin/products/import/apply", &[("csv", csv)], None)
        .await
}

/// An admin's shop with a kitchen category holding a Blue Mug (€10.00, 5 in stock).
async fn shop() -> (TestApp, Product) {
    let app = logged_in_admin().await;
    let mug = app.product_in("kitchen", "Blue Mug", 1000, 5);
    (app, mug)
}

/// A file that creates a pan, changes the mug's price and leaves the lid as it is.
fn mixed_csv(app: &TestApp) -> String {
    let lid = app.product_in("kitchen", "Spare Lid", 200, 3);
    format!(
        "{HEADER}copper-pan,Copper Pan,Heavy.,49.90,7,kitchen,true,true\n\
         blue-mug,Blue Mug,A fine Blue Mug.,12.50,5,kitchen,true,false\n\
         {},Spare Lid,A fine Spare Lid.,2.00,3,kitchen,true,false\n",
        lid.slug
    )
}

#[tokio::test]
async fn the_dry_run_shows_each_rows_outcome_and_writes_nothing() {
    // Arrange
    let (app, mug) = shop().await;
    let mut csv = mixed_csv(&app);
    csv.push_str("bad,,x,abc,1,kitchen,true,false\n");

    // Act
    let response = preview(&app, &csv).await;

    // Assert
    let html = form_shown_again(response).await;
    assert!(html.contains("1 to create, 1 to change, 1 unchanged, 1 with errors."));
    assert!(html.contains("Create"));
    assert!(html.contains("Change: price"));
    assert!(html.contains("Unchanged"));
    assert!(html.contains("name: Enter a name."), "{html}");
    assert!(html.contains("price: Enter a price like 12.50."));
    assert!(
        !html.contains("/admin/products/import/apply"),
        "no Apply with errors"
    );
    assert_eq!(Product::count(&mut app.conn()).expect("count"), 2);
    assert_eq!(app.reload(&mug).price_cents, 1000);
}

#[tokio::test]
async fn applying_the_preview_writes_every_create_and_change() {
    // Arrange
    let (app, mug) = shop().await;
    let csv = mixed_csv(&app);
    let page = preview(&app, &csv).await.text().await.expect("body");
    assert!(
        page.contains("/admin/products/import/apply"),
        "Apply is offered"
    );

    // Act
    let response = apply(&app, &csv).await;

    // Assert
    assert_redirects_to(&response, "/admin/products");
    let list = app.get_html("/admin/products").await;
    assert!(list.contains("Imported: 1 created, 1 changed."));
    assert_eq!(app.reload(&mug).price_cents, 1250);
    let pan = Product::find_by_slug(&mut app.conn(), "copper-pan")
        .expect("query")
        .expect("created");
    assert_eq!((pan.price_cents, pan.stock, pan.featured), (4990, 7, true));
    let kitchen = Category::find_by_slug(&mut app.conn(), "kitchen").expect("category");
    assert_eq!(kitchen.product_count, 3, "the counter cache is right");
    let found = app.get_html("/products?q=copper").await;
    assert!(
        found.contains("Copper Pan"),
        "the search index knows the new product"
    );
}

#[tokio::test]
async fn a_file_with_one_bad_row_applies_nothing() {
    let (app, mug) = shop().await;
    let csv = format!(
        "{HEADER}copper-pan,Copper Pan,,49.90,7,kitchen,true,false\n\
         blue-mug,Blue Mug,,12.50,5,garden,true,false\n"
    );

    let response = apply(&app, &csv).await;

    let html = form_shown_again(response).await;
    assert!(html.contains("No category has the slug “garden”."));
    assert_eq!(Product::count(&mut app.conn()).expect("count"), 1);
    assert_eq!(app.reload(&mug).price_cents, 1000);
}

#[tokio::test]
async fn an_unknown_category_and_a_bad_price_are_reported_with_their_line() {
    let (app, _) = shop().await;
    let csv = format!(
        "{HEADER}copper-pan,Copper Pan,,49.90,7,garden,true,false\n\
         \"tea-pot\",Tea Pot,\"Two\nlines\",12.5.0,1,kitchen,true,false\n"
    );

    let html = preview(&app, &csv).await.text().await.expect("body");

    let line_of = |fragment: &str| {
        let at = html.find(fragment).expect(fragment);
        let row_start = html[..at].rfind("<tr>").expect("a row");
        html[row_start..at].to_string()
    };
    assert!(line_of("category: No category has the slug “garden”.").contains("<td>2</td>"));
    assert!(line_of("price: Enter a price like 12.50.").contains("<td>3</td>"));
}

#[tokio::test]
async fn the_products_export_imports_as_unchanged() {
    // Arrange: products whose text needs quoting or the formula guard, exported for real.
    let (app, _) = shop().await;
    let rake = app.product_in("garden", "Garden Rake", 2550, 0);
    let mut changes = rake.to_changes();
    changes.name = "=Rake, \"Deluxe\"".into();
    changes.description = "-Two\nlines, one \"quoted\".".into();
    changes.active = false;
    Product::update(&mut app.conn(), rake.id, &changes).expect("updated");
    app.product_in("garden", "Old Hoe", 100, 1);
    let export = app.get("/admin/products.csv").await;
    assert_eq!(export.status(), StatusCode::OK);
    let csv = export.text().await.expect("csv");
    assert!(
        csv.contains("'=Rake"),
        "the export guards the formula: {csv}"
    );

    // Act
    let response = preview(&app, &csv).await;

    // Assert
    assert_eq!(response.status(), StatusCode::OK);
    let html = response.text().await.expect("body");
    assert_eq!(html.matches("Unchanged").count(), 3, "{html}");
    assert!(
        !html.contains("/admin/products/import/apply"),
        "nothing to apply"
    );
}

#[tokio::test]
async fn a_header_with_an_unknown_or_missing_column_is_refused_clearly() {
    let (app, _) = shop().await;

    let response = preview(&app, "slug,name,colour\npan,Pan,red\n").await;

    let html = form_shown_again(response).await;
    assert!(html.contains("unknown column “colour”"));
    assert!(html.contains("missing column “price”"));
}

#[tokio::test]
async fn a_csv_over_1_mib_gets_413_and_so_does_an_oversized_apply() {
    let (app, _) = shop().await;
    let csv = format!("{HEADER}{}", "x".repeat(1024 * 1024 + 1));

    let too_long = format!("{HEADER}{}", "x".repeat(3 * 1024 * 1024));

    let uploaded = preview(&app, &csv).await;
    let applied = apply(&app, &too_long).await;

    assert_eq!(uploaded.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert!(
        uploaded
            .text()
            .await
            .expect("body")
            .contains("Files of up to 1 MiB")
    );
    assert_eq!(applied.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(Product::count(&mut app.conn()).expect("count"), 1);
}

#[tokio::test]
async fn import_posts_without_the_csrf_token_get_403() {
    let (app, _) = shop().await;
    let csv = format!("{HEADER}copper-pan,Copper Pan,,49.90,7,kitchen,true,false\n");

    let dry_run = app
        .post_multipart_raw(
            "/admin/products/import",
            &[("csrf_token", "forged")],
            Some(("file", "products.csv", csv.as_bytes().to_vec())),
        )
        .await;
    let applied = app
        .post_multipart_raw(
            "/admin/products/import/apply",
            &[("csrf_token", "forged"), ("csv", &csv)],
            None,
        )
        .await;

    assert_eq!(dry_run.status(), StatusCode::FORBIDDEN);
    assert_eq!(applied.status(), StatusCode::FORBIDDEN);
    assert_eq!(Product::count(&mut app.conn()).expect("count"), 1);
}

#[tokio::test]
async fn the_product_list_links_to_the_import_page() {
    let (app, _) = shop().await;

    let list = app.get_html("/admin/products").await;
    let form = app.get_html("/admin/products/import").await;

    assert!(list.contains("href=\"/admin/products/import\""));
    assert!(form.contains("enctype=\"multipart/form-data\""));
    assert!(!hidden_field(&form, "csrf_token").is_empty());
}

//! The public catalog: `GET /api/v1/products` (walked page by page for every sort, with and
//! without search words and a category), `GET /api/v1/products/{slug}` and
//! `GET /api/v1/categories`.

use std::collections::HashSet;

use cartwheel::models::{Product, ProductChanges};
use reqwest::StatusCode;
use serde_json::Value;

use super::helpers::get;
use crate::helpers::{TestApp, spawn_app};

/// Every page of a list, followed by its cursors; panics past 50 pages (a loop).
async fn walk(app: &TestApp, query: &str) -> Vec<Value> {
    let mut items = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..50 {
        let path = match &cursor {
            Some(cursor) => format!("/api/v1/products?{query}&cursor={cursor}"),
            None => format!("/api/v1/products?{query}"),
        };
        let page = get(app, &path, None).await;
        assert_eq!(page.status, StatusCode::OK, "GET {path}: {}", page.json);
        items.extend(
            page.json["items"]
                .as_array()
                .expect("items")
                .iter()
                .cloned(),
        );
        match page.json["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_string()),
            None => return items,
        }
    }
    panic!("more than 50 pages for {query}");
}

fn ids(items: &[Value]) -> Vec<i64> {
    items
        .iter()
        .map(|item| item["id"].as_i64().expect("id"))
        .collect()
}

/// 23 active products whose names and prices repeat (so ties are broken by the id), 2 of
/// them in another category, and 1 inactive one.
fn catalog(app: &TestApp) -> Vec<Product> {
    let things = app.category("things").id;
    let mut products: Vec<Product> = (0..21)
        .map(|n| {
            let changes = ProductChanges {
                slug: format!("mug-{n}"),
                name: format!("Mug {}", n % 7),
                description: "A fine mug.".into(),
                price_cents: 500 + (n % 4) * 100,
                stock: 5,
                category_id: things,
                active: true,
                featured: false,
                image_path: None,
            };
            Product::create(&mut app.conn(), &changes).expect("product")
        })
        .collect();
    for n in 0..2 {
        products.push(app.product_in("lamps", &format!("Lamp {n}"), 900, 3));
    }
    let hidden = app.product("Mug Hidden", 500, 5);
    app.take_off_sale(&hidden);
    products
}

#[tokio::test]
async fn every_sort_walks_all_active_products_once_in_order() {
    // Arrange
    let app = spawn_app().await;
    let products = catalog(&app);
    let all: HashSet<i64> = products.iter().map(|p| i64::from(p.id)).collect();

    for sort in ["name", "price", "price-desc", "newest"] {
        // Act
        let items = walk(&app, &format!("sort={sort}&limit=4")).await;

        // Assert
        let seen = ids(&items);
        assert_eq!(seen.len(), all.len(), "{sort}: no duplicates or gaps");
        assert_eq!(seen.iter().copied().collect::<HashSet<_>>(), all, "{sort}");
        let keys: Vec<(i64, String, i64)> = items
            .iter()
            .map(|item| {
                let price = item["price"]["cents"].as_i64().expect("cents");
                let name = item["name"].as_str().expect("name").to_string();
                (price, name, item["id"].as_i64().expect("id"))
            })
            .collect();
        let mut expected = keys.clone();
        match sort {
            "name" => expected.sort_by(|a, b| (&a.1, a.2).cmp(&(&b.1, b.2))),
            "price" => expected.sort_by_key(|k| (k.0, k.2)),
            "price-desc" => expected.sort_by_key(|k| std::cmp::Reverse((k.0, k.2))),
            _ => expected.sort_by_key(|k| std::cmp::Reverse(k.2)),
        }
        assert_eq!(keys, expected, "{sort} order");
    }
}

#[tokio::test]
async fn a_search_and_a_category_page_by_cursor_too() {
    let app = spawn_app().await;
    let products = catalog(&app);

    for sort in ["name", "price", "price-desc", "newest", ""] {
        let mugs = walk(&app, &format!("q=mug&sort={sort}&limit=5")).await;
        let lamps = walk(&app, &format!("category=lamps&sort={sort}&limit=1")).await;

        assert_eq!(mugs.len(), 21, "{sort}: every active mug once");
        assert_eq!(
            ids(&mugs).iter().collect::<HashSet<_>>().len(),
            21,
            "{sort}"
        );
        assert_eq!(lamps.len(), 2, "{sort}");
        assert!(lamps.iter().all(|item| item["category"] == "lamps"));
    }
    assert_eq!(products.len(), 23);
}

#[tokio::test]
async fn the_first_page_has_the_default_size_and_a_cursor() {
    let app = spawn_app().await;
    catalog(&app);

    let page = get(&app, "/api/v1/products", None).await;

    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.json["items"].as_array().map(Vec::len), Some(20));
    assert!(page.json["next_cursor"].is_string());
    // By name, so the lamps come first.
    let first = &page.json["items"][0];
    assert_eq!(first["name"], "Lamp 0");
    assert_eq!(first["price"]["formatted"], "€9.00");
    assert_eq!(first["price"]["cents"], 900);
}

#[tokio::test]
async fn bad_parameters_are_problems_naming_each_field() {
    let app = spawn_app().await;
    catalog(&app);
    let name_cursor = get(&app, "/api/v1/products?sort=name&limit=1", None)
        .await
        .json["next_cursor"]
        .as_str()
        .expect("cursor")
        .to_string();
    let cases = [
        ("sort=random", "sort"),
        ("limit=0", "limit"),
        ("limit=101", "limit"),
        ("category=nope", "category"),
        ("cursor=%21%21", "cursor"),
        (&*format!("sort=price&cursor={name_cursor}"), "cursor"),
        ("limit=many", "query"),
    ];

    for (query, field) in cases {
        let answer = get(&app, &format!("/api/v1/products?{query}"), None).await;

        assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY, "{query}");
        assert_eq!(answer.header("content-type"), "application/problem+json");
        assert_eq!(
            answer.problem_type(),
            "/api/v1/problems/validation",
            "{query}"
        );
        assert_eq!(answer.error_fields(), vec![field.to_string()], "{query}");
    }
}

#[tokio::test]
async fn a_product_is_shown_by_slug_and_hidden_ones_are_404() {
    let app = spawn_app().await;
    let lamp = app.product_in("lamps", "Desk Lamp", 4500, 3);
    let hidden = app.product("Old Mug", 500, 5);
    app.take_off_sale(&hidden);

    let shown = get(&app, "/api/v1/products/desk-lamp", None).await;
    let inactive = get(&app, "/api/v1/products/old-mug", None).await;
    let unknown = get(&app, "/api/v1/products/nothing", None).await;

    assert_eq!(shown.status, StatusCode::OK);
    assert_eq!(shown.json["id"], lamp.id);
    assert_eq!(shown.json["description"], "A fine Desk Lamp.");
    assert_eq!(shown.json["category"]["slug"], "lamps");
    assert_eq!(shown.json["price"]["cents"], 4500);
    for missing in [inactive, unknown] {
        assert_eq!(missing.status, StatusCode::NOT_FOUND);
        assert_eq!(missing.problem_type(), "/api/v1/problems/not-found");
    }
}

#[tokio::test]
async fn categories_are_listed_with_their_product_counts() {
    let app = spawn_app().await;
    app.product_in("lamps", "Desk Lamp", 4500, 3);
    app.product_in("lamps", "Floor Lamp", 9900, 3);
    app.product_in("mugs", "Blue Mug", 1000, 3);

    let answer = get(&app, "/api/v1/categories", None).await;

    assert_eq!(answer.status, StatusCode::OK);
    let items = answer.json["items"].as_array().expect("items").clone();
    let lamps = items.iter().find(|c| c["slug"] == "lamps").expect("lamps");
    assert_eq!(lamps["product_count"], 2);
    assert_eq!(items.len(), 2);
}

#[tokio::test]
async fn an_unknown_api_address_or_method_is_a_problem_not_an_html_page() {
    let app = spawn_app().await;

    let answer = get(&app, "/api/v1/nothing-here", None).await;
    let bad_id = get(&app, "/api/v1/orders/x/y", None).await;
    let method = super::helpers::call(
        &app,
        reqwest::Method::PUT,
        "/api/v1/products",
        None,
        &[],
        None,
    )
    .await;

    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    assert_eq!(answer.header("content-type"), "application/problem+json");
    assert_eq!(bad_id.status, StatusCode::NOT_FOUND);
    assert_eq!(method.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(method.problem_type(), "/api/v1/problems/method-not-allowed");
    assert_eq!(method.header("allow"), "GET");
}

#[tokio::test]
async fn a_cursor_after_the_longest_name_the_shop_allows_is_accepted() {
    // Arrange: names of 120 four-byte characters, the longest a product may have.
    let app = spawn_app().await;
    for cake in ["🧁", "🎂"] {
        app.product(&cake.repeat(120), 500, 5);
    }

    // Act: by name, one to a page, so the first cursor holds a whole long name.
    let items = walk(&app, "sort=name&limit=1").await;

    // Assert
    assert_eq!(items.len(), 2);
}

/// The product slugs of a catalog page, in the order it shows them.
fn slugs_on_page(html: &str) -> Vec<String> {
    html.split("<h3><a href=\"/products/")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(str::to_string)
        .collect()
}

#[tokio::test]
async fn the_api_lists_what_the_catalog_page_shows_in_the_same_order() {
    // Arrange
    let app = spawn_app().await;
    catalog(&app);

    for query in [
        "sort=name",
        "sort=price-desc",
        "q=mug&sort=price",
        "q=mug+3&sort=newest",
        "category=lamps&sort=name",
    ] {
        // Act
        let page = app.get_html(&format!("/products?{query}")).await;
        let listed = walk(&app, &format!("{query}&limit=7")).await;

        // Assert
        let api_slugs: Vec<String> = listed
            .iter()
            .map(|item| item["slug"].as_str().expect("slug").to_string())
            .collect();
        assert_eq!(api_slugs, slugs_on_page(&page), "{query}");
    }
}

#[tokio::test]
async fn an_unknown_query_parameter_is_refused_by_name() {
    let app = spawn_app().await;

    let typo = get(&app, "/api/v1/products?limt=5", None).await;

    assert_eq!(typo.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(typo.header("content-type"), "application/problem+json");
    assert!(typo.json.to_string().contains("limt"), "{}", typo.json);
}

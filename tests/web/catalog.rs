//! The catalog as shoppers see it: home, listing, search, filters, sorting, paging, product
//! pages, and the demo catalog.

use cartwheel::models::Product;
use cartwheel::seed;
use reqwest::StatusCode;

use crate::helpers::spawn_app;

#[tokio::test]
async fn the_home_page_shows_featured_products_and_categories() {
    // Arrange
    let app = spawn_app().await;
    let mug = app.product_in("kitchen", "Blue Mug", 1200, 10);
    let mut changes = mug.to_changes();
    changes.featured = true;
    Product::update(&mut app.conn(), mug.id, &changes).expect("update");
    app.product_in("kitchen", "Plain Plate", 900, 10);

    // Act
    let html = app.get_html("/").await;

    // Assert
    assert!(html.contains("Blue Mug"));
    assert!(
        !html.contains("Plain Plate"),
        "only featured products are on the home page"
    );
    assert!(html.contains("/categories/kitchen"));
}

#[tokio::test]
async fn the_catalog_shows_24_products_a_page_with_links_to_the_next() {
    // Arrange
    let app = spawn_app().await;
    for i in 0..30 {
        app.product(&format!("Widget {i:02}"), 100 + i, 5);
    }

    // Act
    let first = app.get_html("/products").await;
    let second = app.get_html("/products?page=2").await;

    // Assert
    assert_eq!(first.matches("class=\"product-card\"").count(), 24);
    assert!(first.contains("30 products"));
    assert!(first.contains("href=\"/products?page=2\""));
    assert_eq!(second.matches("class=\"product-card\"").count(), 6);
    assert!(second.contains("Widget 29"));
}

#[tokio::test]
async fn search_matches_every_word_in_the_name_or_description() {
    // Arrange
    let app = spawn_app().await;
    app.product("Blue Mug", 1200, 5);
    app.product("Red Mug", 1200, 5);
    app.product("Blue Plate", 900, 5);

    // Act
    let html = app.get_html("/products?q=blue+MUG").await;
    let by_description = app.get_html("/products?q=fine").await;

    // Assert
    assert!(html.contains("Blue Mug"));
    assert!(!html.contains("Red Mug"));
    assert!(!html.contains("Blue Plate"));
    assert!(
        by_description.contains("3 products"),
        "descriptions are searched too"
    );
}

#[tokio::test]
async fn search_wildcards_are_taken_literally() {
    let app = spawn_app().await;
    app.product("Plain Mug", 1200, 5);

    let html = app.get_html("/products?q=%25").await;

    assert!(html.contains("No products match"));
}

#[tokio::test]
async fn a_category_page_and_the_category_filter_show_only_that_category() {
    // Arrange
    let app = spawn_app().await;
    app.product_in("kitchen", "Blue Mug", 1200, 5);
    app.product_in("garden", "Green Hose", 3000, 5);

    // Act
    let page = app.get_html("/categories/kitchen").await;
    let filtered = app.get_html("/products?category=garden").await;
    let unknown = app.get("/categories/nowhere").await;

    // Assert
    assert!(page.contains("Blue Mug") && !page.contains("Green Hose"));
    assert!(filtered.contains("Green Hose") && !filtered.contains("Blue Mug"));
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn sorting_by_price_puts_the_cheapest_first_and_high_to_low_reverses_it() {
    // Arrange
    let app = spawn_app().await;
    app.product("Costly Lamp", 9900, 5);
    app.product("Cheap Pencil", 150, 5);
    app.product("Middle Book", 2000, 5);

    // Act
    let ascending = app.get_html("/products?sort=price").await;
    let descending = app.get_html("/products?sort=price-desc").await;

    // Assert
    let order = |html: &str| {
        let mut names = vec!["Costly Lamp", "Cheap Pencil", "Middle Book"];
        names.sort_by_key(|name| html.find(name).expect("listed"));
        names
    };
    assert_eq!(
        order(&ascending),
        vec!["Cheap Pencil", "Middle Book", "Costly Lamp"]
    );
    assert_eq!(
        order(&descending),
        vec!["Costly Lamp", "Middle Book", "Cheap Pencil"]
    );
}

#[tokio::test]
async fn newest_first_and_by_name_give_different_orders() {
    // Arrange: Alpha was added yesterday, Zebra today.
    let app = spawn_app().await;
    let alpha = app.product("Alpha Mug", 100, 5);
    app.product("Zebra Mug", 200, 5);
    let yesterday = cartwheel::models::now() - chrono::Duration::days(1);
    Product::set_created_at(&mut app.conn(), alpha.id, yesterday).expect("backdate");

    // Act
    let newest = app.get_html("/products?sort=newest").await;
    let by_name = app.get_html("/products?sort=name").await;

    // Assert
    assert!(
        newest.find("Zebra Mug") < newest.find("Alpha Mug"),
        "newest first"
    );
    assert!(
        by_name.find("Alpha Mug") < by_name.find("Zebra Mug"),
        "A before Z"
    );
    assert!(
        newest.contains("<option value=\"newest\" selected>"),
        "the menu shows the choice"
    );
}

#[tokio::test]
async fn an_absurd_page_number_gives_an_empty_page_not_an_error() {
    let app = spawn_app().await;
    app.product("Blue Mug", 100, 5);

    let html = app.get_html("/products?page=999999999999999999").await;

    assert!(html.contains("No products match"));
}

#[tokio::test]
async fn a_product_page_shows_price_description_and_stock_state() {
    // Arrange
    let app = spawn_app().await;
    app.product("Blue Mug", 1250, 3);
    app.product("Gone Vase", 4000, 0);

    // Act
    let low = app.get_html("/products/blue-mug").await;
    let sold_out = app.get_html("/products/gone-vase").await;

    // Assert
    assert!(low.contains("€12.50"));
    assert!(low.contains("A fine Blue Mug."));
    assert!(low.contains("Only 3 left"));
    assert!(low.contains("Add to cart"));
    assert!(sold_out.contains("Sold out"));
    assert!(
        !sold_out.contains("Add to cart"),
        "a sold-out product cannot be added"
    );
}

#[tokio::test]
async fn unknown_and_inactive_products_get_the_404_page() {
    // Arrange
    let app = spawn_app().await;
    let hidden = app.product("Hidden Thing", 100, 5);
    app.take_off_sale(&hidden);

    for path in [
        "/products/no-such-thing",
        "/products/hidden-thing",
        "/no/such/page",
    ] {
        // Act
        let response = app.get(path).await;

        // Assert
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
        let html = response.text().await.expect("body");
        assert!(
            html.contains("We could not find that page."),
            "{path} shows the friendly page"
        );
    }
}

#[tokio::test]
async fn the_health_check_answers_ok() {
    let app = spawn_app().await;

    let response = app.get("/healthz").await;

    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.text().await.expect("body"), "ok");
}

#[tokio::test]
async fn the_demo_catalog_has_60_products_in_6_categories_each_with_a_picture_on_disk() {
    // Arrange
    let app = spawn_app().await;

    // Act
    let added = seed::load_demo_catalog(&mut app.conn()).expect("demo catalog loads");

    // Assert
    assert!(added >= 60, "only {added} products");
    let categories = cartwheel::models::Category::all(&mut app.conn()).expect("categories");
    assert!(categories.len() >= 6);
    for product in Product::page_for_admin(&mut app.conn(), 0, 1000).expect("products") {
        let path = format!(
            "static/{}",
            product
                .image_path
                .expect("every demo product has a picture")
        );
        assert!(std::path::Path::new(&path).exists(), "{path} is missing");
    }
    for category in categories {
        let path = format!("static/images/categories/{}.svg", category.slug);
        assert!(std::path::Path::new(&path).exists(), "{path} is missing");
    }
    assert!(app.get_html("/").await.contains("Featured"));
}

#[tokio::test]
async fn seed_demo_adds_generated_products_in_bulk() {
    let app = spawn_app().await;

    let added = seed::generate_products(&mut app.conn(), 1200).expect("generated");
    let again = seed::generate_products(&mut app.conn(), 10).expect("generated again");

    assert_eq!((added, again), (1200, 10));
    assert_eq!(Product::count(&mut app.conn()).expect("count"), 1210);
    assert!(
        app.get_html("/products?page=50")
            .await
            .contains("class=\"product-card\"")
    );
}

#[tokio::test]
async fn names_sort_by_byte_value_on_every_database() {
    // SQLite compares bytes; PostgreSQL would follow the server's locale unless told not to
    // (the name columns are COLLATE "C"), and the two would list products differently.
    let app = spawn_app().await;
    app.product("apple Pie", 500, 5);
    app.product("Zebra Rug", 500, 5);

    let html = app.get_html("/products?sort=name").await;

    let zebra = html.find("Zebra Rug").expect("listed");
    let apple = html.find("apple Pie").expect("listed");
    assert!(
        zebra < apple,
        "upper case sorts before lower case, as bytes do"
    );
}

#[tokio::test]
async fn totals_and_search_follow_every_product_write() {
    // Arrange: three kitchen mugs, one of them moved to the garden and one hidden later.
    let app = spawn_app().await;
    let blue = app.product_in("kitchen", "Blue Mug", 1200, 5);
    let red = app.product_in("kitchen", "Red Mug", 1200, 5);
    app.product_in("kitchen", "Green Mug", 1200, 5);
    let garden = app.category("garden");

    // Act
    let mut moved = blue.to_changes();
    moved.category_id = garden.id;
    Product::update(&mut app.conn(), blue.id, &moved).expect("move");
    app.take_off_sale(&red);

    // Assert: counts come from the counter cache, matches from the full-text index.
    assert!(app.get_html("/products").await.contains("2 products"));
    assert!(
        app.get_html("/categories/kitchen")
            .await
            .contains("1 product<")
    );
    assert!(
        app.get_html("/categories/garden")
            .await
            .contains("1 product<")
    );
    let search = app.get_html("/products?q=mugs").await;
    assert!(search.contains("2 products"), "stems match: mugs finds Mug");
    assert!(
        !search.contains("Red Mug"),
        "inactive products are not found"
    );
    let both_words = app.get_html("/products?q=green+MUG").await;
    assert!(both_words.contains("Green Mug") && !both_words.contains("Blue Mug"));
}

#[tokio::test]
async fn static_files_are_fingerprinted_and_kept_for_a_year() {
    // Arrange
    let app = spawn_app().await;
    app.product("Blue Mug", 1200, 5);
    let page = app.get_html("/products").await;
    let stylesheet = page
        .split("href=\"")
        .map(|rest| rest.split('"').next().unwrap_or_default())
        .find(|href| href.starts_with("/static/css/shop.css?v="))
        .expect("a fingerprinted stylesheet link")
        .to_string();
    assert!(
        page.contains("/static/images/placeholder.svg?v="),
        "pictures carry the fingerprint too"
    );

    // Act
    let fingerprinted = app.get(&stylesheet).await;
    let plain = app.get("/static/css/shop.css").await;
    let stale = app.get("/static/css/shop.css?v=0000").await;
    let missing = app.get("/static/css/none.css?v=0000").await;

    // Assert
    let cache_control = |response: &reqwest::Response| {
        response
            .headers()
            .get("cache-control")
            .map(|value| value.to_str().unwrap_or_default().to_string())
    };
    assert_eq!(fingerprinted.status(), StatusCode::OK);
    assert_eq!(
        cache_control(&fingerprinted).as_deref(),
        Some("public, max-age=31536000, immutable")
    );
    assert!(fingerprinted.headers().contains_key("etag"));
    assert_eq!(cache_control(&plain).as_deref(), Some("no-cache"));
    assert_eq!(cache_control(&stale).as_deref(), Some("no-cache"));
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert_ne!(
        cache_control(&missing).as_deref(),
        Some("public, max-age=31536000, immutable")
    );
}

//! "Customers who bought this also bought": the privacy threshold, one count per customer,
//! the category fallback, the cart's block and inactive products, with the pairs counted by
//! the `recommendations` job run as `cartwheel jobs run` runs it.

use cartwheel::db::DbConn;
use cartwheel::domain::OrderStatus;
use cartwheel::models::{NewOrder, NewOrderItem, Order, Product, now};
use diesel::QueryResult;

use crate::helpers::{TestApp, report, spawn_app, spawn_app_with};
use crate::jobs::run_at;

/// Writes a paid order of one of each of `products` by the guest `email`, straight through
/// the models (a checkout per customer would make these tests slow).
fn bought(app: &TestApp, email: &str, products: &[&Product]) {
    let conn = &mut app.conn();
    let number = format!("CW-{:08}", app.orders().len());
    paid_order(conn, None, email, &number, products).expect("order");
}

/// A paid order numbered `number` by `email` (a guest unless `user_id` is given), one of
/// each of `products`.
fn paid_order(
    conn: &mut DbConn,
    user_id: Option<i32>,
    email: &str,
    number: &str,
    products: &[&Product],
) -> QueryResult<()> {
    let mut new = new_order(email, number);
    new.user_id = user_id;
    let order = Order::create(conn, &new)?;
    let items: Vec<NewOrderItem> = products
        .iter()
        .map(|product| NewOrderItem {
            order_id: order.id,
            product_id: product.id,
            name: product.name.clone(),
            unit_price_cents: product.price_cents,
            quantity: 1,
        })
        .collect();
    Order::add_items(conn, &items)?;
    Order::change_status(conn, order.id, OrderStatus::Pending, OrderStatus::Paid)?;
    Ok(())
}

fn new_order(email: &str, number: &str) -> NewOrder {
    NewOrder {
        number: number.into(),
        user_id: None,
        cart_id: None,
        email: email.into(),
        name: "A Customer".into(),
        address_line1: "1 Long Road".into(),
        address_line2: String::new(),
        city: "Leeds".into(),
        postal_code: "LS1 1AA".into(),
        country: "United Kingdom".into(),
        total_cents: 100,
        checkout_token: format!("token-{number}"),
        card_brand: "Visa".into(),
        card_last4: "4242".into(),
    }
}

/// The part of a page after the recommendations' heading ("" when there is none).
fn recommendations_block(html: &str) -> &str {
    html.split_once("id=\"recommendations-heading\"")
        .map_or("", |(_, block)| block)
}

#[tokio::test]
async fn a_pair_is_shown_only_once_three_different_customers_bought_it() {
    // Arrange: two customers, one of them twice.
    let app = spawn_app().await;
    let mug = app.product_in("kitchen", "Blue Mug", 1000, 5);
    let board = app.product_in("kitchen", "Walnut Board", 3000, 5);
    bought(&app, "ada@example.com", &[&mug, &board]);
    bought(&app, "bob@example.com", &[&mug, &board]);
    bought(&app, "Ada@example.com", &[&mug, &board]);

    // Act
    run_at(&app, "recommendations", now());
    let two = app.get_html("/products/blue-mug").await;
    bought(&app, "cy@example.com", &[&mug, &board]);
    run_at(&app, "recommendations", now());
    let three = app.get_html("/products/blue-mug").await;

    // Assert
    assert!(!two.contains("Bought together by"), "{two}");
    let block = recommendations_block(&three);
    assert!(block.contains("Walnut Board"), "{three}");
    assert!(block.contains("Bought together by 3 customers"), "{three}");
    assert!(block.contains("Customers who bought this also bought"));
}

#[tokio::test]
async fn the_threshold_is_a_setting() {
    // Arrange: a shop that shows pairs from two customers on, and a pair bought by two.
    let app = spawn_app_with(|config| config.recommendation_min_customers = 2).await;
    let mug = app.product_in("kitchen", "Blue Mug", 1000, 5);
    let board = app.product_in("kitchen", "Walnut Board", 3000, 5);
    bought(&app, "ada@example.com", &[&mug, &board]);
    bought(&app, "bob@example.com", &[&mug, &board]);
    run_at(&app, "recommendations", now());

    // Act
    let html = app.get_html("/products/blue-mug").await;

    // Assert
    let block = recommendations_block(&html);
    assert!(block.contains("Bought together by 2 customers"), "{html}");
}

#[tokio::test]
async fn the_job_writes_each_pair_in_both_directions_and_each_products_sales() {
    // Arrange
    let app = spawn_app().await;
    let mug = app.product_in("kitchen", "Blue Mug", 1000, 5);
    let board = app.product_in("kitchen", "Walnut Board", 3000, 5);
    let pen = app.product_in("kitchen", "Steel Pen", 500, 5);
    bought(&app, "ada@example.com", &[&mug, &board]);
    bought(&app, "bob@example.com", &[&pen]);

    // Act
    let rows = run_at(&app, "recommendations", now());
    let again = run_at(&app, "recommendations", now());

    // Assert: mug→board and board→mug, and the units sold of each of the three products,
    // rewritten the same the second time.
    assert_eq!((rows, again), (5, 5));
}

#[tokio::test]
async fn without_enough_pairs_the_categorys_best_sellers_fill_in() {
    // Arrange: a best seller in the mug's category and one elsewhere.
    let app = spawn_app().await;
    let mug = app.product_in("kitchen", "Blue Mug", 1000, 5);
    let board = app.product_in("kitchen", "Walnut Board", 3000, 5);
    let pen = app.product_in("office", "Steel Pen", 500, 5);
    bought(&app, "ada@example.com", &[&board]);
    bought(&app, "bob@example.com", &[&pen]);
    bought(&app, "cy@example.com", &[&mug]);
    run_at(&app, "recommendations", now());

    // Act
    let html = app.get_html("/products/blue-mug").await;

    // Assert
    let block = recommendations_block(&html);
    assert!(block.contains("Walnut Board"), "{html}");
    assert!(block.contains("Popular in KITCHEN"), "{html}");
    assert!(!block.contains("Steel Pen"), "{html}");
    assert!(
        !block.contains("/products/blue-mug\""),
        "not the product itself"
    );
}

#[tokio::test]
async fn a_shop_with_no_sales_yet_shows_more_of_the_same_category() {
    // Arrange: no sales at all, only an unpaid order, which must not count as one.
    let app = spawn_app().await;
    let mug = app.product_in("kitchen", "Blue Mug", 1000, 5);
    let board = app.product_in("kitchen", "Walnut Board", 3000, 5);
    app.product_in("office", "Steel Pen", 500, 5);
    let conn = &mut app.conn();
    let unpaid = Order::create(conn, &new_order("ada@example.com", "CW-UNPAID01")).expect("order");
    let line = NewOrderItem {
        order_id: unpaid.id,
        product_id: board.id,
        name: board.name.clone(),
        unit_price_cents: board.price_cents,
        quantity: 2,
    };
    Order::add_items(conn, &[line]).expect("its line");
    run_at(&app, "recommendations", now());

    // Act
    let html = app.get_html(&format!("/products/{}", mug.slug)).await;

    // Assert: the board, honestly labelled, and nothing from another category.
    let block = recommendations_block(&html);
    assert!(block.contains("Walnut Board"), "{html}");
    assert!(block.contains("More in KITCHEN"), "{html}");
    assert!(!block.contains("Popular in"), "nothing has sold: {html}");
    assert!(
        block.contains("You may also like") && !block.contains("Customers who bought"),
        "the heading claims no baskets: {block}"
    );
    assert!(!block.contains("Steel Pen"), "{html}");
}

#[tokio::test]
async fn the_categorys_best_sellers_come_before_its_unsold_products() {
    // Arrange: "Zinc Tray" has sold, "Ash Spoon" (first by name) has not.
    let app = spawn_app().await;
    let mug = app.product_in("kitchen", "Blue Mug", 1000, 5);
    app.product_in("kitchen", "Ash Spoon", 300, 5);
    let tray = app.product_in("kitchen", "Zinc Tray", 2000, 5);
    bought(&app, "ada@example.com", &[&tray]);
    run_at(&app, "recommendations", now());

    // Act
    let html = app.get_html(&format!("/products/{}", mug.slug)).await;

    // Assert
    let block = recommendations_block(&html);
    let tray_at = block.find("Zinc Tray").expect("the best seller");
    let spoon_at = block.find("Ash Spoon").expect("the unsold product");
    assert!(tray_at < spoon_at, "{block}");
    assert!(block.contains("Popular in KITCHEN") && block.contains("More in KITCHEN"));
}

#[tokio::test]
async fn the_cart_recommends_what_was_bought_with_its_products_but_not_its_own_lines() {
    // Arrange: mug, board and cup bought together by three customers.
    let app = spawn_app().await;
    let mug = app.product_in("kitchen", "Blue Mug", 1000, 5);
    let board = app.product_in("kitchen", "Walnut Board", 3000, 5);
    let cup = app.product_in("kitchen", "Tea Cup", 800, 5);
    for email in ["ada@example.com", "bob@example.com", "cy@example.com"] {
        bought(&app, email, &[&mug, &board, &cup]);
    }
    run_at(&app, "recommendations", now());
    app.add_to_cart(&mug, 1).await;
    app.add_to_cart(&board, 1).await;

    // Act
    let html = app.get_html("/cart").await;

    // Assert
    let block = recommendations_block(&html);
    assert!(block.contains("Tea Cup"), "{html}");
    assert!(block.contains("Bought together by 3 customers"), "{html}");
    assert!(
        !block.contains("Blue Mug") && !block.contains("Walnut Board"),
        "{html}"
    );
}

#[tokio::test]
async fn an_inactive_or_sold_out_product_is_never_recommended() {
    // Arrange: two strong pairs; one product is then taken off sale, the other sells out.
    let app = spawn_app().await;
    let mug = app.product_in("kitchen", "Blue Mug", 1000, 5);
    let board = app.product_in("kitchen", "Walnut Board", 3000, 5);
    let tray = app.product_in("kitchen", "Zinc Tray", 2000, 5);
    for email in ["ada@example.com", "bob@example.com", "cy@example.com"] {
        bought(&app, email, &[&mug, &board, &tray]);
    }
    run_at(&app, "recommendations", now());
    app.take_off_sale(&board);
    let mut sold_out = tray.to_changes();
    sold_out.stock = 0;
    Product::update(&mut app.conn(), tray.id, &sold_out).expect("sold out");

    // Act
    let html = app.get_html("/products/blue-mug").await;

    // Assert: neither as a pair nor as a best seller.
    let block = recommendations_block(&html);
    assert!(!block.contains("Walnut Board"), "{html}");
    assert!(!block.contains("Zinc Tray"), "{html}");
}

/// Not a check but a measurement: how long the job takes over 100,000 sales of 300 products
/// by 20,000 customers, each order holding one to four products. Run it with
/// `cargo test --test web recommendations_job_over_100k_orders -- --ignored --nocapture`.
#[tokio::test]
#[ignore = "a measurement that takes a while; run it by name"]
async fn recommendations_job_over_100k_orders() {
    // Arrange: a pseudo-random but repeatable mix of orders.
    let app = spawn_app().await;
    let conn = &mut app.conn();
    cartwheel::seed::generate_products(conn, 300).expect("products");
    let products: Vec<Product> = (1..=300)
        .filter_map(|id| Product::find(conn, id).ok())
        .collect();
    let mut seed: u64 = 42;
    let mut next = move |below: usize| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((seed >> 33) as usize) % below
    };
    let started = std::time::Instant::now();
    cartwheel::db::write_transaction(conn, |conn| -> QueryResult<()> {
        for i in 0..100_000 {
            let email = format!("c{}@example.com", next(20_000));
            let mut picked: Vec<usize> = (0..1 + next(4)).map(|_| next(products.len())).collect();
            picked.sort_unstable();
            picked.dedup();
            let lines: Vec<&Product> = picked.iter().map(|&n| &products[n]).collect();
            paid_order(conn, None, &email, &format!("BULK-{i:08}"), &lines)?;
        }
        Ok(())
    })
    .expect("orders");
    report(&format!(
        "100,000 orders written in {:?}",
        started.elapsed()
    ));

    // Act
    let started = std::time::Instant::now();
    let rows = run_at(&app, "recommendations", now());
    let took = started.elapsed();

    // Assert
    report(&format!(
        "recommendations job over 100,000 orders: {rows} rows (pairs both ways, units per product) in {took:?}"
    ));
    assert!(rows > 0);
}

/// The names under "Recently viewed" on the home page, in their order.
fn recently_viewed_names(html: &str, names: &[String]) -> Vec<String> {
    let Some((_, block)) = html.split_once("Recently viewed") else {
        return Vec::new();
    };
    let mut found: Vec<(usize, String)> = names
        .iter()
        .filter_map(|name| {
            block
                .find(&format!(">{name}<"))
                .map(|at| (at, name.clone()))
        })
        .collect();
    found.sort();
    found.into_iter().map(|(_, name)| name).collect()
}

#[tokio::test]
async fn the_home_page_shows_the_last_eight_products_viewed_newest_first() {
    // Arrange: ten products, viewed in order, then the third one again.
    let app = spawn_app().await;
    let names: Vec<String> = (1..=10).map(|n| format!("Thing {n:02}")).collect();
    for name in &names {
        app.product(name, 1000, 5);
    }
    assert!(!app.get_html("/").await.contains("Recently viewed"));
    for n in 1..=10 {
        app.get_html(&format!("/products/thing-{n:02}")).await;
    }
    app.get_html("/products/thing-03").await;

    // Act
    let html = app.get_html("/").await;

    // Assert: 03 moved to the front and is not repeated; 01 and 02 dropped off.
    let expected: Vec<String> = [3, 10, 9, 8, 7, 6, 5, 4]
        .iter()
        .map(|n| format!("Thing {n:02}"))
        .collect();
    assert_eq!(recently_viewed_names(&html, &names), expected);
}

#[tokio::test]
async fn a_customer_is_offered_what_others_bought_with_their_own_purchases() {
    // Arrange: three guests bought mug and board; Ada, logged in, bought the mug.
    let app = spawn_app().await;
    let mug = app.product_in("kitchen", "Blue Mug", 1000, 5);
    let board = app.product_in("kitchen", "Walnut Board", 3000, 5);
    for email in ["bob@example.com", "cy@example.com", "di@example.com"] {
        bought(&app, email, &[&mug, &board]);
    }
    let ada = app.user("ada@example.com", false);
    paid_order(&mut app.conn(), Some(ada.id), &ada.email, "CW-ADA", &[&mug]).expect("order");
    run_at(&app, "recommendations", now());
    let anonymous = app.get_html("/").await;
    app.log_in("ada@example.com").await;

    // Act
    let html = app.get_html("/").await;

    // Assert
    assert!(!anonymous.contains("You might like"));
    let (_, block) = html.split_once("You might like").expect("the block");
    assert!(block.contains("Walnut Board"), "{html}");
    assert!(!block.contains("Blue Mug"), "not what she bought: {html}");
}

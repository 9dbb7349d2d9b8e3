//! Many instances on one PostgreSQL: nothing a request needs lives in one process's memory.
//! These tests start two real `cartwheel` processes on one database; they need a PostgreSQL
//! server (`TEST_DATABASE_URL`, see `database`) and say so when there is none.

use std::time::Instant;

use cartwheel::db::DbPool;
use cartwheel::domain::OrderStatus;
use cartwheel::models::{Order, Product};
use futures::future::join_all;
use reqwest::StatusCode;

use crate::crashes::prepare_database;
use crate::database::{TestDatabase, postgres_server};
use crate::helpers::{Browser, GOOD_CARD, PASSWORD};
use crate::process::ShopProcess;

/// Two instances of the shop on one fresh PostgreSQL database.
struct TwoInstances {
    pool: DbPool,
    /// The one product, with the stock asked for.
    lamp: Product,
    first: ShopProcess,
    second: ShopProcess,
    // Dropped last: the database outlives the processes using it.
    _database: TestDatabase,
}

/// Two instances on a database with one product of `stock` units, or `None` (and a line
/// saying the test was skipped) when the run has no PostgreSQL server.
async fn two_instances(stock: i32, test: &str) -> Option<TwoInstances> {
    if postgres_server().is_none() {
        crate::helpers::report(&format!(
            "SKIPPED {test}: it needs a PostgreSQL server; set TEST_DATABASE_URL"
        ));
        return None;
    }
    let database = TestDatabase::new();
    let (pool, lamp) = prepare_database(&database, stock);
    let url = database.url_string();
    let first = ShopProcess::start(&url, &[]).await;
    let second = ShopProcess::start(&url, &[]).await;
    Some(TwoInstances {
        pool,
        lamp,
        first,
        second,
        _database: database,
    })
}

#[tokio::test]
async fn a_browsers_login_and_cart_move_freely_between_two_instances() {
    let Some(shop) = two_instances(10, "two instances share sessions").await else {
        return;
    };
    let on_first = Browser::new(&shop.first.address);
    let on_second = on_first.at(&shop.second.address);

    let signup = on_first
        .post_form(
            "/register",
            &[
                ("name", "Ada"),
                ("email", "ada@example.com"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(signup.status(), StatusCode::SEE_OTHER);
    on_second.add_to_cart(&shop.lamp, 2).await;

    let cart_on_first = on_first.get_html("/cart").await;
    assert!(
        cart_on_first.contains("Desk Lamp"),
        "the cart made on the second instance"
    );
    assert!(
        on_second
            .get_html("/account")
            .await
            .contains("ada@example.com")
    );
    // A copy of the cookie as it is now: only the database can tell it the login ended.
    let copy_on_second = on_first.copy_cookies().at(&shop.second.address);
    on_first.post_form("/logout", &[]).await;
    assert_ne!(
        copy_on_second.get("/account").await.status(),
        StatusCode::OK,
        "a logout on one instance ends the login on the other"
    );
}

#[tokio::test]
async fn sixty_buyers_spread_over_two_instances_never_oversell_ten_units() {
    let Some(shop) = two_instances(10, "sixty buyers on two instances").await else {
        return;
    };
    let buyers: Vec<Browser> = (0..60)
        .map(|n| match n % 2 {
            0 => Browser::new(&shop.first.address),
            _ => Browser::new(&shop.second.address),
        })
        .collect();
    let mut tokens = Vec::new();
    for buyer in &buyers {
        buyer.add_to_cart(&shop.lamp, 1).await;
        tokens.push(buyer.checkout_token().await);
    }

    let started = Instant::now();
    let responses = join_all(
        buyers
            .iter()
            .zip(&tokens)
            .map(|(buyer, token)| buyer.check_out_with(token, GOOD_CARD)),
    )
    .await;
    let elapsed = started.elapsed();

    let paid = responses
        .iter()
        .filter(|r| r.status() == StatusCode::SEE_OTHER)
        .count();
    let refused = responses
        .iter()
        .filter(|r| r.status() == StatusCode::UNPROCESSABLE_ENTITY)
        .count();
    let server_errors = responses
        .iter()
        .filter(|r| r.status().is_server_error())
        .count();
    crate::helpers::report(&format!(
        "60 buyers over two instances for 10 units: {paid} paid, {refused} refused, \
         {server_errors} server errors, in {:.2} s",
        elapsed.as_secs_f64()
    ));
    assert_eq!((paid, refused, server_errors), (10, 50, 0));
    let conn = &mut shop.pool.get().expect("conn");
    assert_eq!(Product::find(conn, shop.lamp.id).expect("lamp").stock, 0);
    let orders = Order::latest(conn, None, 1000).expect("orders");
    assert_eq!(orders.len(), 10);
    assert!(orders.iter().all(|o| o.status() == OrderStatus::Paid));
    for log in [shop.first.output(), shop.second.output()] {
        assert!(!log.contains("ERROR"), "{log}");
    }
}

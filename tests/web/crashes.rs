//! Crashes and stops, with the real binary (`process::ShopProcess`): a SIGKILL in the middle
//! of checkouts leaves a consistent database, and SIGTERM lets the request in flight finish.
//! They print their figures with `helpers::report`. The races inside one running shop are in
//! `resilience`.

use crate::database::TestDatabase;
use crate::helpers::{Browser, GOOD_CARD, checkout_fields};
use crate::process::ShopProcess;
use cartwheel::db::DbPool;
use cartwheel::domain::OrderStatus;
use cartwheel::models::{Category, CategoryChanges, Order, Product, ProductChanges};
use diesel::RunQueryDsl;
use reqwest::Method;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// A database with one product of `stock` units, ready for the binary.
pub fn prepare_database(database: &TestDatabase, stock: i32) -> (DbPool, Product) {
    let pool = database.migrated_pool();
    let conn = &mut pool.get().expect("connection");
    let category = Category::create(
        conn,
        &CategoryChanges {
            slug: "lamps".into(),
            name: "Lamps".into(),
            description: String::new(),
            position: 0,
        },
    )
    .expect("category");
    let product = Product::create(
        conn,
        &ProductChanges {
            slug: "desk-lamp".into(),
            name: "Desk Lamp".into(),
            description: "A lamp.".into(),
            price_cents: 3000,
            stock,
            category_id: category.id,
            active: true,
            featured: false,
            image_path: None,
        },
    )
    .expect("product");
    (pool, product)
}

/// Units held by orders that keep their stock (everything but failed and cancelled ones).
fn units_in_orders(pool: &DbPool) -> (i32, Vec<Order>) {
    let conn = &mut pool.get().expect("connection");
    let orders = Order::latest(conn, None, 10_000).expect("orders");
    let mut units = 0;
    for order in &orders {
        let items = Order::items(conn, order.id).expect("items");
        assert!(!items.is_empty(), "order {} has no lines", order.number);
        if !matches!(
            order.status(),
            OrderStatus::PaymentFailed | OrderStatus::Cancelled
        ) {
            units += items.iter().map(|item| item.quantity).sum::<i32>();
        }
    }
    (units, orders)
}

/// Adds two units to the cart and pays, like `Browser::add_to_cart` and `check_out`, but
/// returning the error when the server vanishes instead of failing the test.
async fn buy_two(shopper: &Browser, product_id: i32) -> Result<(), reqwest::Error> {
    let form = |fields: &[(&str, &str)]| serde_urlencoded::to_string(fields).expect("encodable");
    let page = shopper
        .request(Method::GET, "/login")
        .send()
        .await?
        .text()
        .await?;
    let Some(csrf) = field(&page, "csrf_token") else {
        return Ok(());
    };
    let id = product_id.to_string();
    shopper
        .request(Method::POST, "/cart/items")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form(&[
            ("product_id", &id),
            ("quantity", "2"),
            ("csrf_token", &csrf),
        ]))
        .send()
        .await?;
    let page = shopper
        .request(Method::GET, "/checkout")
        .send()
        .await?
        .text()
        .await?;
    let Some(token) = field(&page, "checkout_token") else {
        return Ok(());
    };
    let mut fields = checkout_fields(&token, GOOD_CARD);
    fields.push(("csrf_token", &csrf));
    shopper
        .request(Method::POST, "/checkout")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form(&fields))
        .send()
        .await?;
    Ok(())
}

/// A hidden field's value, if the page (perhaps cut short by the kill) has it.
fn field(html: &str, name: &str) -> Option<String> {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker)? + marker.len();
    html[start..].split('"').next().map(str::to_string)
}

#[derive(diesel::QueryableByName)]
struct IntegrityCheck {
    #[diesel(sql_type = diesel::sql_types::Text)]
    integrity_check: String,
}

#[tokio::test]
async fn a_sigkill_in_the_middle_of_checkouts_leaves_a_consistent_database() {
    const STOCK: i32 = 200;
    const SHOPPERS: usize = 60;
    let database = TestDatabase::new();
    let (pool, lamp) = prepare_database(&database, STOCK);
    let mut shop = ShopProcess::start(&database.url_string(), &[]).await;

    // Act: a burst of shoppers, each adding two lamps and paying; kill the server as soon
    // as the first orders are in, while most are still under way.
    let burst: Vec<_> = (0..SHOPPERS)
        .map(|_| {
            let shopper = Browser::new(&shop.address);
            let lamp = lamp.clone();
            // Shoppers cut off by the kill get an error, which is the point.
            tokio::spawn(async move { buy_two(&shopper, lamp.id).await })
        })
        .collect();
    let deadline = Instant::now() + Duration::from_secs(30);
    while units_in_orders(&pool).1.len() < 10 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    shop.kill();
    let log_before_crash = shop.output();
    for shopper in burst {
        let _ = shopper.await;
    }
    let (_, orders_at_crash) = units_in_orders(&pool);
    let pending_at_crash = orders_at_crash
        .iter()
        .filter(|o| o.status() == OrderStatus::Pending)
        .count();

    // Restart with a zero timeout: every order left pending is reconciled at start.
    let restarted = ShopProcess::start(
        &database.url_string(),
        &[("CARTWHEEL_PENDING_TIMEOUT_SECONDS", "0")],
    )
    .await;

    let conn = &mut pool.get().expect("connection");
    // SQLite checks its file; PostgreSQL's write-ahead log keeps its own pages whole.
    if database.sqlite_path().is_some() {
        let check: Vec<IntegrityCheck> = diesel::sql_query("PRAGMA integrity_check")
            .load(conn)
            .expect("integrity check");
        assert_eq!(check.len(), 1);
        assert_eq!(check[0].integrity_check, "ok");
    }
    let stock = Product::find(conn, lamp.id).expect("lamp").stock;
    let (units, orders) = units_in_orders(&pool);
    assert_eq!(
        stock + units,
        STOCK,
        "stock {stock} + units in orders {units}"
    );
    assert!(stock >= 0);
    let integrity = match database.sqlite_path() {
        Some(_) => "integrity_check ok",
        None => "on PostgreSQL",
    };
    let still_pending = orders
        .iter()
        .filter(|o| o.status() == OrderStatus::Pending)
        .count();
    assert_eq!(still_pending, 0, "no order left pending");
    let count = |status: OrderStatus| orders.iter().filter(|o| o.status() == status).count();
    crate::helpers::report(&format!(
        "SIGKILL during {SHOPPERS} checkouts: {} orders at the crash ({pending_at_crash} pending); \
         after restart {} paid, {} payment_failed, 0 pending; stock {stock} + {units} units \
         in orders = {STOCK}; {integrity}",
        orders_at_crash.len(),
        count(OrderStatus::Paid),
        count(OrderStatus::PaymentFailed),
    ));
    if pending_at_crash > 0 {
        assert!(restarted.output().contains("interrupted pending orders"));
    }
    for log in [log_before_crash, restarted.output()] {
        assert!(!log.contains("database is locked"), "{log}");
        assert!(!log.contains("ERROR"), "{log}");
    }
}

#[tokio::test]
async fn sigterm_stops_accepting_lets_the_request_in_flight_finish_and_exits_0() {
    let database = TestDatabase::new();
    prepare_database(&database, 5);
    let mut shop = ShopProcess::start(&database.url_string(), &[]).await;
    let body = "product_id=1&quantity=1&csrf_token=none";
    let mut in_flight = TcpStream::connect(("127.0.0.1", shop.port())).expect("connect");
    in_flight
        .set_read_timeout(Some(Duration::from_secs(20)))
        .expect("timeout");
    // The request is under way: headers sent, half of the body still to come.
    write!(
        in_flight,
        "POST /cart/items HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{}",
        body.len(),
        &body[..10]
    )
    .expect("write");
    tokio::time::sleep(Duration::from_millis(300)).await;

    shop.terminate();
    tokio::time::sleep(Duration::from_millis(500)).await;

    let refused = TcpStream::connect(("127.0.0.1", shop.port())).is_err();
    assert!(refused, "no new connections after SIGTERM");
    in_flight
        .write_all(&body.as_bytes()[10..])
        .expect("rest of the body");
    let mut response = String::new();
    in_flight.read_to_string(&mut response).expect("response");
    assert!(
        response.starts_with("HTTP/1.1 403"),
        "a whole response (the CSRF refusal): {response:.80}"
    );
    assert!(response.contains("The form has expired"));
    let status = shop
        .wait_for_exit(Duration::from_secs(15))
        .expect("exits within the grace period");
    assert!(status.success(), "exit status {status:?}");
}

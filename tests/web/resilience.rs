//! Races, crashes and stops: no oversell under a crowd, one order per checkout form, a
//! SIGKILL in the middle of checkouts leaves a consistent database, and SIGTERM lets
//! requests in flight finish. The crash and stop tests run the real binary
//! (`process::ShopProcess`); they print their figures with `helpers::report`.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use cartwheel::db::DbPool;
use cartwheel::domain::OrderStatus;
use cartwheel::models::{Category, CategoryChanges, Order, Product, ProductChanges, now};
use cartwheel::services::checkout::reconcile_stale_orders;
use cartwheel::services::payments::{Charge, PaymentGateway, PaymentResult, SandboxGateway};
use diesel::RunQueryDsl;
use futures::future::join_all;
use reqwest::{Method, StatusCode};

use crate::database::TestDatabase;
use crate::helpers::{Browser, GOOD_CARD, checkout_fields, location, spawn_app_with_gateway};
use crate::process::ShopProcess;

#[tokio::test]
async fn a_crowd_of_120_checkouts_for_the_last_10_units_sells_exactly_10() {
    // The real binary, so that its log can be read too.
    let database = TestDatabase::new();
    let (pool, lamp) = prepare_database(&database, 10);
    let shop = ShopProcess::start(&database.url_string(), &[]).await;
    let shoppers: Vec<Browser> = (0..120).map(|_| Browser::new(&shop.address)).collect();
    let mut tokens = Vec::new();
    for shopper in &shoppers {
        shopper.add_to_cart(&lamp, 1).await;
        tokens.push(shopper.checkout_token().await);
    }

    let started = Instant::now();
    let attempts = shoppers
        .iter()
        .zip(&tokens)
        .map(|(shopper, token)| async move {
            let response = shopper.check_out_with(token, GOOD_CARD).await;
            let status = response.status();
            (status, response.text().await.expect("body"))
        });
    let responses = join_all(attempts).await;
    let elapsed = started.elapsed();

    let count = |wanted: StatusCode| responses.iter().filter(|(s, _)| *s == wanted).count();
    let server_errors = responses
        .iter()
        .filter(|(s, _)| s.is_server_error())
        .count();
    let log = shop.output();
    crate::helpers::report(&format!(
        "120 simultaneous checkouts for 10 units: {} paid, {} refused, {} server errors, in {:.2} s",
        count(StatusCode::SEE_OTHER),
        count(StatusCode::UNPROCESSABLE_ENTITY),
        server_errors,
        elapsed.as_secs_f64()
    ));
    assert_eq!(server_errors, 0);
    assert!(
        !log.contains("locked"),
        "no \"database is locked\" in the log:\n{log}"
    );
    assert!(!log.contains("ERROR"), "no error in the log:\n{log}");
    assert_eq!(count(StatusCode::SEE_OTHER), 10);
    assert_eq!(count(StatusCode::UNPROCESSABLE_ENTITY), 110);
    let conn = &mut pool.get().expect("connection");
    assert_eq!(Product::find(conn, lamp.id).expect("lamp").stock, 0);
    let orders = Order::latest(conn, None, 1000).expect("orders");
    assert_eq!(orders.len(), 10);
    assert!(orders.iter().all(|o| o.status() == OrderStatus::Paid));
}

/// The sandbox, counting the charges it makes.
#[derive(Default)]
struct CountingGateway {
    charges: AtomicUsize,
}

impl PaymentGateway for CountingGateway {
    fn charge(&self, charge: &Charge) -> PaymentResult {
        self.charges.fetch_add(1, Ordering::SeqCst);
        // Slow enough that the five submits really overlap.
        std::thread::sleep(Duration::from_millis(50));
        SandboxGateway.charge(charge)
    }
}

#[tokio::test]
async fn five_parallel_submits_of_one_checkout_form_make_one_order_and_one_charge() {
    let gateway = Arc::new(CountingGateway::default());
    let app = spawn_app_with_gateway(|_| {}, gateway.clone()).await;
    let mug = app.product("Blue Mug", 1250, 10);
    app.add_to_cart(&mug, 2).await;
    let token = app.checkout_token().await;

    let responses = join_all((0..5).map(|_| app.check_out_with(&token, GOOD_CARD))).await;

    let orders = app.orders();
    assert_eq!(orders.len(), 1);
    assert_eq!(gateway.charges.load(Ordering::SeqCst), 1, "one charge");
    let order_page = format!("/orders/{}", orders[0].number);
    for response in &responses {
        assert_eq!(location(response), order_page);
    }
    assert_eq!(app.reload(&mug).stock, 8);
}

/// A gateway whose call dies, as if the process were killed while the card was charged.
struct DyingGateway;

impl PaymentGateway for DyingGateway {
    fn charge(&self, _charge: &Charge) -> PaymentResult {
        panic!("the payment step was cut off");
    }
}

#[tokio::test]
async fn an_exhausted_pool_answers_503_quickly_instead_of_hanging() {
    let app = crate::helpers::spawn_app_with(|config| {
        config.db_pool_size = 1;
        config.db_pool_timeout_ms = 300;
    })
    .await;
    let held = app.conn();

    let started = Instant::now();
    let response = app.get("/products").await;
    let waited = started.elapsed();
    drop(held);

    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(waited < Duration::from_secs(5), "answered after {waited:?}");
    assert_eq!(app.get("/products").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn an_order_cut_off_in_its_payment_step_is_reconciled_once_it_is_old_enough() {
    let app = spawn_app_with_gateway(|_| {}, Arc::new(DyingGateway)).await;
    let lamp = app.product("Desk Lamp", 3000, 5);
    app.add_to_cart(&lamp, 2).await;
    let cut_off = app.check_out(GOOD_CARD).await;
    assert_eq!(cut_off.status(), StatusCode::INTERNAL_SERVER_ERROR);
    let order = app.orders().remove(0);
    assert_eq!(order.status(), OrderStatus::Pending);
    assert_eq!(
        app.reload(&lamp).stock,
        3,
        "the pending order holds its stock"
    );

    let fifteen_minutes_ago = now() - chrono::Duration::minutes(15);
    let too_young = reconcile_stale_orders(&mut app.conn(), fifteen_minutes_ago).expect("runs");
    assert_eq!(
        too_young, 0,
        "an order younger than the timeout may still be paying"
    );
    assert_eq!(app.orders()[0].status(), OrderStatus::Pending);

    let cutoff = now() + chrono::Duration::seconds(1);
    let reconciled = reconcile_stale_orders(&mut app.conn(), cutoff).expect("runs");
    let again = reconcile_stale_orders(&mut app.conn(), cutoff).expect("runs");

    assert_eq!((reconciled, again), (1, 0));
    assert_eq!(app.orders()[0].status(), OrderStatus::PaymentFailed);
    assert_eq!(app.reload(&lamp).stock, 5, "the stock is back, once");
}

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

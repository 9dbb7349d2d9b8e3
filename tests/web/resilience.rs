//! Races inside one running shop: no oversell under a crowd, one order and one charge per
//! checkout form, a full pool answers 503 at once, and an order cut off in its payment step
//! is reconciled. Crashes and stops of the real binary are in `crashes`.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use cartwheel::domain::OrderStatus;
use cartwheel::models::{Order, Product, now};
use cartwheel::services::checkout::reconcile_stale_orders;
use cartwheel::services::payments::{Charge, PaymentGateway, PaymentResult, SandboxGateway};
use futures::future::join_all;
use reqwest::StatusCode;

use crate::crashes::prepare_database;
use crate::database::TestDatabase;
use crate::helpers::{Browser, GOOD_CARD, location, spawn_app_with_gateway};
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

//! Background jobs, one by one: each does its work when run through its lease (the path the
//! runner, `cartwheel jobs run` and "Run now" share). How runs are leased, recorded and
//! started is tested in `job_runs`.

use cartwheel::config::Config;
use cartwheel::domain::OrderStatus;
use cartwheel::jobs::{self, Attempt, StartedBy};
use cartwheel::models::{Cart, CartItem, DailySales, JobRun, Order, now};
use chrono::{Duration, NaiveDateTime};

use crate::admin_orders::reserve_pending_order;
use crate::helpers::{TestApp, logged_in_admin, spawn_app};
use crate::insight::table_row;

/// Runs the named job once, now or at `at`, through its lease, as `cartwheel jobs run` does;
/// returns the rows it touched.
pub fn run_at(app: &TestApp, name: &str, at: NaiveDateTime) -> u64 {
    let job = jobs::find(name).expect("a job of that name");
    let conn = &mut app.conn();
    jobs::register_all(conn, &jobs::all(), at).expect("registered");
    let config = Config::for_tests(app.database.url.clone());
    match jobs::run_job(conn, &config, &job, at, StartedBy::Shell, false).expect("ran") {
        Attempt::Ran {
            result: Ok(rows), ..
        } => rows,
        other => panic!("{name} did not run: {other:?}"),
    }
}

pub fn last_run(app: &TestApp, name: &str) -> JobRun {
    JobRun::latest_of(&mut app.conn(), name, 1)
        .expect("runs")
        .pop()
        .expect("a run")
}

#[tokio::test]
async fn stale_orders_marks_an_old_pending_order_failed_and_returns_its_stock() {
    // Arrange: a checkout cut off after reserving 2 of 5 mugs.
    let app = spawn_app().await;
    let mug = app.product("Blue Mug", 1000, 5);
    reserve_pending_order(&app, &mug);
    assert_eq!(app.reload(&mug).stock, 3);

    // Act: too early, then past the 15-minute timeout.
    let early = run_at(&app, "stale-orders", now());
    let late = run_at(&app, "stale-orders", now() + Duration::minutes(16));

    // Assert
    assert_eq!((early, late), (0, 1));
    assert_eq!(app.orders()[0].status(), OrderStatus::PaymentFailed);
    assert_eq!(app.reload(&mug).stock, 5);
    assert_eq!(last_run(&app, "stale-orders").outcome, "succeeded");
}

#[tokio::test]
async fn idle_carts_deletes_a_month_old_anonymous_cart_and_keeps_the_others() {
    // Arrange: an anonymous cart left 31 days ago, a fresh one, and a user's old one.
    let app = spawn_app().await;
    let mug = app.product("Blue Mug", 1000, 5);
    let ada = app.user("ada@example.com", false);
    let conn = &mut app.conn();
    let month_ago = now() - Duration::days(31);
    let idle = Cart::create(conn, None).expect("cart");
    CartItem::set_quantity(conn, idle.id, mug.id, 1).expect("line");
    Cart::touch(conn, idle.id, month_ago).expect("moved back");
    let fresh = Cart::create(conn, None).expect("cart");
    let users = Cart::create(conn, Some(ada.id)).expect("cart");
    Cart::touch(conn, users.id, month_ago).expect("moved back");

    // Act
    let deleted = run_at(&app, "idle-carts", now());

    // Assert
    assert_eq!(deleted, 1);
    let mut exists = |id| {
        Cart::find_usable(conn, id, Some(ada.id))
            .expect("query")
            .is_some()
    };
    assert!(!exists(idle.id), "the idle anonymous cart is gone");
    assert!(exists(fresh.id), "a fresh cart is kept");
    assert!(exists(users.id), "a user's cart is kept");
    let lines = CartItem::all_in(&mut app.conn(), idle.id).expect("lines");
    assert!(lines.is_empty(), "its lines went with it");
}

#[tokio::test]
async fn adding_to_a_cart_marks_it_as_recently_used() {
    let app = spawn_app().await;
    let mug = app.product("Blue Mug", 1000, 5);
    app.add_to_cart(&mug, 1).await;

    let deleted = run_at(&app, "idle-carts", now() + Duration::days(29));

    assert_eq!(deleted, 0, "a cart used today is kept for 30 days");
}

#[tokio::test]
async fn sales_totals_sums_closed_days_and_the_dashboard_chart_shows_them() {
    // Arrange: two sales three days ago, one yesterday, one today.
    let app = logged_in_admin().await;
    let mug = app.product("Blue Mug", 1250, 50);
    for days_ago in [3, 3, 1, 0] {
        let order = app.place_order(&mug, 1).await;
        app.move_order_back(&order, days_ago);
    }

    // Act
    let days = run_at(&app, "sales-totals", now());

    // Assert: a row for each of the chart's 30 closed days, matching the orders.
    assert_eq!(days, 30);
    let today = now().date();
    let rows =
        DailySales::between(&mut app.conn(), today - Duration::days(30), today).expect("rows");
    let summed = |days_ago: i64| {
        let row = rows
            .iter()
            .find(|row| row.day == today - Duration::days(days_ago))
            .expect("a row for the day");
        (row.orders, row.revenue_cents)
    };
    assert_eq!(summed(3), (2, 2500));
    assert_eq!(summed(2), (0, 0));
    assert_eq!(summed(1), (1, 1250));
    let html = app.get_html("/admin").await;
    assert!(html.contains(&table_row(3, "€25.00")), "summed day");
    assert!(html.contains(&table_row(1, "€12.50")), "summed day");
    assert!(html.contains(&table_row(0, "€12.50")), "today, live");
}

#[tokio::test]
async fn an_order_cancelled_weeks_later_leaves_its_day_at_the_next_sum() {
    // Arrange: a sale 20 days ago, summed, then cancelled.
    let app = logged_in_admin().await;
    let mug = app.product("Blue Mug", 1250, 50);
    let order = app.place_order(&mug, 1).await;
    app.move_order_back(&order, 20);
    run_at(&app, "sales-totals", now());
    let summed = app.get_html("/admin").await;
    Order::change_status(
        &mut app.conn(),
        order.id,
        OrderStatus::Paid,
        OrderStatus::Cancelled,
    )
    .expect("cancelled");

    // Act
    run_at(&app, "sales-totals", now() + Duration::days(1));
    let html = app.get_html("/admin").await;

    // Assert: counted while it was a sale, gone once it was not.
    assert!(summed.contains(&table_row(20, "€12.50")), "{summed}");
    assert!(!html.contains(&table_row(20, "€12.50")), "{html}");
}

#[tokio::test]
async fn the_dashboard_reads_days_not_yet_summed_from_the_orders() {
    // Arrange: yesterday was summed before a sale was moved to the day before.
    let app = logged_in_admin().await;
    let mug = app.product("Blue Mug", 1250, 50);
    run_at(&app, "sales-totals", now() - Duration::days(1));
    let order = app.place_order(&mug, 1).await;
    app.move_order_back(&order, 1);

    // Act
    let html = app.get_html("/admin").await;

    // Assert: yesterday has no row yet, so it is read from the orders.
    assert!(html.contains(&table_row(1, "€12.50")), "{html}");
}

#[tokio::test]
async fn prune_job_runs_deletes_runs_older_than_30_days_and_keeps_the_rest() {
    // Arrange: one run 40 days ago, one 10 days ago.
    let app = spawn_app().await;
    let today = now();
    run_at(&app, "idle-carts", today - Duration::days(40));
    run_at(&app, "idle-carts", today - Duration::days(10));

    // Act
    let pruned = run_at(&app, "prune-job-runs", today);

    // Assert
    assert_eq!(pruned, 1);
    let kept = JobRun::latest_of(&mut app.conn(), "idle-carts", 10).expect("runs");
    assert_eq!(kept.len(), 1);
    assert!(kept[0].started_at > today - Duration::days(11));
}

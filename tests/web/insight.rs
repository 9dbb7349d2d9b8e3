//! The dashboard's view of the last 30 days: the sales chart (and its table) and the best
//! sellers. Orders are placed through the real checkout, then moved to past days with
//! `TestApp::move_order_back`.

use cartwheel::domain::{DaySales, Money};
use cartwheel::models::now;

use crate::helpers::*;

/// How the chart's table writes the day `days_ago` days before today.
fn day_text(days_ago: i64) -> String {
    let day = DaySales {
        date: now().date() - chrono::Duration::days(days_ago),
        revenue: Money::default(),
    };
    day.long_date()
}

/// The row of the chart's table for the day `days_ago` days before today.
pub fn table_row(days_ago: i64, revenue: &str) -> String {
    format!("<tr><td>{}</td><td>{revenue}</td></tr>", day_text(days_ago))
}

#[tokio::test]
async fn the_sales_chart_adds_up_each_days_sales_and_shows_days_without_sales_as_zero() {
    // Arrange: €25 today, twice €12.50 three days ago, and sales that must not count.
    let app = logged_in_admin().await;
    let mug = app.product("Blue Mug", 1250, 100);
    app.place_order(&mug, 2).await;
    for _ in 0..2 {
        let order = app.place_order(&mug, 1).await;
        app.move_order_back(&order, 3);
    }
    let too_old = app.place_order(&mug, 4).await;
    app.move_order_back(&too_old, 30);
    let cancelled = app.place_order(&mug, 8).await;
    app.post_form(
        &format!("/admin/orders/{}/status", cancelled.number),
        &[("status", "cancelled")],
    )
    .await;
    let declined = app.new_browser();
    declined.add_to_cart(&mug, 16).await;
    declined.check_out(DECLINED_CARD).await;

    // Act
    let html = app.get_html("/admin").await;

    // Assert
    assert!(html.contains("<svg class=\"chart\""));
    assert!(html.contains("role=\"img\""));
    assert!(
        html.contains("aria-label=\"Sales over the last 30 days: €50.00 in total, best day "),
        "summary in the label"
    );
    assert!(html.contains(&table_row(0, "€25.00")), "today");
    assert!(html.contains(&table_row(3, "€25.00")), "three days ago");
    assert!(html.contains(&table_row(1, "€0.00")), "a day without sales");
    assert!(
        html.contains(&table_row(29, "€0.00")),
        "the first day shown"
    );
    assert!(!html.contains(&day_text(30)), "30 days ago is not shown");
    assert_eq!(html.matches("class=\"chart-bar\"").count(), 30);
}

#[tokio::test]
async fn an_empty_shop_shows_a_chart_of_zeros() {
    let app = logged_in_admin().await;

    let html = app.get_html("/admin").await;

    assert!(html.contains("Sales over the last 30 days: €0.00 in total, no sales."));
    assert!(html.contains(&table_row(0, "€0.00")));
    assert!(html.contains("No sales in the last 30 days."));
}

#[tokio::test]
async fn best_sellers_are_ranked_by_units_sold_in_the_last_30_days() {
    // Arrange
    let app = logged_in_admin().await;
    let plate = app.product("Plate", 500, 100);
    let bowl = app.product("Bowl", 800, 100);
    let cup = app.product("Cup", 300, 100);
    app.place_order(&plate, 3).await;
    let old = app.place_order(&bowl, 2).await;
    app.move_order_back(&old, 12);
    app.place_order(&bowl, 3).await;
    app.place_order(&cup, 1).await;
    let long_ago = app.place_order(&cup, 20).await;
    app.move_order_back(&long_ago, 45);

    // Act
    let html = app.get_html("/admin").await;

    // Assert: Bowl (5 units), Plate (3), Cup (1; the 20 from 45 days ago do not count).
    let table = html
        .split("class=\"data-table best-sellers\"")
        .nth(1)
        .and_then(|rest| rest.split("</table>").next())
        .expect("a best-seller table");
    let rows: Vec<&str> = table.split("<tr>").skip(2).collect();
    assert_eq!(rows.len(), 3, "{table}");
    assert!(rows[0].contains(&format!(
        "<a href=\"/admin/products/{}/edit\">Bowl</a></td><td>5</td><td>€40.00</td>",
        bowl.id
    )));
    assert!(rows[1].contains("Plate</a></td><td>3</td><td>€15.00</td>"));
    assert!(rows[2].contains("Cup</a></td><td>1</td><td>€3.00</td>"));
}

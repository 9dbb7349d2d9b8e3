//! The checkout: paying, declines, bad input, double submits, races for the last unit, and
//! who may see an order.

use cartwheel::domain::OrderStatus;
use cartwheel::models::{Order, Product};
use futures::future::join_all;
use reqwest::StatusCode;

use crate::helpers::{
    DECLINED_CARD, GOOD_CARD, NO_FUNDS_CARD, assert_redirects_to, checkout_fields,
    form_shown_again, location, spawn_app,
};

#[tokio::test]
async fn a_paid_checkout_writes_the_order_takes_the_stock_and_empties_the_cart() {
    // Arrange
    let app = spawn_app().await;
    let mug = app.product("Blue Mug", 1250, 10);
    let plate = app.product("Big Plate", 500, 4);
    app.add_to_cart(&mug, 2).await;
    app.add_to_cart(&plate, 1).await;

    // Act
    let response = app.check_out(GOOD_CARD).await;

    // Assert
    let orders = app.orders();
    assert_eq!(orders.len(), 1);
    let order = &orders[0];
    assert_redirects_to(&response, &format!("/orders/{}", order.number));
    assert_eq!(order.status(), OrderStatus::Paid);
    assert_eq!(order.total_cents, 3000);
    assert_eq!(
        (order.card_brand.as_str(), order.card_last4.as_str()),
        ("Visa", "4242")
    );
    assert!(order.payment_reference.is_some());
    assert_eq!(app.reload(&mug).stock, 8);
    assert_eq!(app.reload(&plate).stock, 3);
    let page = app.get_html(&location(&response)).await;
    assert!(page.contains("Thank you! Your order"));
    assert!(page.contains("Paid") && page.contains("€30.00") && page.contains("Blue Mug"));
    assert!(app.get_html("/cart").await.contains("Your cart is empty."));
}

#[tokio::test]
async fn order_numbers_are_unique_random_codes_not_row_ids() {
    let app = spawn_app().await;
    let mug = app.product("Blue Mug", 1250, 10);
    for _ in 0..3 {
        app.add_to_cart(&mug, 1).await;
        app.check_out(GOOD_CARD).await;
    }

    let orders = app.orders();

    let mut numbers: Vec<&str> = orders.iter().map(|order| order.number.as_str()).collect();
    numbers.sort();
    numbers.dedup();
    assert_eq!(numbers.len(), 3, "unique");
    for order in &orders {
        assert!(
            order.number.starts_with("CW-") && order.number.len() == 11,
            "{}",
            order.number
        );
        assert_ne!(order.number, format!("CW-{:08}", order.id));
    }
}

#[tokio::test]
async fn the_card_number_is_never_stored() {
    let app = spawn_app().await;
    let mug = app.product("Blue Mug", 1250, 10);
    app.add_to_cart(&mug, 1).await;

    app.check_out(GOOD_CARD).await;

    let stored = everything_stored(&app);
    assert!(stored.contains("4242"), "the last four digits are kept");
    assert!(!stored.contains("4242424242424242") && !stored.contains("4242 4242 4242 4242"));
    assert!(!stored.contains("12/39"), "nor the expiry");
}

/// On SQLite every byte of the database file and its write-ahead log; on PostgreSQL every
/// order and order line as text.
fn everything_stored(app: &crate::helpers::TestApp) -> String {
    if let Some(path) = app.database.sqlite_path() {
        let mut stored = Vec::new();
        for suffix in ["", "-wal"] {
            stored.extend(std::fs::read(format!("{}{suffix}", path.display())).unwrap_or_default());
        }
        return String::from_utf8_lossy(&stored).into_owned();
    }
    #[derive(diesel::QueryableByName)]
    struct Row {
        #[diesel(sql_type = diesel::sql_types::Text)]
        row: String,
    }
    let rows: Vec<Row> = diesel::RunQueryDsl::load(
        diesel::sql_query(
            "SELECT CAST(o AS TEXT) AS row FROM orders o \
             UNION ALL SELECT CAST(i AS TEXT) FROM order_items i",
        ),
        &mut app.conn(),
    )
    .expect("rows");
    rows.into_iter()
        .map(|r| r.row)
        .collect::<Vec<_>>()
        .join("\n")
}

#[tokio::test]
async fn an_order_line_keeps_the_name_and_price_it_was_bought_at() {
    // Arrange
    let app = spawn_app().await;
    let mug = app.product("Blue Mug", 1250, 10);
    app.add_to_cart(&mug, 1).await;
    app.check_out(GOOD_CARD).await;

    // Act: the catalog changes afterwards.
    let mut changes = app.reload(&mug).to_changes();
    (changes.name, changes.price_cents) = ("Renamed Mug".into(), 9900);
    Product::update(&mut app.conn(), mug.id, &changes).expect("update");

    // Assert
    let order = &app.orders()[0];
    let items = Order::items(&mut app.conn(), order.id).expect("items");
    assert_eq!(
        (items[0].name.as_str(), items[0].unit_price_cents),
        ("Blue Mug", 1250)
    );
    let page = app.get_html(&format!("/orders/{}", order.number)).await;
    assert!(page.contains("Blue Mug") && page.contains("€12.50") && !page.contains("Renamed"));
}

#[tokio::test]
async fn a_declined_card_shows_the_form_again_and_takes_no_stock() {
    for (card, reason) in [
        (DECLINED_CARD, "Your card was declined"),
        (NO_FUNDS_CARD, "insufficient funds"),
    ] {
        // Arrange
        let app = spawn_app().await;
        let mug = app.product("Blue Mug", 1250, 10);
        app.add_to_cart(&mug, 2).await;

        // Act
        let response = app.check_out(card).await;

        // Assert
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{card}"
        );
        let html = response.text().await.expect("body");
        assert!(html.contains(reason), "{card}: {reason}");
        assert!(
            html.contains("value=\"Ada Lovelace\""),
            "the address is kept"
        );
        assert!(
            html.contains("name=\"card_number\" type=\"text\" value=\"\""),
            "the card is not echoed"
        );
        assert_eq!(app.reload(&mug).stock, 10, "{card}: stock unchanged");
        assert!(
            app.orders()
                .iter()
                .all(|order| order.status() != OrderStatus::Paid),
            "no paid order"
        );
        assert!(
            app.get_html("/cart").await.contains("€25.00"),
            "the cart is kept for another try"
        );
    }
}

#[tokio::test]
async fn after_a_decline_another_card_pays_with_a_new_form() {
    let app = spawn_app().await;
    let mug = app.product("Blue Mug", 1250, 10);
    app.add_to_cart(&mug, 2).await;
    let declined = app
        .check_out(DECLINED_CARD)
        .await
        .text()
        .await
        .expect("body");
    let new_token = crate::helpers::hidden_field(&declined, "checkout_token");

    let response = app.check_out_with(&new_token, GOOD_CARD).await;

    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.reload(&mug).stock, 8);
    let paid: Vec<_> = app
        .orders()
        .into_iter()
        .filter(|o| o.status() == OrderStatus::Paid)
        .collect();
    assert_eq!(paid.len(), 1);
}

#[tokio::test]
async fn bad_checkout_input_is_refused_field_by_field_and_nothing_is_written() {
    let app = spawn_app().await;
    let mug = app.product("Blue Mug", 1250, 10);
    app.add_to_cart(&mug, 1).await;
    let token = app.checkout_token().await;
    let cases = [
        (
            "email",
            "not-an-email",
            "Enter an email address like name@example.com.",
        ),
        ("name", "  ", "Enter your name."),
        ("address_line1", "", "Enter your street and number."),
        ("city", "", "Enter your city."),
        ("postal_code", "", "Enter your postal code."),
        ("country", "", "Enter your country."),
        (
            "card_number",
            "4242 4242 4242 4241",
            "This card number is not valid",
        ),
        ("card_number", "12ab", "A card number has 12 to 19 digits."),
        ("card_expiry", "01/20", "This card has expired."),
        ("card_expiry", "13/40", "Enter the expiry date as MM/YY"),
        ("card_cvc", "12", "Enter the 3 or 4 digit security code."),
    ];
    for (field, value, message) in cases {
        // Arrange
        let mut fields = checkout_fields(&token, GOOD_CARD);
        fields
            .iter_mut()
            .filter(|(name, _)| *name == field)
            .for_each(|pair| pair.1 = value);

        // Act
        let response = app.post_form("/checkout", &fields).await;

        // Assert
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{field}={value:?}"
        );
        let html = response.text().await.expect("body");
        assert!(
            html.contains(message),
            "{field}={value:?} should say {message:?}"
        );
        assert!(
            html.contains("value=\"London\"") || field == "city",
            "{field}: input kept"
        );
    }
    assert!(app.orders().is_empty());
    assert_eq!(app.reload(&mug).stock, 10);
}

#[tokio::test]
async fn a_double_submit_makes_one_order_and_both_land_on_it() {
    // Arrange
    let app = spawn_app().await;
    let mug = app.product("Blue Mug", 1250, 10);
    app.add_to_cart(&mug, 1).await;
    let token = app.checkout_token().await;

    // Act
    let first = app.check_out_with(&token, GOOD_CARD).await;
    let second = app.check_out_with(&token, GOOD_CARD).await;

    // Assert
    assert_eq!(app.orders().len(), 1);
    assert_eq!(location(&first), location(&second));
    assert_eq!(app.reload(&mug).stock, 9);
}

#[tokio::test]
async fn simultaneous_submits_of_one_form_make_one_order() {
    let app = spawn_app().await;
    let mug = app.product("Blue Mug", 1250, 10);
    app.add_to_cart(&mug, 1).await;
    let token = app.checkout_token().await;

    let submits = (0..5).map(|_| app.check_out_with(&token, GOOD_CARD));
    let responses = join_all(submits).await;

    let orders = app.orders();
    assert_eq!(orders.len(), 1);
    for response in responses {
        assert_redirects_to(&response, &format!("/orders/{}", orders[0].number));
    }
    assert_eq!(app.reload(&mug).stock, 9);
}

#[tokio::test]
async fn two_shoppers_racing_for_the_last_unit_make_exactly_one_order() {
    // Arrange
    let app = spawn_app().await;
    let vase = app.product("Last Vase", 4000, 1);
    let shoppers: Vec<_> = (0..6).map(|_| app.new_browser()).collect();
    let mut tokens = Vec::new();
    for shopper in &shoppers {
        shopper.add_to_cart(&vase, 1).await;
        tokens.push(shopper.checkout_token().await);
    }

    // Act
    let attempts = shoppers
        .iter()
        .zip(&tokens)
        .map(|(s, t)| s.check_out_with(t, GOOD_CARD));
    let responses = join_all(attempts).await;

    // Assert
    let paid = responses
        .iter()
        .filter(|r| r.status() == StatusCode::SEE_OTHER)
        .count();
    let refused = responses
        .iter()
        .filter(|r| r.status() == StatusCode::UNPROCESSABLE_ENTITY)
        .count();
    assert_eq!((paid, refused), (1, 5));
    assert_eq!(app.reload(&vase).stock, 0);
    assert_eq!(app.orders().len(), 1);
}

#[tokio::test]
async fn stock_that_ran_out_after_adding_to_the_cart_stops_the_checkout_cleanly() {
    // Arrange
    let app = spawn_app().await;
    let mug = app.product("Blue Mug", 1000, 10);
    let vase = app.product("Glass Vase", 4000, 2);
    app.add_to_cart(&mug, 1).await;
    app.add_to_cart(&vase, 2).await;
    let mut changes = app.reload(&vase).to_changes();
    changes.stock = 1;
    Product::update(&mut app.conn(), vase.id, &changes).expect("update");

    // Act
    let response = app.check_out(GOOD_CARD).await;

    // Assert
    assert!(
        form_shown_again(response)
            .await
            .contains("only 1 of Glass Vase left")
    );
    assert!(app.orders().is_empty());
    assert_eq!(
        app.reload(&mug).stock,
        10,
        "the mug's stock taken first was rolled back"
    );
    assert_eq!(app.reload(&vase).stock, 1);
    let cart = app.get_html("/cart").await;
    assert!(cart.contains("Only 1 left: lower the quantity to check out."));
}

#[tokio::test]
async fn an_empty_cart_cannot_be_checked_out() {
    let app = spawn_app().await;

    let response = app.get("/checkout").await;

    assert_redirects_to(&response, "/cart");
    assert!(app.get_html("/cart").await.contains("Your cart is empty."));
}

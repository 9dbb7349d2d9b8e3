//! Mail: every kind of message is queued by the event it is about, and the admin's outbox
//! shows it. Delivering the outbox to an SMTP server is tested in `mail_delivery`.

use cartwheel::models::{NewMessage, OutboxMessage, now};
use cartwheel::services::{logins, mail};
use reqwest::StatusCode;

use crate::helpers::{DECLINED_CARD, TestApp, assert_redirects_to, logged_in_admin, spawn_app};

pub fn outbox(app: &TestApp, kind: &str) -> Vec<OutboxMessage> {
    OutboxMessage::of_kind(&mut app.conn(), kind).expect("outbox")
}

#[tokio::test]
async fn a_paid_checkout_queues_the_order_confirmation_with_both_bodies() {
    // Arrange
    let app = spawn_app().await;
    let mug = app.product("Blue Mug", 1250, 50);

    // Act
    let order = app.place_order(&mug, 2).await;

    // Assert
    let mails = outbox(&app, "order_confirmation");
    assert_eq!(mails.len(), 1);
    let mail = &mails[0];
    assert_eq!(mail.to_address, "ada@example.com");
    assert!(mail.subject.contains(&order.number));
    assert!(
        mail.text_body.contains("2 × Blue Mug: €25.00"),
        "{}",
        mail.text_body
    );
    assert!(
        mail.html_body
            .contains(&format!("<strong>{}</strong>", order.number))
    );
    assert!(mail.html_body.contains("Blue Mug"));
    assert_eq!(mail.sent_at, None);
}

#[tokio::test]
async fn a_declined_card_queues_no_mail() {
    let app = spawn_app().await;
    let mug = app.product("Blue Mug", 1250, 50);
    let shopper = app.new_browser();
    shopper.add_to_cart(&mug, 1).await;

    shopper.check_out(DECLINED_CARD).await;

    assert!(outbox(&app, "order_confirmation").is_empty());
}

#[tokio::test]
async fn shipping_an_order_queues_the_shipping_notice() {
    // Arrange
    let app = logged_in_admin().await;
    let mug = app.product("Blue Mug", 1000, 50);
    let order = app.place_order(&mug, 1).await;
    let status_url = format!("/admin/orders/{}/status", order.number);

    // Act
    let response = app.post_form(&status_url, &[("status", "shipped")]).await;

    // Assert
    assert_redirects_to(&response, &format!("/admin/orders/{}", order.number));
    let mails = outbox(&app, "shipping_notice");
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].to_address, "ada@example.com");
    assert!(mails[0].text_body.contains("has shipped"));
    assert!(mails[0].html_body.contains("has shipped"));
}

#[tokio::test]
async fn signing_up_queues_a_welcome_mail() {
    let app = spawn_app().await;

    let response = app
        .post_form(
            "/register",
            &[
                ("name", "Grace"),
                ("email", "grace@example.com"),
                ("password", "a long enough secret"),
            ],
        )
        .await;

    assert_redirects_to(&response, "/");
    let mails = outbox(&app, "welcome");
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].to_address, "grace@example.com");
    assert!(mails[0].text_body.contains("Hello Grace"));
    assert!(mails[0].html_body.contains("<p>Hello Grace,</p>"));
}

#[tokio::test]
async fn a_checkout_that_takes_stock_to_the_threshold_alerts_every_active_admin_once() {
    // Arrange: two admins and a disabled one; 7 mugs, the threshold is 5.
    let app = spawn_app().await;
    app.user("boss@example.com", true);
    app.user("deputy@example.com", true);
    let gone = app.user("former@example.com", true);
    logins::set_disabled(&mut app.conn(), gone.id, true, now()).expect("disabled");
    let mug = app.product("Blue Mug", 1000, 7);

    // Act: the first order takes the stock from 7 to 5, the second from 5 to 4.
    app.place_order(&mug, 2).await;
    app.place_order(&mug, 1).await;

    // Assert
    let alerts = outbox(&app, "low_stock");
    let mut to: Vec<&str> = alerts.iter().map(|m| m.to_address.as_str()).collect();
    to.sort();
    assert_eq!(to, ["boss@example.com", "deputy@example.com"]);
    assert!(alerts[0].subject.contains("Blue Mug (5 left)"));
    assert!(alerts[0].text_body.contains("down to 5"));
    assert!(alerts[0].html_body.contains("<strong>5</strong>"));
}

#[tokio::test]
async fn the_outbox_lists_messages_and_shows_one_with_its_html_sandboxed() {
    // Arrange
    let app = logged_in_admin().await;
    let message = NewMessage {
        to_address: "ada@example.com".into(),
        subject: "Hello <there>".into(),
        text_body: "Plain words".into(),
        html_body: "<p onclick=\"x\">Hi</p><script>alert(1)</script>".into(),
        kind: "welcome",
    };
    mail::queue(&mut app.conn(), &message, now()).expect("queued");
    let id = outbox(&app, "welcome")[0].id;

    // Act
    let list = app.get_html("/admin/outbox").await;
    let page = app.get_html(&format!("/admin/outbox/{id}")).await;

    // Assert
    assert!(list.contains("Hello &#60;there&#62;") || list.contains("Hello &lt;there&gt;"));
    assert!(list.contains("waiting"));
    assert!(list.contains(&format!("href=\"/admin/outbox/{id}\"")));
    assert!(page.contains("Plain words"));
    assert!(page.contains("<iframe class=\"mail-html\" sandbox srcdoc=\""));
    assert!(
        !page.contains("<script>alert(1)"),
        "the HTML body is escaped into srcdoc"
    );
    assert!(!page.contains("<p onclick"));
    assert!(page.contains("alert(1)"));
}

#[tokio::test]
async fn customers_cannot_see_the_outbox() {
    let app = spawn_app().await;
    app.user("ann@example.com", false);
    app.log_in("ann@example.com").await;

    assert_eq!(
        app.get("/admin/outbox").await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get("/admin/outbox/1").await.status(),
        StatusCode::FORBIDDEN
    );
}

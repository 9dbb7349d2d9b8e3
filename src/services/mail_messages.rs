//! The shop's emails: one function per kind, each rendering a plain-text and an HTML body
//! from `templates/mail/<kind>.txt` and `.html` into a `NewMessage` for the outbox.
//!
//! Every mail has both bodies: the text one for mail programs that show no HTML (and for
//! spam filters, which distrust HTML-only mail), the HTML one for the rest. Askama escapes
//! the `.html` templates and leaves the `.txt` ones as they are, chosen by the extension.
//! Nothing here sends anything; `services::mail` does that later.

use askama::Template;

use crate::models::{NewMessage, Order, OrderItem, Product, User};

/// Links to the account page.
#[derive(Template)]
#[template(path = "mail/welcome.txt")]
struct WelcomeText<'a> {
    name: &'a str,
    shop_url: &'a str,
}

#[derive(Template)]
#[template(path = "mail/welcome.html")]
struct WelcomeHtml<'a> {
    name: &'a str,
    shop_url: &'a str,
}

/// The welcome mail to a new account; `base_url` is `Config::base_url`.
pub fn welcome(user: &User, base_url: &str) -> askama::Result<NewMessage> {
    let (name, shop_url) = (user.name.as_str(), base_url);
    Ok(NewMessage {
        to_address: user.email.clone(),
        subject: "Welcome to Cartwheel".into(),
        text_body: WelcomeText { name, shop_url }.render()?,
        html_body: WelcomeHtml { name, shop_url }.render()?,
        kind: "welcome",
    })
}

#[derive(Template)]
#[template(path = "mail/order_confirmation.txt")]
struct OrderText<'a> {
    order: &'a Order,
    items: &'a [OrderItem],
}

#[derive(Template)]
#[template(path = "mail/order_confirmation.html")]
struct OrderHtml<'a> {
    order: &'a Order,
    items: &'a [OrderItem],
}

/// The confirmation of a paid order, to the email given at checkout.
pub fn order_confirmation(order: &Order, items: &[OrderItem]) -> askama::Result<NewMessage> {
    Ok(NewMessage {
        to_address: order.email.clone(),
        subject: format!("Your order {}", order.number),
        text_body: OrderText { order, items }.render()?,
        html_body: OrderHtml { order, items }.render()?,
        kind: "order_confirmation",
    })
}

#[derive(Template)]
#[template(path = "mail/shipping_notice.txt")]
struct ShippingText<'a> {
    order: &'a Order,
}

#[derive(Template)]
#[template(path = "mail/shipping_notice.html")]
struct ShippingHtml<'a> {
    order: &'a Order,
}

/// Tells the customer that their order has shipped.
pub fn shipping_notice(order: &Order) -> askama::Result<NewMessage> {
    Ok(NewMessage {
        to_address: order.email.clone(),
        subject: format!("Your order {} has shipped", order.number),
        text_body: ShippingText { order }.render()?,
        html_body: ShippingHtml { order }.render()?,
        kind: "shipping_notice",
    })
}

#[derive(Template)]
#[template(path = "mail/password_reset.txt")]
struct ResetText<'a> {
    name: &'a str,
    link: &'a str,
    minutes: i64,
}

#[derive(Template)]
#[template(path = "mail/password_reset.html")]
struct ResetHtml<'a> {
    name: &'a str,
    link: &'a str,
    minutes: i64,
}

/// The "choose a new password" link; `minutes` is how long it works.
pub fn password_reset(user: &User, link: &str, minutes: i64) -> askama::Result<NewMessage> {
    let name = user.name.as_str();
    Ok(NewMessage {
        to_address: user.email.clone(),
        subject: "Reset your Cartwheel password".into(),
        text_body: ResetText {
            name,
            link,
            minutes,
        }
        .render()?,
        html_body: ResetHtml {
            name,
            link,
            minutes,
        }
        .render()?,
        kind: "password_reset",
    })
}

#[derive(Template)]
#[template(path = "mail/low_stock.txt")]
struct LowStockText<'a> {
    product: &'a Product,
}

#[derive(Template)]
#[template(path = "mail/low_stock.html")]
struct LowStockHtml<'a> {
    product: &'a Product,
}

/// Warns one admin that a product is running out.
pub fn low_stock(admin: &User, product: &Product) -> askama::Result<NewMessage> {
    Ok(NewMessage {
        to_address: admin.email.clone(),
        subject: format!("Low stock: {} ({} left)", product.name, product.stock),
        text_body: LowStockText { product }.render()?,
        html_body: LowStockHtml { product }.render()?,
        kind: "low_stock",
    })
}

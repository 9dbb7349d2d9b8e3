//! `GET /admin/outbox` and `GET /admin/outbox/{id}`: the mail the shop queued, sent or keeps
//! failing to send. Without `CARTWHEEL_SMTP_URL` nothing is sent, and this is where a
//! developer reads the mail (the development mailbox).
//!
//! A message's HTML body is shown in `<iframe sandbox srcdoc="…">`. Askama escapes the HTML
//! into the attribute, the browser unescapes it into a document of its own, and `sandbox`
//! without exceptions gives that document a unique origin with scripts, forms and
//! navigation switched off: mail content can neither run code in the admin's session nor
//! restyle the admin page.

use actix_web::{HttpResponse, web};
use askama::Template;

use crate::config::Config;
use crate::db::DbPool;
use crate::error::AppResult;
use crate::layout::Layout;
use crate::models::OutboxMessage;
use crate::routes::admin::paging::{FETCH_PER_PAGE, PageQuery, one_page};
use crate::routes::{load_page, render};
use crate::services::mail;
use crate::session::ShopSession;

#[derive(Template)]
#[template(path = "admin/outbox/index.html")]
struct OutboxPage {
    layout: Layout,
    messages: Vec<OutboxMessage>,
    page: i64,
    has_next: bool,
    smtp_configured: bool,
}

/// `GET /admin/outbox?page=`: renders one page of messages, newest first.
pub async fn index(
    query: web::Query<PageQuery>,
    session: ShopSession,
    pool: web::Data<DbPool>,
    config: web::Data<Config>,
) -> AppResult<HttpResponse> {
    let (page, offset) = (query.number(), query.offset());
    let smtp_configured = config.smtp_url.is_some();
    let page = load_page(&session, &pool, move |conn, layout| {
        let rows = OutboxMessage::newest_first(conn, offset, FETCH_PER_PAGE)?;
        let (messages, has_next) = one_page(rows);
        Ok(OutboxPage {
            layout,
            messages,
            page,
            has_next,
            smtp_configured,
        })
    })
    .await?;
    render(&page)
}

#[derive(Template)]
#[template(path = "admin/outbox/show.html")]
struct MessagePage {
    layout: Layout,
    message: OutboxMessage,
    from: String,
    /// A password-reset link waiting for a real mail server: only its recipient may see it.
    body_hidden: bool,
}

/// `GET /admin/outbox/{id}`: renders one message: its headers, its text body and its HTML
/// body in a sandboxed frame (not a password-reset link when a mail server delivers the
/// mail: then the outbox is not its way to the customer); 404 for an unknown id.
pub async fn show(
    path: web::Path<i32>,
    session: ShopSession,
    pool: web::Data<DbPool>,
    config: web::Data<Config>,
) -> AppResult<HttpResponse> {
    let id = path.into_inner();
    let from = config.mail_from.clone();
    let mail_goes_out = config.smtp_url.is_some();
    let page = load_page(&session, &pool, move |conn, layout| {
        let message = OutboxMessage::find(conn, id)?;
        Ok(MessagePage {
            body_hidden: mail_goes_out && mail::holds_a_secret(&message.kind),
            message,
            layout,
            from,
        })
    })
    .await?;
    render(&page)
}

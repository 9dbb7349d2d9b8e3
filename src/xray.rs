//! The request X-ray: with `CARTWHEEL_XRAY=1` (development only; production refuses to
//! start with it), every HTML page ends with a panel that shows how it was made: the
//! handler that answered, the template it rendered, the time spent, every SQL statement with
//! its duration, and the session keys read. It is the flow of `docs/ARCHITECTURE.md`, seen
//! live on each page.
//!
//! How the facts are gathered. `show_panel`, a middleware installed only when the X-ray is
//! on (see `startup`), opens a `Trace` for the request, and the layers note what they do:
//! - `routes::configure` registers every handler through `get`/`post`/`named`, which wrap it
//!   so that it notes its own name when called;
//! - `routes::render_with_status` notes the page's template (`note_template`);
//! - `db::run` hands over the statements `sql_trace` recorded (`add_statements`);
//! - `ShopSession` notes every key it reads (`note_session_key`).
//!
//! When the X-ray is off there is no trace, and each of those notes finds none and returns
//! at once: nothing is computed, recorded or rendered.

use std::any::type_name;
use std::cell::RefCell;
use std::time::{Duration, Instant};

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::CONTENT_TYPE;
use actix_web::middleware::Next;
use actix_web::{FromRequest, Handler, Responder, Route, web};
use askama::Template;

use crate::sql_trace::Statement;

// `PAGE_TEMPLATES`: (page struct, template file) for every `#[template(path = …)]` in src/,
// listed by build.rs (askama keeps a template's path to itself).
include!(concat!(env!("OUT_DIR"), "/page_templates.rs"));

tokio::task_local! {
    static TRACE: RefCell<Trace>;
}

/// What one request noted on its way through the layers.
#[derive(Debug, Default)]
struct Trace {
    handler: Option<&'static str>,
    page: Option<&'static str>,
    statements: Vec<Statement>,
    session_keys: Vec<String>,
}

/// Whether this request is being X-rayed.
pub fn is_on() -> bool {
    TRACE.try_with(|_| ()).is_ok()
}

/// Adds statements `sql_trace` recorded for this request.
pub fn add_statements(statements: Vec<Statement>) {
    let _ = TRACE.try_with(|trace| trace.borrow_mut().statements.extend(statements));
}

/// Notes that the session key `key` was read (each key once).
pub fn note_session_key(key: &str) {
    let _ = TRACE.try_with(|trace| {
        let keys = &mut trace.borrow_mut().session_keys;
        if !keys.iter().any(|seen| seen == key) {
            keys.push(key.to_string());
        }
    });
}

/// Notes that the page struct `T` was rendered (the last one rendered is the page's).
pub fn note_template<T: Template>() {
    let _ = TRACE.try_with(|trace| trace.borrow_mut().page = Some(type_name::<T>()));
}

fn note_handler(name: &'static str) {
    let _ = TRACE.try_with(|trace| trace.borrow_mut().handler = Some(name));
}

/// A handler that notes its own name for the X-ray before it runs; otherwise the handler
/// itself. Made by `named`, `get` and `post`.
#[derive(Clone)]
pub struct Named<F> {
    handler: F,
    name: &'static str,
}

/// Wraps `handler` so the X-ray can name it (its Rust path, like
/// `cartwheel::routes::products::show`, known at compile time).
pub fn named<F>(handler: F) -> Named<F> {
    Named {
        handler,
        name: type_name::<F>(),
    }
}

impl<F, Args> Handler<Args> for Named<F>
where
    F: Handler<Args>,
{
    type Output = F::Output;
    type Future = F::Future;

    fn call(&self, args: Args) -> Self::Future {
        note_handler(self.name);
        self.handler.call(args)
    }
}

/// `web::get().to(handler)`, with the handler named for the X-ray.
pub fn get<F, Args>(handler: F) -> Route
where
    F: Handler<Args>,
    Args: FromRequest + 'static,
    F::Output: Responder + 'static,
{
    web::get().to(named(handler))
}

/// `web::post().to(handler)`, with the handler named for the X-ray.
pub fn post<F, Args>(handler: F) -> Route
where
    F: Handler<Args>,
    Args: FromRequest + 'static,
    F::Output: Responder + 'static,
{
    web::post().to(named(handler))
}

/// Middleware (only installed with `CARTWHEEL_XRAY=1`): traces the request and, when the
/// answer is an HTML page, adds the panel just before `</body>`.
pub async fn show_panel(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let request = format!("{} {}", req.method(), req.uri());
    let started = Instant::now();
    TRACE
        .scope(RefCell::new(Trace::default()), async move {
            let response = next.call(req).await?;
            let took = started.elapsed();
            let trace = TRACE.with(RefCell::take);
            if !is_html(&response) {
                return Ok(response.map_into_boxed_body());
            }
            let panel = Panel::new(request, took, trace);
            with_panel(response, &panel).await
        })
        .await
}

fn is_html<B>(response: &ServiceResponse<B>) -> bool {
    response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("text/html"))
}

/// The response with `panel` rendered into its HTML.
async fn with_panel<B: MessageBody + 'static>(
    response: ServiceResponse<B>,
    panel: &Panel,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let (request, response) = response.into_parts();
    let (head, body) = response.into_parts();
    let bytes = actix_web::body::to_bytes(body)
        .await
        .map_err(|_| actix_web::error::ErrorInternalServerError("cannot read the page"))?;
    let html = String::from_utf8_lossy(&bytes);
    let panel = panel
        .render()
        .map_err(actix_web::error::ErrorInternalServerError)?;
    let page = insert_before_body_end(&html, &panel);
    Ok(ServiceResponse::new(request, head.set_body(page)).map_into_boxed_body())
}

/// `html` with `panel` just before its last `</body>`, or at its end if it has none.
pub fn insert_before_body_end(html: &str, panel: &str) -> String {
    let at = html.rfind("</body>").unwrap_or(html.len());
    format!("{}{panel}{}", &html[..at], &html[at..])
}

/// The panel, as `templates/xray.html` shows it.
#[derive(Template)]
#[template(path = "xray.html")]
pub struct Panel {
    request: String,
    handler: String,
    page: String,
    template: String,
    took: String,
    sql_took: String,
    statements: Vec<(String, String)>,
    session_keys: Vec<String>,
}

impl Panel {
    fn new(request: String, took: Duration, trace: Trace) -> Panel {
        let sql_took: Duration = trace.statements.iter().map(|s| s.took).sum();
        let page = trace.page.map(short_path).unwrap_or_default();
        Panel {
            request,
            handler: trace.handler.map(short_path).unwrap_or_default(),
            template: template_of(trace.page).unwrap_or_default().to_string(),
            page,
            took: milliseconds(took),
            sql_took: milliseconds(sql_took),
            statements: trace
                .statements
                .into_iter()
                .map(|statement| (statement.sql, milliseconds(statement.took)))
                .collect(),
            session_keys: trace.session_keys,
        }
    }
}

/// The template file of the page struct `page` (a full Rust path), from `PAGE_TEMPLATES`.
fn template_of(page: Option<&str>) -> Option<&'static str> {
    let page = short_path(page?);
    PAGE_TEMPLATES
        .iter()
        .find(|(name, _)| *name == page)
        .map(|(_, template)| *template)
}

/// `cartwheel::routes::products::show` → `routes::products::show`; a page struct's
/// lifetimes (`ErrorPage<'_>`) are left off too.
fn short_path(path: &str) -> String {
    let path = path.split('<').next().unwrap_or(path);
    path.strip_prefix("cartwheel::").unwrap_or(path).to_string()
}

/// A duration as milliseconds with two decimals: "0.42 ms".
fn milliseconds(took: Duration) -> String {
    format!("{:.2} ms", took.as_secs_f64() * 1000.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_panel_goes_before_the_end_of_the_body() {
        let html = "<html><body><h1>Hi</h1></body></html>";

        assert_eq!(
            insert_before_body_end(html, "<aside>X</aside>"),
            "<html><body><h1>Hi</h1><aside>X</aside></body></html>"
        );
        assert_eq!(insert_before_body_end("<p>no body", "<b>"), "<p>no body<b>");
    }

    #[test]
    fn every_page_struct_has_its_template_listed() {
        assert!(
            PAGE_TEMPLATES.contains(&("routes::products::ProductPage", "products/show.html")),
            "{PAGE_TEMPLATES:?}"
        );
        assert_eq!(
            template_of(Some("cartwheel::xray::Panel")),
            Some("xray.html")
        );
    }

    #[test]
    fn durations_read_in_milliseconds() {
        assert_eq!(milliseconds(Duration::from_micros(420)), "0.42 ms");
        assert_eq!(
            short_path("cartwheel::routes::cart::show"),
            "routes::cart::show"
        );
    }
}

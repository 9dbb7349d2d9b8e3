//! Admin product import from a CSV file, in two steps: upload the file for a dry run that
//! shows what every row would do (nothing is written), then apply it.
//!
//! The preview page carries the file's text in the apply form, so the apply step needs
//! nothing remembered by the server: any instance behind a load balancer can take it. The
//! text is checked afresh when applied (`services::product_import::apply`), so a changed
//! catalog or an edited form cannot slip anything past the rules. Both steps are multipart
//! forms (a file, then text too large for a URL-encoded form), read by `CsrfMultipart`.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::csrf::{CsrfMultipart, MultipartForm};
use crate::db::{self, DbPool};
use crate::error::{AppError, AppResult};
use crate::layout::Layout;
use crate::multipart::Limits;
use crate::routes::{load_page, render, render_with_status, see_other};
use crate::services::product_csv::{self, COLUMNS, MAX_CSV_BYTES};
use crate::services::product_import::{self, ImportPlan, RowOutcome};
use crate::session::ShopSession;

#[derive(Template)]
#[template(path = "admin/products/import.html")]
struct ImportPage {
    layout: Layout,
    /// The dry run's result, once a file was sent.
    plan: Option<ImportPlan>,
    /// The file's text, for the apply form.
    csv: String,
    /// A problem with the file as a whole.
    error: Option<String>,
}

impl ImportPage {
    fn columns(&self) -> String {
        COLUMNS.join(",")
    }

    /// True when the plan can be applied: no errors and something to do.
    fn can_apply(&self) -> bool {
        self.plan
            .as_ref()
            .is_some_and(|plan| !plan.has_errors() && plan.creates() + plan.changes() > 0)
    }
}

/// The upload form: only the file (and the CSRF token).
#[derive(Debug, Default, Deserialize)]
pub struct ImportFileForm {}

impl MultipartForm for ImportFileForm {
    const LIMITS: Limits = Limits {
        file_bytes: MAX_CSV_BYTES,
        text_bytes: 1024,
    };
}

/// The apply form: the file's text, carried by the preview page.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ApplyForm {
    csv: String,
}

impl MultipartForm for ApplyForm {
    // Browsers send a textarea's line ends as CR LF, which may double the size of a file
    // that had LF only; the CSRF token needs a little room too.
    const LIMITS: Limits = Limits {
        file_bytes: 0,
        text_bytes: 2 * MAX_CSV_BYTES + 1024,
    };
}

/// `GET /admin/products/import`: renders the upload form.
pub async fn new_form(session: ShopSession, pool: web::Data<DbPool>) -> AppResult<HttpResponse> {
    render(&import_page(&session, &pool, None, String::new(), None).await?)
}

/// `POST /admin/products/import`: the dry run. Extracts the CSV file; renders the preview
/// (200, or 422 if a row or the file has errors). Writes nothing. Over 1 MiB gets 413.
pub async fn preview(
    mut form: CsrfMultipart<ImportFileForm>,
    session: ShopSession,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    let text = match form
        .take_file("file")
        .map(|file| String::from_utf8(file.bytes))
    {
        None => return file_error(&session, &pool, "Choose a CSV file to import.").await,
        Some(Err(_)) => {
            let message = "The file is not UTF-8 text. Save it as “CSV UTF-8” and try again.";
            return file_error(&session, &pool, message).await;
        }
        Some(Ok(text)) => text,
    };
    let rows = match product_csv::read_csv(&text) {
        Ok(rows) => rows,
        Err(message) => return file_error(&session, &pool, &message).await,
    };
    let plan = db::run(&pool, move |conn| product_import::plan(conn, &rows)).await?;
    let status = match plan.has_errors() {
        true => StatusCode::UNPROCESSABLE_ENTITY,
        false => StatusCode::OK,
    };
    render_with_status(
        &import_page(&session, &pool, Some(plan), text, None).await?,
        status,
    )
}

/// `POST /admin/products/import/apply`: checks the CSV text again and writes every row in
/// one transaction, then redirects to the product list with the numbers; if any row has an
/// error, nothing is written and the preview is shown again (422).
pub async fn apply(
    form: CsrfMultipart<ApplyForm>,
    session: ShopSession,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    let text = form.fields.csv;
    let rows = match product_csv::read_csv(&text) {
        Ok(rows) => rows,
        Err(message) => return file_error(&session, &pool, &message).await,
    };
    match db::run(&pool, move |conn| product_import::apply(conn, &rows)).await {
        Ok(Ok((created, changed))) => {
            session.notice(format!("Imported: {created} created, {changed} changed."))?;
            Ok(see_other("/admin/products"))
        }
        Ok(Err(plan)) => {
            let page = import_page(&session, &pool, Some(plan), text, None).await?;
            render_with_status(&page, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(AppError::Refused(message)) => {
            let page = import_page(&session, &pool, None, text, Some(message)).await?;
            render_with_status(&page, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(other) => Err(other),
    }
}

/// The upload form again with a message about the file (422).
async fn file_error(
    session: &ShopSession,
    pool: &DbPool,
    message: &str,
) -> AppResult<HttpResponse> {
    let page = import_page(
        session,
        pool,
        None,
        String::new(),
        Some(message.to_string()),
    )
    .await?;
    render_with_status(&page, StatusCode::UNPROCESSABLE_ENTITY)
}

async fn import_page(
    session: &ShopSession,
    pool: &DbPool,
    plan: Option<ImportPlan>,
    csv: String,
    error: Option<String>,
) -> AppResult<ImportPage> {
    load_page(session, pool, move |_conn, layout| {
        Ok(ImportPage {
            layout,
            plan,
            csv,
            error,
        })
    })
    .await
}

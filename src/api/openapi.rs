//! The OpenAPI 3.1 document of the API, served at `/api/v1/openapi.json`, and
//! `/api/v1/docs`, a page that shows it for reading.
//!
//! The document is generated from the code: each handler's `#[utoipa::path]` (method, path,
//! parameters, the body it takes, the answers it gives) and each request and response type's
//! `ToSchema` derive. A field added to a response type is in the document at the next build,
//! so the document cannot drift from what the API does; `.ci/run` also checks the running
//! shop against it (schemathesis).
//!
//! The reading page is ours, rendered on the server from the same document (`DocsPage`): no
//! script, so it passes the shop's Content-Security-Policy like every other page.

use std::sync::LazyLock;

use actix_web::{HttpResponse, web};
use askama::Template;
use serde_json::Value;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::api::problem::{ApiResult, Problem, ProblemKind};
use crate::api::{cart, checkout, orders, problem, products};
use crate::db::{self, DbPool};
use crate::error::AppResult;
use crate::layout::Layout;
use crate::routes::{render, see_other};
use crate::session::ShopSession;

/// The API as utoipa collects it from the handlers named here.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Cartwheel API",
        version = "1",
        description = "The shop's catalog, cart, checkout and orders for programs. Personal endpoints take `Authorization: Bearer cw_…` with a token made on /account. Errors are RFC 9457 problem details."
    ),
    paths(
        products::index,
        products::show,
        products::categories,
        cart::show,
        cart::add_item,
        cart::update_item,
        cart::remove_item,
        checkout::create,
        orders::index,
        orders::show,
    ),
    components(schemas(problem::ProblemBody, problem::FieldError, products::SortParam)),
    modifiers(&BearerScheme),
    tags(
        (name = "catalog", description = "Products and categories; no token needed"),
        (name = "cart", description = "The token holder's cart, the same as on /cart"),
        (name = "checkout", description = "Paying for the cart, safely retried with an Idempotency-Key"),
        (name = "orders", description = "The token holder's orders, the same as on /orders"),
    )
)]
pub struct ApiDoc;

/// Declares the `bearer` security scheme that the personal endpoints name.
struct BearerScheme;

impl Modify for BearerScheme {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let scheme = HttpBuilder::new()
            .scheme(HttpAuthScheme::Bearer)
            .description(Some("A personal API token (cw_…) made on /account"))
            .build();
        openapi
            .components
            .get_or_insert_with(Default::default)
            .add_security_scheme("bearer", SecurityScheme::Http(scheme));
    }
}

/// The document, built once.
static DOCUMENT: LazyLock<Value> =
    LazyLock::new(|| serde_json::to_value(ApiDoc::openapi()).unwrap_or(Value::Null));

/// `GET /api/v1/openapi.json`: answers the OpenAPI document.
pub async fn document() -> HttpResponse {
    HttpResponse::Ok().json(&*DOCUMENT)
}

/// One operation on the reading page.
struct DocOperation {
    method: String,
    path: String,
    summary: String,
    description: String,
    personal: bool,
    parameters: Vec<DocField>,
    request_body: Option<String>,
    responses: Vec<DocField>,
}

/// A parameter, a response or a schema's property: a name, its type and what it is.
struct DocField {
    name: String,
    kind: String,
    required: bool,
    description: String,
}

/// A schema (a request or response type) with its properties.
struct DocSchema {
    name: String,
    description: String,
    fields: Vec<DocField>,
}

#[derive(Template)]
#[template(path = "api/docs.html")]
struct DocsPage {
    layout: Layout,
    title: String,
    version: String,
    description: String,
    operations: Vec<DocOperation>,
    schemas: Vec<DocSchema>,
    problems: [ProblemKind; 17],
}

/// `GET /api/v1/docs`: extracts the session (for the page frame); renders the document.
pub async fn docs(session: ShopSession, pool: web::Data<DbPool>) -> AppResult<HttpResponse> {
    let visitor = session.visitor()?;
    let layout = db::run(&pool, move |conn| Layout::load(conn, &visitor)).await?;
    let doc = &*DOCUMENT;
    let page = DocsPage {
        layout,
        title: text(&doc["info"]["title"]),
        version: text(&doc["openapi"]),
        description: text(&doc["info"]["description"]),
        operations: operations(doc),
        schemas: schemas(doc),
        problems: ProblemKind::ALL,
    };
    render(&page)
}

/// `GET /api/v1/problems/{slug}`: a problem's `type` URI, followed by a person, leads to its
/// entry on the docs page (RFC 9457 suggests that a type URI explains itself); unknown
/// slugs are a 404 problem.
pub async fn problem_type(slug: web::Path<String>) -> ApiResult<HttpResponse> {
    let slug = slug.into_inner();
    match ProblemKind::ALL.iter().find(|kind| kind.slug() == slug) {
        Some(kind) => Ok(see_other(&format!("/api/v1/docs#problem-{}", kind.slug()))),
        None => Err(Problem::new(
            ProblemKind::NotFound,
            "There is no problem type of that name.",
        )),
    }
}

const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

fn operations(doc: &Value) -> Vec<DocOperation> {
    let mut found = Vec::new();
    let Some(paths) = doc["paths"].as_object() else {
        return found;
    };
    for (path, item) in paths {
        for method in METHODS {
            let operation = &item[method];
            if operation.is_null() {
                continue;
            }
            found.push(DocOperation {
                method: method.to_uppercase(),
                path: path.clone(),
                summary: without_route(&text(&operation["summary"])),
                description: text(&operation["description"]),
                personal: operation["security"].is_array(),
                parameters: list(&operation["parameters"])
                    .iter()
                    .map(|parameter| DocField {
                        name: format!("{} ({})", text(&parameter["name"]), text(&parameter["in"])),
                        kind: type_name(&parameter["schema"]),
                        required: parameter["required"].as_bool().unwrap_or(false),
                        description: text(&parameter["description"]),
                    })
                    .collect(),
                request_body: first_content(&operation["requestBody"]).map(type_name),
                responses: responses(&operation["responses"]),
            });
        }
    }
    found
}

fn responses(responses: &Value) -> Vec<DocField> {
    let Some(responses) = responses.as_object() else {
        return Vec::new();
    };
    responses
        .iter()
        .map(|(status, response)| DocField {
            name: status.clone(),
            kind: first_content(response).map(type_name).unwrap_or_default(),
            required: false,
            description: text(&response["description"]),
        })
        .collect()
}

fn schemas(doc: &Value) -> Vec<DocSchema> {
    let Some(schemas) = doc["components"]["schemas"].as_object() else {
        return Vec::new();
    };
    schemas
        .iter()
        .map(|(name, schema)| {
            let required: Vec<String> = list(&schema["required"]).iter().map(text).collect();
            let fields = schema["properties"]
                .as_object()
                .map(|properties| {
                    properties
                        .iter()
                        .map(|(field, property)| DocField {
                            name: field.clone(),
                            kind: type_name(property),
                            required: required.contains(field),
                            description: text(&property["description"]),
                        })
                        .collect()
                })
                .unwrap_or_default();
            DocSchema {
                name: name.clone(),
                description: text(&schema["description"]),
                fields,
            }
        })
        .collect()
}

/// The schema of a request body's or a response's first content type.
fn first_content(holder: &Value) -> Option<&Value> {
    holder["content"]
        .as_object()
        .and_then(|content| content.values().next())
        .map(|media| &media["schema"])
}

/// A schema in a few words: `ProductPage`, `array of Price`, `string or null`, `integer`.
fn type_name(schema: &Value) -> String {
    if let Some(reference) = schema["$ref"].as_str() {
        return reference
            .rsplit('/')
            .next()
            .unwrap_or(reference)
            .to_string();
    }
    if let Some(parts) = schema["oneOf"].as_array().or(schema["allOf"].as_array()) {
        let names: Vec<String> = parts.iter().map(type_name).collect();
        return names.join(" or ");
    }
    if let Some(values) = schema["enum"].as_array() {
        let values: Vec<String> = values.iter().map(|v| v.to_string()).collect();
        return format!("one of {}", values.join(", "));
    }
    let types: Vec<String> = match &schema["type"] {
        Value::String(one) => vec![one.clone()],
        Value::Array(many) => many.iter().map(text).collect(),
        _ => Vec::new(),
    };
    let mut words: Vec<String> = types
        .iter()
        .map(|kind| match kind.as_str() {
            "array" => format!("array of {}", type_name(&schema["items"])),
            _ => kind.clone(),
        })
        .collect();
    if let Some(format) = schema["format"].as_str() {
        words
            .iter_mut()
            .take(1)
            .for_each(|word| *word = format!("{word} ({format})"));
    }
    words.join(" or ")
}

/// A handler's summary without the "`GET /path`: " it starts with (the page shows the route
/// in the heading already), first letter capitalised.
fn without_route(summary: &str) -> String {
    let rest = match summary.strip_prefix('`') {
        Some(quoted) => quoted.split_once("`: ").map_or(summary, |(_, rest)| rest),
        None => summary,
    };
    let mut chars = rest.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn text(value: &Value) -> String {
    value.as_str().unwrap_or_default().to_string()
}

fn list(value: &Value) -> Vec<Value> {
    value.as_array().cloned().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summaries_lose_the_route_that_the_heading_shows() {
        assert_eq!(
            without_route("`GET /api/v1/cart`: extracts the token's user; answers their cart."),
            "Extracts the token's user; answers their cart."
        );
        assert_eq!(without_route("plain words"), "Plain words");
        assert_eq!(without_route(""), "");
    }

    #[test]
    fn schemas_are_named_in_a_few_words() {
        let reference = serde_json::json!({"$ref": "#/components/schemas/Price"});
        let nullable = serde_json::json!({"type": ["string", "null"]});
        let list = serde_json::json!({"type": "array", "items": {"$ref": "#/components/schemas/CartLineBody"}});

        assert_eq!(type_name(&reference), "Price");
        assert_eq!(type_name(&nullable), "string or null");
        assert_eq!(type_name(&list), "array of CartLineBody");
    }
}

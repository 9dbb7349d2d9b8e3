//! The OpenAPI document at `/api/v1/openapi.json` and the page that shows it: generated
//! from the handlers, so these tests check that it names every route, the bearer scheme and
//! the problem type, and that the page renders it.

use reqwest::StatusCode;

use super::helpers::get;
use crate::helpers::spawn_app;

#[tokio::test]
async fn the_document_is_openapi_3_1_and_lists_every_endpoint() {
    let app = spawn_app().await;

    let doc = get(&app, "/api/v1/openapi.json", None).await;

    assert_eq!(doc.status, StatusCode::OK);
    assert_eq!(doc.json["openapi"], "3.1.0");
    let expected = [
        ("/api/v1/products", "get"),
        ("/api/v1/products/{slug}", "get"),
        ("/api/v1/categories", "get"),
        ("/api/v1/cart", "get"),
        ("/api/v1/cart/items", "post"),
        ("/api/v1/cart/items/{product_id}", "patch"),
        ("/api/v1/cart/items/{product_id}", "delete"),
        ("/api/v1/checkout", "post"),
        ("/api/v1/orders", "get"),
        ("/api/v1/orders/{number}", "get"),
    ];
    for (path, method) in expected {
        let operation = &doc.json["paths"][path][method];
        assert!(operation.is_object(), "{method} {path}");
        let personal =
            !path.starts_with("/api/v1/products") && !path.starts_with("/api/v1/categories");
        assert_eq!(
            operation["security"].is_array(),
            personal,
            "{method} {path}"
        );
    }
    assert_eq!(
        doc.json["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
    assert!(doc.json["components"]["schemas"]["Problem"]["properties"]["type"].is_object());
}

#[tokio::test]
async fn the_docs_page_renders_the_document_without_scripts() {
    let app = spawn_app().await;

    let html = app.get_html("/api/v1/docs").await;

    assert!(html.contains("<code>POST /api/v1/checkout</code>"));
    assert!(html.contains("Idempotency-Key (header)"));
    assert!(html.contains("id=\"schema-CheckoutBody\""));
    assert!(html.contains("/api/v1/problems/out-of-stock"));
    assert!(!html.contains("<script"));
}

#[tokio::test]
async fn a_problem_type_uri_leads_to_its_explanation() {
    let app = spawn_app().await;

    let known = app.get("/api/v1/problems/out-of-stock").await;
    let unknown = get(&app, "/api/v1/problems/nonsense", None).await;

    assert_eq!(known.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        known.headers().get("location").map(|v| v.as_bytes()),
        Some(&b"/api/v1/docs#problem-out-of-stock"[..])
    );
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
}

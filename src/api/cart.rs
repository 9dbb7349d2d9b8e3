//! The token holder's cart: `GET /api/v1/cart`, `POST /api/v1/cart/items`,
//! `PATCH /api/v1/cart/items/{product_id}` and `DELETE /api/v1/cart/items/{product_id}`.
//!
//! It is the same cart the user sees on `/cart` after logging in (the one
//! `services::cart::find_cart` finds for the user), read and changed through the same service
//! functions as the page (`services::cart::lines`, `add_item`, `change_line`), so the stock
//! and quantity rules cannot differ. Every change answers the whole cart, as `GET` would.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api::auth::BearerUser;
use crate::api::price::Price;
use crate::api::problem::{ApiResult, Problem, ProblemBody};
use crate::db::{self, DbConn, DbPool};
use crate::domain::{CartQuantity, Quantity};
use crate::error::AppResult;
use crate::models::CartLine;
use crate::services::cart as cart_rules;

/// A line of the cart.
#[derive(Debug, Serialize, ToSchema)]
pub struct CartLineBody {
    /// The product in this line; use it in `/api/v1/cart/items/{product_id}`.
    pub product_id: i32,
    /// The product's name in URLs.
    pub slug: String,
    /// The name shoppers see.
    pub name: String,
    /// Today's price of one unit.
    pub unit_price: Price,
    /// Units in the cart.
    pub quantity: i32,
    /// `unit_price` times `quantity`.
    pub line_total: Price,
}

/// The cart, with totals from today's prices.
#[derive(Debug, Serialize, ToSchema)]
pub struct CartBody {
    /// The cart's lines, in the order they were added.
    pub items: Vec<CartLineBody>,
    /// Units over all lines.
    pub item_count: i32,
    /// What the cart costs at today's prices, VAT included.
    pub total: Price,
}

impl CartBody {
    /// The user's cart as it is now (empty when they have none yet).
    fn load(conn: &mut DbConn, user_id: i32) -> AppResult<CartBody> {
        let lines = cart_rules::lines(conn, None, Some(user_id))?;
        Ok(CartBody {
            item_count: lines.iter().map(|line| line.quantity).sum(),
            total: lines
                .iter()
                .map(CartLine::line_total)
                .sum::<crate::domain::Money>()
                .into(),
            items: lines
                .into_iter()
                .map(|line| CartLineBody {
                    line_total: line.line_total().into(),
                    product_id: line.product.id,
                    unit_price: line.product.price().into(),
                    slug: line.product.slug,
                    name: line.product.name,
                    quantity: line.quantity,
                })
                .collect(),
        })
    }
}

/// `GET /api/v1/cart`: extracts the token's user; answers their cart.
#[utoipa::path(
    get,
    path = "/api/v1/cart",
    operation_id = "get_cart",
    tag = "cart",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The cart", body = CartBody),
        (status = 401, description = "No valid token", body = ProblemBody, content_type = "application/problem+json"),
        (status = 429, description = "Too many wrong tokens from this address", body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn show(
    BearerUser(user): BearerUser,
    pool: web::Data<DbPool>,
) -> ApiResult<web::Json<CartBody>> {
    let cart = db::run(&pool, move |conn| CartBody::load(conn, user.id)).await?;
    Ok(web::Json(cart))
}

/// What to add to the cart.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AddItemBody {
    /// The product to add (its `id` in the catalog).
    #[schema(example = 1)]
    pub product_id: i32,
    /// Units to add to what is in the cart already: 1 to 99.
    #[schema(minimum = 1, maximum = 99)]
    pub quantity: i64,
}

/// `POST /api/v1/cart/items`: extracts `{product_id, quantity}`; adds to the line (made if
/// new) and answers the cart (201), or 404 for a product not for sale, or 422 when the
/// quantity is out of range or more than the stock.
#[utoipa::path(
    post,
    path = "/api/v1/cart/items",
    operation_id = "add_cart_item",
    tag = "cart",
    security(("bearer" = [])),
    request_body = AddItemBody,
    responses(
        (status = 201, description = "Added; the whole cart", body = CartBody),
        (status = 400, description = "The body is not JSON", body = ProblemBody, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = ProblemBody, content_type = "application/problem+json"),
        (status = 429, description = "Too many wrong tokens from this address", body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, description = "No product with this id is for sale", body = ProblemBody, content_type = "application/problem+json"),
        (status = 413, description = "The body is too large", body = ProblemBody, content_type = "application/problem+json"),
        (status = 415, description = "The body is not application/json", body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, description = "A bad quantity, not enough stock, or an unknown field", body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn add_item(
    BearerUser(user): BearerUser,
    body: web::Json<AddItemBody>,
    pool: web::Data<DbPool>,
) -> ApiResult<HttpResponse> {
    let body = body.into_inner();
    let quantity =
        Quantity::from_number(body.quantity).map_err(|m| Problem::field("quantity", m))?;
    let cart = db::run(&pool, move |conn| {
        cart_rules::add_item(conn, None, Some(user.id), body.product_id, quantity)?;
        CartBody::load(conn, user.id)
    })
    .await?;
    Ok(HttpResponse::build(StatusCode::CREATED).json(cart))
}

/// A line's new quantity.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateItemBody {
    /// 0 to 99; 0 removes the line.
    #[schema(minimum = 0, maximum = 99)]
    pub quantity: i64,
}

/// `PATCH /api/v1/cart/items/{product_id}`: extracts `{quantity}`; sets the line's quantity
/// (0 removes it) and answers the cart, or 404 when the product is not in the cart, or 422.
#[utoipa::path(
    patch,
    path = "/api/v1/cart/items/{product_id}",
    operation_id = "update_cart_item",
    tag = "cart",
    security(("bearer" = [])),
    params(("product_id" = i32, Path, description = "The product's id", example = 1)),
    request_body = UpdateItemBody,
    responses(
        (status = 200, description = "Changed; the whole cart", body = CartBody),
        (status = 400, description = "The body is not JSON", body = ProblemBody, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = ProblemBody, content_type = "application/problem+json"),
        (status = 429, description = "Too many wrong tokens from this address", body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, description = "The product is not in the cart", body = ProblemBody, content_type = "application/problem+json"),
        (status = 415, description = "The body is not application/json", body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, description = "A bad quantity, not enough stock, or an unknown field", body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn update_item(
    BearerUser(user): BearerUser,
    product_id: web::Path<i32>,
    body: web::Json<UpdateItemBody>,
    pool: web::Data<DbPool>,
) -> ApiResult<web::Json<CartBody>> {
    let quantity =
        CartQuantity::from_number(body.quantity).map_err(|m| Problem::field("quantity", m))?;
    let product_id = product_id.into_inner();
    let cart = db::run(&pool, move |conn| {
        cart_rules::change_line(conn, None, Some(user.id), product_id, quantity)?;
        CartBody::load(conn, user.id)
    })
    .await?;
    Ok(web::Json(cart))
}

/// `DELETE /api/v1/cart/items/{product_id}`: removes the line and answers the cart, or 404
/// when the product is not in the cart.
#[utoipa::path(
    delete,
    path = "/api/v1/cart/items/{product_id}",
    operation_id = "remove_cart_item",
    tag = "cart",
    security(("bearer" = [])),
    params(("product_id" = i32, Path, description = "The product's id", example = 1)),
    responses(
        (status = 200, description = "Removed; the whole cart", body = CartBody),
        (status = 401, description = "No valid token", body = ProblemBody, content_type = "application/problem+json"),
        (status = 429, description = "Too many wrong tokens from this address", body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, description = "The product is not in the cart", body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn remove_item(
    BearerUser(user): BearerUser,
    product_id: web::Path<i32>,
    pool: web::Data<DbPool>,
) -> ApiResult<web::Json<CartBody>> {
    let product_id = product_id.into_inner();
    let cart = db::run(&pool, move |conn| {
        cart_rules::change_line(conn, None, Some(user.id), product_id, CartQuantity::ZERO)?;
        CartBody::load(conn, user.id)
    })
    .await?;
    Ok(web::Json(cart))
}

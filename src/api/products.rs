//! The public catalog: `GET /api/v1/products` (search, category, sort, pages by cursor),
//! `GET /api/v1/products/{slug}` and `GET /api/v1/categories`. No token needed.
//!
//! The list answers the same question as the catalog page (`routes::products::index`), with
//! the same parameter names and the same rules (`search_words`, `ProductSort::or_default`),
//! but pages by cursor (`models::product_keyset`) and is strict: an unknown sort or category
//! is a 422 here, where the page quietly shows the default.

use actix_web::web;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::api::price::Price;
use crate::api::problem::{ApiResult, Problem, ProblemBody};
use crate::db::{self, DbConn, DbPool};
use crate::domain::{CatalogCursor, FormErrors, ProductSort};
use crate::error::AppResult;
use crate::models::product_search::search_words;
use crate::models::{Category, KeysetQuery, Product, ProductListing, product_keyset};

/// Products per page unless `limit` says otherwise.
const DEFAULT_LIMIT: i64 = 20;
/// The most products one page may hold.
const MAX_LIMIT: i64 = 100;

/// The sort orders, as `sort` spells them (the catalog page's own values). Only the OpenAPI
/// document uses this type; the handler reads `sort` as text, to answer an unknown value
/// with a problem that names the known ones.
#[derive(ToSchema)]
#[schema(rename_all = "kebab-case")]
pub enum SortParam {
    /// By name (the default).
    Name,
    /// Cheapest first.
    Price,
    /// Dearest first.
    PriceDesc,
    /// Most recently added first (the default of a search).
    Newest,
}

/// The list's query parameters; all optional. A parameter the API does not know is
/// refused, as unknown body fields are: `?limt=5` is a typo worth hearing about.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ProductsQuery {
    /// Search words, as in the catalog's search box.
    q: Option<String>,
    /// A category's slug.
    category: Option<String>,
    /// The order; without it, by name (newest first when searching).
    #[param(value_type = Option<SortParam>)]
    sort: Option<String>,
    /// `next_cursor` of the previous page; absent for the first page.
    cursor: Option<String>,
    /// Products per page, 1 to 100 (default 20).
    #[param(minimum = 1, maximum = 100)]
    limit: Option<i64>,
}

/// A product in a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProductSummary {
    /// The product's id, as `product_id` in the cart's requests.
    pub id: i32,
    /// The product's name in URLs: `/api/v1/products/{slug}`.
    pub slug: String,
    /// The name shoppers see.
    pub name: String,
    /// The price of one unit, VAT included.
    pub price: Price,
    /// Units in stock now.
    pub stock: i32,
    /// The slug of the product's category.
    pub category: String,
    /// A 400×300 picture for lists, relative to the shop.
    pub thumbnail_url: String,
}

/// One page of products.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProductPage {
    /// The products of this page, in the order asked for.
    pub items: Vec<ProductSummary>,
    /// Pass as `cursor` to get the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

/// `GET /api/v1/products`: extracts the query; answers one page of active products, or a
/// 422 problem for an unknown sort or category, a bad cursor or a limit out of range.
#[utoipa::path(
    get,
    path = "/api/v1/products",
    operation_id = "list_products",
    tag = "catalog",
    params(ProductsQuery),
    responses(
        (status = 200, description = "One page of products", body = ProductPage),
        (status = 422, description = "A parameter is invalid", body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn index(
    params: web::Query<ProductsQuery>,
    pool: web::Data<DbPool>,
) -> ApiResult<web::Json<ProductPage>> {
    let params = params.into_inner();
    let page = db::run(&pool, move |conn| Ok(list(conn, params))).await??;
    Ok(web::Json(page))
}

/// Parses the parameters and reads the page (inside `db::run`: the category is looked up).
fn list(conn: &mut DbConn, params: ProductsQuery) -> ApiResult<ProductPage> {
    let categories = Category::all(conn)?;
    let mut errors = FormErrors::new();
    let q = params.q.unwrap_or_default();
    let sort = errors.check(
        "sort",
        ProductSort::parse(params.sort.as_deref().unwrap_or("")),
    );
    let sort = ProductSort::or_default(sort.flatten(), !q.trim().is_empty());
    let category_id = match params.category.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(slug) => match categories.iter().find(|c| c.slug == slug) {
            Some(category) => Some(category.id),
            None => {
                errors.add("category", "There is no category with this slug.");
                None
            }
        },
    };
    let after = match params.cursor.as_deref() {
        None | Some("") => None,
        Some(text) => errors.check("cursor", CatalogCursor::parse(text, sort)),
    };
    let limit = params.limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        errors.add("limit", format!("Use a number from 1 to {MAX_LIMIT}."));
    }
    if !errors.is_empty() {
        return Err(Problem::validation(&errors));
    }
    let query = KeysetQuery {
        words: search_words(&q),
        category_id,
        sort,
        after,
        // One more than asked for: if it comes back, there is a next page.
        limit: limit + 1,
    };
    let mut rows = product_keyset::page(conn, &query)?;
    let next_cursor = (rows.len() as i64 > limit).then(|| {
        rows.truncate(limit as usize);
        rows.last()
            .map(|last| CatalogCursor::after(sort, last.id, &last.name, last.price_cents))
            .map(|cursor| cursor.encode(sort))
    });
    Ok(ProductPage {
        items: rows.iter().map(|row| summary(row, &categories)).collect(),
        next_cursor: next_cursor.flatten(),
    })
}

fn summary(row: &ProductListing, categories: &[Category]) -> ProductSummary {
    let category = categories.iter().find(|c| c.id == row.category_id);
    ProductSummary {
        id: row.id,
        slug: row.slug.clone(),
        name: row.name.clone(),
        price: crate::domain::Money::from_cents(row.price_cents).into(),
        stock: row.stock,
        category: category.map(|c| c.slug.clone()).unwrap_or_default(),
        thumbnail_url: row.thumbnail_url(),
    }
}

/// A product with everything its page shows.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProductDetail {
    /// The product's id, as `product_id` in the cart's requests.
    pub id: i32,
    /// The product's name in URLs.
    pub slug: String,
    /// The name shoppers see.
    pub name: String,
    /// The product's description, as plain text.
    pub description: String,
    /// The price of one unit, VAT included.
    pub price: Price,
    /// Units in stock now.
    pub stock: i32,
    /// The category the product is listed in.
    pub category: CategoryBody,
    /// The full-size picture (at most 1600 px), relative to the shop.
    pub image_url: String,
    /// A 400×300 picture for lists, relative to the shop.
    pub thumbnail_url: String,
}

/// `GET /api/v1/products/{slug}`: extracts the slug; answers the active product with this
/// slug, or 404.
#[utoipa::path(
    get,
    path = "/api/v1/products/{slug}",
    operation_id = "get_product",
    tag = "catalog",
    params(("slug" = String, Path, description = "The product's slug", example = "stoneware-coffee-mug")),
    responses(
        (status = 200, description = "The product", body = ProductDetail),
        (status = 404, description = "No active product has this slug", body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn show(
    slug: web::Path<String>,
    pool: web::Data<DbPool>,
) -> ApiResult<web::Json<ProductDetail>> {
    let slug = slug.into_inner();
    let detail = db::run(&pool, move |conn| {
        let product = Product::find_active_by_slug(conn, &slug)?;
        let category = Category::find(conn, product.category_id)?;
        Ok(ProductDetail {
            id: product.id,
            price: product.price().into(),
            image_url: product.image_url(),
            thumbnail_url: product.thumbnail_url(),
            category: CategoryBody::from(&category),
            stock: product.stock,
            description: product.description,
            name: product.name,
            slug: product.slug,
        })
    })
    .await?;
    Ok(web::Json(detail))
}

/// A category.
#[derive(Debug, Serialize, ToSchema)]
pub struct CategoryBody {
    /// The category's name in URLs, and the `category` filter of `/api/v1/products`.
    pub slug: String,
    /// The name shoppers see.
    pub name: String,
    /// A sentence about the category, as plain text.
    pub description: String,
    /// How many active products it holds.
    pub product_count: i32,
}

impl From<&Category> for CategoryBody {
    fn from(category: &Category) -> CategoryBody {
        CategoryBody {
            slug: category.slug.clone(),
            name: category.name.clone(),
            description: category.description.clone(),
            product_count: category.product_count,
        }
    }
}

/// Every category, in the menu's order.
#[derive(Debug, Serialize, ToSchema)]
pub struct CategoryList {
    /// Every category, in the shop's menu order.
    pub items: Vec<CategoryBody>,
}

/// `GET /api/v1/categories`: answers every category in the menu's order.
#[utoipa::path(
    get,
    path = "/api/v1/categories",
    operation_id = "list_categories",
    tag = "catalog",
    responses((status = 200, description = "Every category", body = CategoryList))
)]
pub async fn categories(pool: web::Data<DbPool>) -> ApiResult<web::Json<CategoryList>> {
    let categories: AppResult<Vec<Category>> =
        db::run(&pool, |conn| Ok(Category::all(conn)?)).await;
    let items = categories?.iter().map(CategoryBody::from).collect();
    Ok(web::Json(CategoryList { items }))
}

//! The catalog: `GET /` (home), `GET /products` (search, filter, sort, pages),
//! `GET /categories/{slug}` and `GET /products/{slug}`.
//!
//! Here live the pages and how the query string becomes a `models::CatalogQuery`; the search
//! itself (words, sort, count) is `models::product_search`, the recommendations
//! `services::recommendations`. The product page is also shown by `routes::cart` when a
//! quantity is refused; `api::products` answers the same catalog as JSON; the admin edits
//! it in `routes::admin::products`.

use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::config::Config;
use crate::db::{self, DbConn, DbPool};
use crate::domain::{FormErrors, ProductSort};
use crate::error::AppResult;
use crate::layout::Layout;
use crate::models::product_search::search_words;
use crate::models::{CATALOG_PAGE_SIZE, CatalogQuery, Category, Product, ProductCard};
use crate::routes::render;
use crate::services::recommendations::{self, RECOMMENDATIONS_SHOWN, Recommendation};
use crate::services::wishlist::WishlistButton;
use crate::session::{ShopSession, Visitor};

mod pagination;

use pagination::{PageLink, Pagination, result_count};

/// How many featured products the home page shows.
const FEATURED_ON_HOME: i64 = 8;

#[derive(Template)]
#[template(path = "products/home.html")]
struct HomePage {
    layout: Layout,
    featured: Vec<ProductCard>,
    categories: Vec<Category>,
    /// The products this browser viewed last, newest first.
    recently_viewed: Vec<ProductCard>,
    /// "You might like", from a logged-in customer's own orders.
    you_might_like: Vec<Recommendation>,
}

/// `GET /`: extracts the session; renders featured products, the categories and the
/// products viewed last and, for a logged-in customer, what they might like.
pub async fn home(
    session: ShopSession,
    pool: web::Data<DbPool>,
    config: web::Data<Config>,
) -> AppResult<HttpResponse> {
    let visitor = session.visitor()?;
    let viewed_ids = session.recently_viewed()?;
    let min_customers = config.recommendation_min_customers;
    let page = db::run(&pool, move |conn| {
        let you_might_like = match visitor.user_id {
            Some(user_id) => recommendations::for_customer(conn, user_id, min_customers)?,
            None => Vec::new(),
        };
        Ok(HomePage {
            layout: Layout::load(conn, &visitor)?,
            featured: Product::featured(conn, FEATURED_ON_HOME)?,
            categories: Category::all(conn)?,
            recently_viewed: recently_viewed(conn, &viewed_ids)?,
            you_might_like,
        })
    })
    .await?;
    render(&page)
}

/// The cards of the recently viewed products; no query when there are none.
fn recently_viewed(conn: &mut DbConn, ids: &[i32]) -> AppResult<Vec<ProductCard>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(Product::cards_in_order(conn, ids)?)
}

/// The catalog's query string; every field is optional text, parsed leniently.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CatalogParams {
    q: String,
    category: String,
    sort: String,
    page: String,
}

#[derive(Template)]
#[template(path = "products/index.html")]
struct CatalogPage {
    layout: Layout,
    title: String,
    categories: Vec<Category>,
    current_category: Option<Category>,
    products: Vec<ProductCard>,
    search: String,
    sort: ProductSort,
    sorts: [ProductSort; 4],
    result_count: String,
    page_links: Vec<PageLink>,
    previous_url: Option<String>,
    next_url: Option<String>,
    form_action: String,
}

/// `GET /products?q=&category=&sort=&page=`: extracts the query; renders one catalog page.
pub async fn index(
    params: web::Query<CatalogParams>,
    session: ShopSession,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    let visitor = session.visitor()?;
    let params = params.into_inner();
    let page = db::run(&pool, move |conn| {
        let category = match params.category.trim() {
            "" => None,
            slug => Some(Category::find_by_slug(conn, slug)?),
        };
        catalog_page(conn, &visitor, params, category, "/products")
    })
    .await?;
    render(&page)
}

/// `GET /categories/{slug}`: extracts the slug and query; renders the category's products,
/// or 404 for an unknown slug.
pub async fn category(
    slug: web::Path<String>,
    params: web::Query<CatalogParams>,
    session: ShopSession,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    let visitor = session.visitor()?;
    let (slug, params) = (slug.into_inner(), params.into_inner());
    let page = db::run(&pool, move |conn| {
        let category = Category::find_by_slug(conn, &slug)?;
        let base = format!("/categories/{}", category.slug);
        catalog_page(conn, &visitor, params, Some(category), &base)
    })
    .await?;
    render(&page)
}

fn catalog_page(
    conn: &mut DbConn,
    visitor: &Visitor,
    params: CatalogParams,
    category: Option<Category>,
    base_path: &str,
) -> AppResult<CatalogPage> {
    let query = CatalogQuery {
        words: search_words(&params.q),
        category_id: category.as_ref().map(|c| c.id),
        // The page is lenient where the API is strict: an unknown sort shows the default.
        sort: ProductSort::or_default(
            ProductSort::parse(&params.sort).unwrap_or(Some(ProductSort::Name)),
            !params.q.trim().is_empty(),
        ),
        page: params.page.trim().parse::<i64>().unwrap_or(1).max(1),
    };
    let categories = Category::all(conn)?;
    let (products, total) = Product::search(conn, &query, &categories)?;
    let links = Pagination::new(base_path, &params);
    let page_count = (total + CATALOG_PAGE_SIZE - 1) / CATALOG_PAGE_SIZE;
    let title = match (&category, params.q.trim()) {
        (Some(category), "") => category.name.clone(),
        (_, "") => "All products".to_string(),
        (_, q) => format!("Results for “{q}”"),
    };
    Ok(CatalogPage {
        layout: Layout::load(conn, visitor)?,
        title,
        categories,
        page_links: links.window(query.page, page_count),
        previous_url: (query.page > 1).then(|| links.url(query.page - 1)),
        next_url: (query.page < page_count).then(|| links.url(query.page + 1)),
        current_category: category,
        products,
        search: params.q.trim().to_string(),
        sort: query.sort,
        sorts: ProductSort::ALL,
        result_count: result_count(total, !query.words.is_empty()),
        form_action: base_path.to_string(),
    })
}

/// The product page; also rendered by `cart::add_item` when the quantity is refused.
#[derive(Template)]
#[template(path = "products/show.html")]
pub struct ProductPage {
    layout: Layout,
    product: Product,
    category: Category,
    quantity: String,
    errors: FormErrors,
    /// Log in to save, "Save to wishlist", or "On your wishlist".
    wishlist: WishlistButton,
    /// "Customers who bought this also bought" (empty on the refused-quantity page).
    recommendations: Vec<Recommendation>,
}

impl ProductPage {
    /// Loads the product page, with the add-to-cart form holding `quantity` and `errors`.
    pub fn load(
        conn: &mut DbConn,
        visitor: &Visitor,
        product: Product,
        quantity: String,
        errors: FormErrors,
    ) -> AppResult<ProductPage> {
        Ok(ProductPage {
            layout: Layout::load(conn, visitor)?,
            category: Category::find(conn, product.category_id)?,
            wishlist: WishlistButton::for_visitor(conn, visitor.user_id, product.id)?,
            product,
            quantity,
            errors,
            recommendations: Vec::new(),
        })
    }

    /// Adds the recommendations for this product (see `services::recommendations`).
    fn with_recommendations(mut self, conn: &mut DbConn, min_customers: i64) -> AppResult<Self> {
        self.recommendations = recommendations::bought_with(
            conn,
            &[self.product.id],
            &self.category,
            min_customers,
            RECOMMENDATIONS_SHOWN,
        )?;
        Ok(self)
    }
}

/// `GET /products/{slug}`: extracts the slug; renders the product page with its
/// recommendations and remembers it as viewed, or 404 for unknown and inactive products.
pub async fn show(
    slug: web::Path<String>,
    session: ShopSession,
    pool: web::Data<DbPool>,
    config: web::Data<Config>,
) -> AppResult<HttpResponse> {
    let visitor = session.visitor()?;
    let slug = slug.into_inner();
    let min_customers = config.recommendation_min_customers;
    let page = db::run(&pool, move |conn| {
        let product = Product::find_active_by_slug(conn, &slug)?;
        ProductPage::load(conn, &visitor, product, "1".into(), FormErrors::new())?
            .with_recommendations(conn, min_customers)
    })
    .await?;
    session.remember_viewed(page.product.id)?;
    render(&page)
}

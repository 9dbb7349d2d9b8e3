//! Admin products: list, create, edit, and delete (or deactivate, once a product has been
//! ordered: order lines keep pointing at it).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::csrf::{CsrfForm, NoFields};
use crate::db::{self, DbPool};
use crate::domain::{FormErrors, Money, RequiredText, Slug};
use crate::error::{AppError, AppResult};
use crate::layout::Layout;
use crate::models::{Category, Product, ProductChanges};
use crate::routes::{render, render_with_status, see_other};
use crate::services::catalog;
use crate::session::{FlashKind, ShopSession, Visitor};

/// The most units an admin may put in stock at once.
const MAX_STOCK: i32 = 1_000_000;

/// Products per page of the admin list: a shop may have thousands, and the page must stay light.
const ADMIN_PAGE_SIZE: i64 = 50;

/// `?page=` on the product list (from 1; anything else shows the first page).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PageQuery {
    page: String,
}

impl PageQuery {
    /// The page asked for, from 1; a missing, malformed or absurd number gives a page that
    /// exists or is empty, never an overflow.
    fn number(&self) -> i64 {
        let last_possible = i64::MAX / ADMIN_PAGE_SIZE;
        self.page
            .trim()
            .parse::<i64>()
            .unwrap_or(1)
            .clamp(1, last_possible)
    }
}

#[derive(Template)]
#[template(path = "admin/products/index.html")]
struct ProductsPage {
    layout: Layout,
    products: Vec<Product>,
    page: i64,
    has_next: bool,
}

/// `GET /admin/products?page=`: renders one page of products, active or not, by name.
pub async fn index(
    query: web::Query<PageQuery>,
    session: ShopSession,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    let visitor = session.visitor()?;
    let page = query.number();
    let page = db::run(&pool, move |conn| {
        let offset = (page - 1) * ADMIN_PAGE_SIZE;
        // One row more than the page shows tells whether a next page exists, without a count.
        let mut products = Product::page_for_admin(conn, offset, ADMIN_PAGE_SIZE + 1)?;
        let has_next = products.len() as i64 > ADMIN_PAGE_SIZE;
        products.truncate(ADMIN_PAGE_SIZE as usize);
        Ok(ProductsPage {
            layout: Layout::load(conn, &visitor)?,
            products,
            page,
            has_next,
        })
    })
    .await?;
    render(&page)
}

/// The product form (new and edit). Checkboxes are absent from the body when unticked,
/// hence the empty-string defaults.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct ProductForm {
    name: String,
    slug: String,
    description: String,
    price: String,
    stock: String,
    /// The stock the edit form showed (hidden), to notice sales made while it was open.
    stock_was: String,
    category_id: String,
    active: String,
    featured: String,
}

impl ProductForm {
    /// The form filled with a product's current values.
    fn from_product(product: &Product) -> ProductForm {
        ProductForm {
            name: product.name.clone(),
            slug: product.slug.clone(),
            description: product.description.clone(),
            price: product.price().to_plain(),
            stock: product.stock.to_string(),
            stock_was: product.stock.to_string(),
            category_id: product.category_id.to_string(),
            active: if product.active {
                "on".into()
            } else {
                String::new()
            },
            featured: if product.featured {
                "on".into()
            } else {
                String::new()
            },
        }
    }

    /// Parses every field; an empty slug is made from the name.
    /// The picture is not part of the form: `catalog::save_product` keeps the current one.
    fn parse(&self) -> Result<ProductChanges, FormErrors> {
        let mut errors = FormErrors::new();
        let name = errors.check("name", RequiredText::parse(&self.name, "a name", 120));
        let slug = match self.slug.trim() {
            "" => errors.check("slug", Slug::from_name(&self.name)),
            typed => errors.check("slug", Slug::parse(typed)),
        };
        let price = errors.check("price", Money::parse(&self.price));
        let stock = errors.check("stock", parse_stock(&self.stock));
        let category_id = errors.check(
            "category_id",
            self.category_id
                .trim()
                .parse::<i32>()
                .map_err(|_| "Choose a category.".to_string()),
        );
        if self.description.chars().count() > 5000 {
            errors.add("description", "Use at most 5000 characters.");
        }
        match (name, slug, price, stock, category_id) {
            (Some(name), Some(slug), Some(price), Some(stock), Some(category_id))
                if errors.is_empty() =>
            {
                Ok(ProductChanges {
                    slug: slug.as_str().to_string(),
                    name: name.into_inner(),
                    description: self.description.trim().to_string(),
                    price_cents: price.cents(),
                    stock,
                    category_id,
                    active: !self.active.is_empty(),
                    featured: !self.featured.is_empty(),
                    image_path: None,
                })
            }
            _ => Err(errors),
        }
    }
}

fn parse_stock(input: &str) -> Result<i32, String> {
    match input.trim().parse::<i32>() {
        Ok(n) if (0..=MAX_STOCK).contains(&n) => Ok(n),
        _ => Err(format!("Enter a whole number from 0 to {MAX_STOCK}.")),
    }
}

#[derive(Template)]
#[template(path = "admin/products/form.html")]
struct ProductFormPage {
    layout: Layout,
    /// `None` for a new product.
    product: Option<Product>,
    form: ProductForm,
    errors: FormErrors,
    categories: Vec<Category>,
}

impl ProductFormPage {
    fn action(&self) -> String {
        match &self.product {
            Some(product) => format!("/admin/products/{}", product.id),
            None => "/admin/products".to_string(),
        }
    }
}

async fn form_page(
    visitor: Visitor,
    pool: &DbPool,
    product_id: Option<i32>,
    form: Option<ProductForm>,
    errors: FormErrors,
) -> AppResult<ProductFormPage> {
    db::run(pool, move |conn| {
        let product = product_id.map(|id| Product::find(conn, id)).transpose()?;
        // A form shown again carries the stock as it is now, so saving it again is accepted.
        let form = form.map(|form| ProductForm {
            stock_was: product
                .as_ref()
                .map(|p| p.stock.to_string())
                .unwrap_or_default(),
            ..form
        });
        let form = form.unwrap_or_else(|| {
            product
                .as_ref()
                .map(ProductForm::from_product)
                .unwrap_or(ProductForm {
                    active: "on".into(),
                    ..ProductForm::default()
                })
        });
        Ok(ProductFormPage {
            layout: Layout::load(conn, &visitor)?,
            product,
            form,
            errors,
            categories: Category::all(conn)?,
        })
    })
    .await
}

/// `GET /admin/products/new`: renders an empty product form.
pub async fn new_form(session: ShopSession, pool: web::Data<DbPool>) -> AppResult<HttpResponse> {
    render(&form_page(session.visitor()?, &pool, None, None, FormErrors::new()).await?)
}

/// `GET /admin/products/{id}/edit`: renders the form filled with the product.
pub async fn edit_form(
    id: web::Path<i32>,
    session: ShopSession,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    render(
        &form_page(
            session.visitor()?,
            &pool,
            Some(id.into_inner()),
            None,
            FormErrors::new(),
        )
        .await?,
    )
}

/// `POST /admin/products`: creates the product and redirects to the list, or shows the
/// form again (422).
pub async fn create(
    form: CsrfForm<ProductForm>,
    session: ShopSession,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    save(None, form.0, session, pool).await
}

/// `POST /admin/products/{id}`: saves the edit and redirects to the list, or shows the form
/// again (422).
pub async fn update(
    id: web::Path<i32>,
    form: CsrfForm<ProductForm>,
    session: ShopSession,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    save(Some(id.into_inner()), form.0, session, pool).await
}

async fn save(
    id: Option<i32>,
    form: ProductForm,
    session: ShopSession,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    let submitted = form.clone();
    let saved = db::run(&pool, move |conn| {
        let stock_was = form.stock_was.trim().parse().ok();
        catalog::save_product(conn, id, form.parse()?, stock_was)
    })
    .await;
    match saved {
        Ok(product) => {
            session.notice(format!("Saved {}.", product.name))?;
            Ok(see_other("/admin/products"))
        }
        Err(AppError::Form(errors)) => {
            let page = form_page(session.visitor()?, &pool, id, Some(submitted), errors).await?;
            render_with_status(&page, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(other) => Err(other),
    }
}

/// `POST /admin/products/{id}/delete`: deletes a product that was never ordered; otherwise
/// explains that it can be deactivated instead. Redirects to the list.
pub async fn delete(
    id: web::Path<i32>,
    _form: CsrfForm<NoFields>,
    session: ShopSession,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let deleted = db::run(&pool, move |conn| catalog::delete_product(conn, id)).await;
    match deleted {
        Ok(product) => session.notice(format!("Deleted {}.", product.name))?,
        Err(AppError::Refused(message)) => session.flash(FlashKind::Error, message)?,
        Err(other) => return Err(other),
    }
    Ok(see_other("/admin/products"))
}

//! The admin's product form (new and edit): its fields, how they are parsed, and the page
//! that shows it, filled in, empty, or again with the messages beside the fields.
//!
//! `products` has the handlers that receive the form (`create`, `update`); the rules for the
//! product's own fields are `domain::ProductDetails`, shared with the CSV import.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::csrf::MultipartForm;
use crate::db::DbPool;
use crate::domain::{FormErrors, ProductDetails, ProductText};
use crate::error::AppResult;
use crate::layout::Layout;
use crate::models::{Category, Product, ProductChanges};
use crate::multipart::Limits;
use crate::pictures;
use crate::routes::{load_page, render, render_with_status};
use crate::session::ShopSession;

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
    pub(super) stock_was: String,
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

    /// Parses every field; an empty slug is made from the name. The picture is sent
    /// beside the fields: `image_path` is `None`, which keeps the current one.
    pub(super) fn parse(&self) -> Result<ProductChanges, FormErrors> {
        let mut errors = FormErrors::new();
        let text = ProductText {
            name: &self.name,
            slug: &self.slug,
            description: &self.description,
            price: &self.price,
            stock: &self.stock,
        };
        let details = ProductDetails::parse(text, &mut errors);
        let category_id = errors.check(
            "category_id",
            self.category_id
                .trim()
                .parse::<i32>()
                .map_err(|_| "Choose a category.".to_string()),
        );
        match (details, category_id) {
            (Some(details), Some(category_id)) if errors.is_empty() => {
                Ok(ProductChanges::from_details(
                    details,
                    category_id,
                    !self.active.is_empty(),
                    !self.featured.is_empty(),
                ))
            }
            _ => Err(errors),
        }
    }
}

impl MultipartForm for ProductForm {
    const LIMITS: Limits = Limits {
        file_bytes: pictures::MAX_UPLOAD_BYTES,
        // The description may hold 5000 characters of up to 4 bytes each.
        text_bytes: 32 * 1024,
    };
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
    session: &ShopSession,
    pool: &DbPool,
    product_id: Option<i32>,
    form: Option<ProductForm>,
    errors: FormErrors,
) -> AppResult<ProductFormPage> {
    load_page(session, pool, move |conn, layout| {
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
            layout,
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
    render(&form_page(&session, &pool, None, None, FormErrors::new()).await?)
}

/// `GET /admin/products/{id}/edit`: renders the form filled with the product.
pub async fn edit_form(
    id: web::Path<i32>,
    session: ShopSession,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    render(
        &form_page(
            &session,
            &pool,
            Some(id.into_inner()),
            None,
            FormErrors::new(),
        )
        .await?,
    )
}

/// The form shown again with the admin's input and the messages (422).
pub(super) async fn show_again(
    id: Option<i32>,
    form: ProductForm,
    errors: FormErrors,
    session: &ShopSession,
    pool: &DbPool,
) -> AppResult<HttpResponse> {
    let page = form_page(session, pool, id, Some(form), errors).await?;
    render_with_status(&page, StatusCode::UNPROCESSABLE_ENTITY)
}

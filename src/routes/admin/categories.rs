//! Admin categories: `GET /admin/categories` (the list with product counts), the form for a
//! new or an existing category (`…/new`, `…/{id}/edit`), saving it (`POST /admin/categories`,
//! `POST /admin/categories/{id}`) and `POST /admin/categories/{id}/delete`.
//!
//! Here live the form, how its text is parsed into `models::CategoryChanges`, and the pages.
//! The rules for saving and deleting (unique slug, no delete while a product is in the
//! category) are `services::catalog`; the queries are `models::Category`. Shoppers see the
//! categories through `routes::products`.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::csrf::{CsrfForm, NoFields};
use crate::db::{self, DbPool};
use crate::domain::{FormErrors, RequiredText, Slug};
use crate::error::{AppError, AppResult};
use crate::layout::Layout;
use crate::models::{Category, CategoryChanges};
use crate::routes::{load_page, render, render_with_status, see_other};
use crate::services::catalog;
use crate::session::{FlashKind, ShopSession};

#[derive(Template)]
#[template(path = "admin/categories/index.html")]
struct CategoriesPage {
    layout: Layout,
    categories: Vec<(Category, i64)>,
}

/// `GET /admin/categories`: renders the categories with their product counts.
pub async fn index(session: ShopSession, pool: web::Data<DbPool>) -> AppResult<HttpResponse> {
    let page = load_page(&session, &pool, move |conn, layout| {
        Ok(CategoriesPage {
            layout,
            categories: Category::all_with_product_counts(conn)?,
        })
    })
    .await?;
    render(&page)
}

/// The category form (new and edit).
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct CategoryForm {
    name: String,
    slug: String,
    description: String,
    position: String,
}

impl CategoryForm {
    fn from_category(category: &Category) -> CategoryForm {
        CategoryForm {
            name: category.name.clone(),
            slug: category.slug.clone(),
            description: category.description.clone(),
            position: category.position.to_string(),
        }
    }

    /// Parses every field; an empty slug is made from the name, an empty position is 0.
    fn parse(&self) -> Result<CategoryChanges, FormErrors> {
        let mut errors = FormErrors::new();
        let name = errors.check("name", RequiredText::parse(&self.name, "a name", 60));
        let slug = match self.slug.trim() {
            "" => errors.check("slug", Slug::from_name(&self.name)),
            typed => errors.check("slug", Slug::parse(typed)),
        };
        let position = match self.position.trim() {
            "" => Some(0),
            typed => errors.check(
                "position",
                typed
                    .parse::<i32>()
                    .map_err(|_| "Enter a whole number.".to_string()),
            ),
        };
        if self.description.chars().count() > 500 {
            errors.add("description", "Use at most 500 characters.");
        }
        match (name, slug, position) {
            (Some(name), Some(slug), Some(position)) if errors.is_empty() => Ok(CategoryChanges {
                slug: slug.as_str().to_string(),
                name: name.into_inner(),
                description: self.description.trim().to_string(),
                position,
            }),
            _ => Err(errors),
        }
    }
}

#[derive(Template)]
#[template(path = "admin/categories/form.html")]
struct CategoryFormPage {
    layout: Layout,
    /// `None` for a new category.
    category: Option<Category>,
    form: CategoryForm,
    errors: FormErrors,
}

impl CategoryFormPage {
    fn action(&self) -> String {
        match &self.category {
            Some(category) => format!("/admin/categories/{}", category.id),
            None => "/admin/categories".to_string(),
        }
    }
}

async fn form_page(
    session: &ShopSession,
    pool: &DbPool,
    id: Option<i32>,
    form: Option<CategoryForm>,
    errors: FormErrors,
) -> AppResult<CategoryFormPage> {
    load_page(session, pool, move |conn, layout| {
        let category = id.map(|id| Category::find(conn, id)).transpose()?;
        let form = form.unwrap_or_else(|| {
            category
                .as_ref()
                .map(CategoryForm::from_category)
                .unwrap_or_default()
        });
        Ok(CategoryFormPage {
            layout,
            category,
            form,
            errors,
        })
    })
    .await
}

/// `GET /admin/categories/new`: renders an empty category form.
pub async fn new_form(session: ShopSession, pool: web::Data<DbPool>) -> AppResult<HttpResponse> {
    render(&form_page(&session, &pool, None, None, FormErrors::new()).await?)
}

/// `GET /admin/categories/{id}/edit`: renders the form filled with the category.
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

/// `POST /admin/categories`: creates the category and redirects to the list, or shows the
/// form again (422).
pub async fn create(
    form: CsrfForm<CategoryForm>,
    session: ShopSession,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    save(None, form.0, session, pool).await
}

/// `POST /admin/categories/{id}`: saves the edit and redirects to the list, or shows the
/// form again (422).
pub async fn update(
    id: web::Path<i32>,
    form: CsrfForm<CategoryForm>,
    session: ShopSession,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    save(Some(id.into_inner()), form.0, session, pool).await
}

async fn save(
    id: Option<i32>,
    form: CategoryForm,
    session: ShopSession,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    let submitted = form.clone();
    let saved = db::run(&pool, move |conn| {
        catalog::save_category(conn, id, form.parse()?)
    })
    .await;
    match saved {
        Ok(category) => {
            session.notice(format!("Saved {}.", category.name))?;
            Ok(see_other("/admin/categories"))
        }
        Err(AppError::Form(errors)) => {
            let page = form_page(&session, &pool, id, Some(submitted), errors).await?;
            render_with_status(&page, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(other) => Err(other),
    }
}

/// `POST /admin/categories/{id}/delete`: deletes an empty category, or explains why not.
/// Redirects to the list.
pub async fn delete(
    id: web::Path<i32>,
    _form: CsrfForm<NoFields>,
    session: ShopSession,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let deleted = db::run(&pool, move |conn| catalog::delete_category(conn, id)).await;
    match deleted {
        Ok(category) => session.notice(format!("Deleted {}.", category.name))?,
        Err(AppError::Refused(message)) => session.flash(FlashKind::Error, message)?,
        Err(other) => return Err(other),
    }
    Ok(see_other("/admin/categories"))
}

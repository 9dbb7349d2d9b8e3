//! Admin products: list, create, edit, and delete (or deactivate, once a product has been
//! ordered: order lines keep pointing at it).
//!
//! The product form carries an optional picture, so it is sent as `multipart/form-data` and
//! read by `CsrfMultipart`. A picture is checked and encoded afresh (`pictures::process`)
//! together with the other fields; it is stored (`media::MediaStore`) only once every field
//! is valid, and removed again if saving the row fails. The files a product no longer uses
//! (a replaced picture, a deleted product's) are removed after the database has let go of
//! them. The form itself (fields, parsing, page) is in `product_form`; importing products
//! from a CSV file is in `product_import`.

use actix_web::{HttpResponse, web};
use askama::Template;

use crate::csrf::{CsrfForm, CsrfMultipart, NoFields};
use crate::db::{self, DbPool};
use crate::domain::FormErrors;
use crate::error::{AppError, AppResult};
use crate::layout::Layout;
use crate::media::MediaStore;
use crate::models::{Product, ProductChanges};
use crate::multipart::Upload;
use crate::pictures::{self, ProcessedPicture};
use crate::routes::admin::paging::{FETCH_PER_PAGE, PageQuery, one_page};
use crate::routes::admin::product_form::{ProductForm, show_again};
use crate::routes::{load_page, render, see_other};
use crate::services::catalog;
use crate::session::{FlashKind, ShopSession};

/// The message beside a good picture when other fields need fixing: a browser never fills a
/// file input in again.
const CHOOSE_AGAIN: &str = "Choose the picture again after fixing the other fields.";

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
    let (page, offset) = (query.number(), query.offset());
    let page = load_page(&session, &pool, move |conn, layout| {
        let rows = Product::page_for_admin(conn, offset, FETCH_PER_PAGE)?;
        let (products, has_next) = one_page(rows);
        Ok(ProductsPage {
            layout,
            products,
            page,
            has_next,
        })
    })
    .await?;
    render(&page)
}

/// `POST /admin/products`: creates the product (with its picture, if one was chosen) and
/// redirects to the list, or shows the form again (422). A picture over 5 MiB gets 413.
pub async fn create(
    form: CsrfMultipart<ProductForm>,
    session: ShopSession,
    pool: web::Data<DbPool>,
    media: web::Data<MediaStore>,
) -> AppResult<HttpResponse> {
    save(None, form, session, pool, media).await
}

/// `POST /admin/products/{id}`: saves the edit (a new picture replaces the old one) and
/// redirects to the list, or shows the form again (422).
pub async fn update(
    id: web::Path<i32>,
    form: CsrfMultipart<ProductForm>,
    session: ShopSession,
    pool: web::Data<DbPool>,
    media: web::Data<MediaStore>,
) -> AppResult<HttpResponse> {
    save(Some(id.into_inner()), form, session, pool, media).await
}

async fn save(
    id: Option<i32>,
    mut form: CsrfMultipart<ProductForm>,
    session: ShopSession,
    pool: web::Data<DbPool>,
    media: web::Data<MediaStore>,
) -> AppResult<HttpResponse> {
    let upload = form.take_file("picture");
    let sent_picture = upload.is_some();
    let form = form.fields;
    let stock_was = form.stock_was.trim().parse().ok();
    let saved = match parse_with_picture(&form, upload).await? {
        Ok((changes, picture)) => {
            save_with_picture(&pool, &media, id, changes, picture, stock_was).await
        }
        Err(errors) => Err(AppError::Form(errors)),
    };
    match saved {
        Ok(product) => {
            session.notice(format!("Saved {}.", product.name))?;
            Ok(see_other("/admin/products"))
        }
        Err(AppError::Form(mut errors)) => {
            // Kept only if the picture has no message of its own (the first one wins).
            if sent_picture {
                errors.add("picture", CHOOSE_AGAIN);
            }
            show_again(id, form, errors, &session, &pool).await
        }
        Err(other) => Err(other),
    }
}

/// Parses the fields and the picture together, so that the form comes back with every
/// message at once.
async fn parse_with_picture(
    form: &ProductForm,
    upload: Option<Upload>,
) -> AppResult<Result<(ProductChanges, Option<ProcessedPicture>), FormErrors>> {
    let picture = process_picture(upload).await?;
    Ok(match (form.parse(), picture) {
        (Ok(changes), Ok(picture)) => Ok((changes, picture)),
        (changes, picture) => {
            let mut errors = changes.err().unwrap_or_default();
            if let Err(message) = picture {
                errors.add("picture", message);
            }
            Err(errors)
        }
    })
}

/// Stores the picture (if any), then saves the row pointing at it; afterwards removes the
/// new files if the save failed, or the replaced ones if it worked. Files are written before
/// the row so that a saved row never points at a missing picture.
async fn save_with_picture(
    pool: &DbPool,
    media: &web::Data<MediaStore>,
    id: Option<i32>,
    mut changes: ProductChanges,
    picture: Option<ProcessedPicture>,
    stock_was: Option<i32>,
) -> AppResult<Product> {
    let new_image = match picture {
        Some(picture) => Some(store_picture(media, picture).await?),
        None => None,
    };
    changes.image_path = new_image.clone();
    let saved = db::run(pool, move |conn| {
        catalog::save_product(conn, id, changes, stock_was)
    })
    .await;
    let unused = match &saved {
        Ok(saved) => saved.replaced_image.clone(),
        Err(_) => new_image,
    };
    if let Some(image_path) = unused {
        remove_picture(media, image_path).await;
    }
    saved.map(|saved| saved.product)
}

/// Checks and encodes an uploaded picture on a blocking thread (it is heavy work for the
/// CPU); the inner error is the message for the picture field.
async fn process_picture(
    upload: Option<Upload>,
) -> AppResult<Result<Option<ProcessedPicture>, String>> {
    let Some(upload) = upload else {
        return Ok(Ok(None));
    };
    let processed = web::block(move || pictures::process(&upload.bytes)).await?;
    Ok(processed.map(Some))
}

/// Writes the picture's files into the media directory; gives the new `image_path`.
async fn store_picture(
    media: &web::Data<MediaStore>,
    picture: ProcessedPicture,
) -> AppResult<String> {
    let media = media.clone();
    web::block(move || media.save_picture(&picture))
        .await?
        .map_err(|error| AppError::Internal(format!("storing a picture failed: {error}")))
}

/// Deletes a picture's files (if they are media files, not the demo's static ones).
async fn remove_picture(media: &web::Data<MediaStore>, image_path: String) {
    let media = media.clone();
    if let Err(error) = web::block(move || media.remove_picture(&image_path)).await {
        tracing::warn!(%error, "removing a picture failed");
    }
}

/// `POST /admin/products/{id}/delete`: deletes a product that was never ordered, with its
/// uploaded picture; otherwise explains that it can be deactivated instead. Redirects to the
/// list.
pub async fn delete(
    id: web::Path<i32>,
    _form: CsrfForm<NoFields>,
    session: ShopSession,
    pool: web::Data<DbPool>,
    media: web::Data<MediaStore>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let deleted = db::run(&pool, move |conn| catalog::delete_product(conn, id)).await;
    match deleted {
        Ok(product) => {
            if let Some(image_path) = product.image_path {
                remove_picture(&media, image_path).await;
            }
            session.notice(format!("Deleted {}.", product.name))?
        }
        Err(AppError::Refused(message)) => session.flash(FlashKind::Error, message)?,
        Err(other) => return Err(other),
    }
    Ok(see_other("/admin/products"))
}

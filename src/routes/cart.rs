//! The cart: `GET /cart`, `POST /cart/items` (add), `POST /cart/items/{product_id}` (change
//! the quantity; 0 removes) and `POST /cart/items/{product_id}/delete`.
//!
//! Every POST here follows post/redirect/get (see `routes::see_other`): on success it stores
//! a flash message and answers 303, so the browser GETs the next page. When the input is
//! refused, the page is rendered again right away with status 422 and the message beside the
//! field, keeping what the shopper typed.
//!
//! The stock and quantity rules are `services::cart` (shared with `api::cart`); the
//! quantities are parsed by `domain::Quantity` and `CartQuantity`. Paying for the cart is
//! `routes::checkout`.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::config::Config;
use crate::csrf::{CsrfForm, NoFields};
use crate::db::{self, DbConn, DbPool};
use crate::domain::{CartQuantity, FormErrors, Money, Quantity};
use crate::error::{AppError, AppResult};
use crate::layout::Layout;
use crate::models::{CartLine, Product};
use crate::routes::products::ProductPage;
use crate::routes::{product_id_field, render, render_with_status, see_other};
use crate::services::cart as cart_rules;
use crate::services::recommendations::{self, Recommendation};
use crate::session::{ShopSession, Visitor};

#[derive(Template)]
#[template(path = "cart/show.html")]
struct CartPage {
    layout: Layout,
    lines: Vec<CartLine>,
    total: Money,
    /// The line whose quantity was refused, what was typed, and why.
    line_error: Option<LineError>,
    /// "Customers who bought this also bought", for the cart's products (empty on a
    /// re-rendered form).
    recommendations: Vec<Recommendation>,
}

struct LineError {
    product_id: i32,
    quantity: String,
    message: String,
}

impl CartPage {
    fn load(
        conn: &mut DbConn,
        visitor: &Visitor,
        line_error: Option<LineError>,
    ) -> AppResult<CartPage> {
        let lines = cart_rules::lines(conn, visitor.cart_id, visitor.user_id)?;
        Ok(CartPage {
            layout: Layout::load(conn, visitor)?,
            total: lines.iter().map(CartLine::line_total).sum(),
            lines,
            line_error,
            recommendations: Vec::new(),
        })
    }

    /// Adds the recommendations for the cart's products (see `services::recommendations`).
    fn with_recommendations(mut self, conn: &mut DbConn, min_customers: i64) -> AppResult<Self> {
        let products: Vec<&Product> = self.lines.iter().map(|line| &line.product).collect();
        self.recommendations = recommendations::for_cart(conn, &products, min_customers)?;
        Ok(self)
    }

    /// The quantity to show in a line's box: what was typed if it was refused, else the cart's.
    fn quantity_value(&self, line: &CartLine) -> String {
        match &self.line_error {
            Some(error) if error.product_id == line.product.id => error.quantity.clone(),
            _ => line.quantity.to_string(),
        }
    }

    fn error_for(&self, line: &CartLine) -> Option<&str> {
        self.line_error
            .as_ref()
            .filter(|error| error.product_id == line.product.id)
            .map(|error| error.message.as_str())
    }
}

/// `GET /cart`: extracts the session; renders the cart with totals from today's prices and
/// recommendations for what is in it.
pub async fn show(
    session: ShopSession,
    pool: web::Data<DbPool>,
    config: web::Data<Config>,
) -> AppResult<HttpResponse> {
    let visitor = session.visitor()?;
    let min_customers = config.recommendation_min_customers;
    let page = db::run(&pool, move |conn| {
        CartPage::load(conn, &visitor, None)?.with_recommendations(conn, min_customers)
    })
    .await?;
    render(&page)
}

/// The add-to-cart form on the product page.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AddToCartForm {
    product_id: String,
    quantity: String,
}

/// `POST /cart/items`: extracts `product_id` and `quantity`; redirects to the cart, or shows
/// the product page again (422) when the quantity is invalid or more than the stock.
pub async fn add_item(
    form: CsrfForm<AddToCartForm>,
    session: ShopSession,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    let CsrfForm(form) = form;
    let product_id = product_id_field(&form.product_id)?;
    let (cart_id, user_id) = (session.cart_id()?, session.user_id()?);
    let quantity = Quantity::parse(&form.quantity);
    let added = db::run(&pool, move |conn| {
        let quantity = quantity.map_err(AppError::Refused)?;
        cart_rules::add_item(conn, cart_id, user_id, product_id, quantity)
    })
    .await;
    match added {
        Ok((cart, product)) => {
            session.set_cart_id(cart.id)?;
            session.notice(format!("Added {} to your cart.", product.name))?;
            Ok(see_other("/cart"))
        }
        Err(AppError::Refused(message) | AppError::OutOfStock(message)) => {
            refused_on_product_page(&session, &pool, product_id, form.quantity, message).await
        }
        Err(other) => Err(other),
    }
}

/// Shows the product page again with the refused quantity and the reason beside it.
async fn refused_on_product_page(
    session: &ShopSession,
    pool: &DbPool,
    product_id: i32,
    quantity: String,
    message: String,
) -> AppResult<HttpResponse> {
    let visitor = session.visitor()?;
    let errors = FormErrors::single("quantity", message);
    let page = db::run(pool, move |conn| {
        let product = Product::find(conn, product_id)?;
        if !product.active {
            return Err(AppError::NotFound);
        }
        ProductPage::load(conn, &visitor, product, quantity, errors)
    })
    .await?;
    render_with_status(&page, StatusCode::UNPROCESSABLE_ENTITY)
}

/// The quantity box on each cart line.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct UpdateCartItemForm {
    quantity: String,
}

/// `POST /cart/items/{product_id}`: extracts the new `quantity` (0 removes); redirects to
/// the cart, or shows it again (422) with the message beside the line.
pub async fn update_item(
    product_id: web::Path<i32>,
    form: CsrfForm<UpdateCartItemForm>,
    session: ShopSession,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    let (product_id, CsrfForm(form)) = (product_id.into_inner(), form);
    let (cart_id, user_id) = (session.cart_id()?, session.user_id()?);
    let quantity = CartQuantity::parse(&form.quantity);
    let updated = db::run(&pool, move |conn| {
        // The cart is looked up first: without one, any quantity is a 404, not a 422.
        let cart = cart_rules::find_cart(conn, cart_id, user_id)?.ok_or(AppError::NotFound)?;
        let quantity = quantity.map_err(AppError::Refused)?;
        let product = cart_rules::update_item(conn, cart.id, product_id, quantity)?;
        Ok((product, quantity))
    })
    .await;
    match updated {
        Ok((product, quantity)) => {
            session.notice(match quantity.get() {
                0 => format!("Removed {} from your cart.", product.name),
                _ => format!("Updated {} in your cart.", product.name),
            })?;
            Ok(see_other("/cart"))
        }
        Err(AppError::Refused(message) | AppError::OutOfStock(message)) => {
            let error = LineError {
                product_id,
                quantity: form.quantity,
                message,
            };
            let visitor = session.visitor()?;
            let page = db::run(&pool, move |conn| {
                CartPage::load(conn, &visitor, Some(error))
            })
            .await?;
            render_with_status(&page, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(other) => Err(other),
    }
}

/// `POST /cart/items/{product_id}/delete`: removes the line; redirects to the cart.
pub async fn remove_item(
    product_id: web::Path<i32>,
    _form: CsrfForm<NoFields>,
    session: ShopSession,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    let product_id = product_id.into_inner();
    let (cart_id, user_id) = (session.cart_id()?, session.user_id()?);
    let removed = db::run(&pool, move |conn| {
        cart_rules::change_line(conn, cart_id, user_id, product_id, CartQuantity::ZERO)
    })
    .await?;
    session.notice(format!("Removed {} from your cart.", removed.name))?;
    Ok(see_other("/cart"))
}

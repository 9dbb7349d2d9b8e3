//! The checkout: `GET /checkout` shows the form, `POST /checkout` places the order.
//!
//! The handler only parses the form (through `services::checkout_details`, as the JSON API
//! does) and hands over to `services::checkout::check_out`, which holds the rules (stock,
//! payment, one order per form). Card details are used for the charge
//! and never stored, logged or shown again.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::csrf::CsrfForm;
use crate::db::{self, DbConn, DbPool};
use crate::domain::{FormErrors, Money};
use crate::error::{AppError, AppResult};
use crate::layout::Layout;
use crate::models::{CartLine, User};
use crate::routes::{render, render_with_status, see_other};
use crate::services::cart as cart_rules;
use crate::services::checkout::{self as checkout_rules, CheckoutOutcome, CheckoutRequest};
use crate::services::checkout_details::CheckoutDetails;
use crate::services::payments::PaymentGateway;
use crate::session::{ShopSession, Visitor};
use crate::tokens::random_token;

/// The checkout form, as the browser sends it. No `Debug`: it holds card details, which must
/// never reach a log.
#[derive(Default, Clone, Deserialize)]
#[serde(default)]
pub struct CheckoutForm {
    email: String,
    name: String,
    address_line1: String,
    address_line2: String,
    city: String,
    postal_code: String,
    country: String,
    card_number: String,
    card_expiry: String,
    card_cvc: String,
    checkout_token: String,
}

impl CheckoutForm {
    /// The fields as `services::checkout_details` parses them, for the page and the API alike.
    fn parse(
        &self,
        session_cart_id: Option<i32>,
        user_id: Option<i32>,
    ) -> Result<CheckoutRequest, FormErrors> {
        let details = CheckoutDetails {
            email: self.email.clone(),
            name: self.name.clone(),
            address_line1: self.address_line1.clone(),
            address_line2: self.address_line2.clone(),
            city: self.city.clone(),
            postal_code: self.postal_code.clone(),
            country: self.country.clone(),
            card_number: self.card_number.clone(),
            card_expiry: self.card_expiry.clone(),
            card_cvc: self.card_cvc.clone(),
        };
        details.parse(session_cart_id, user_id, self.checkout_token.clone())
    }

    /// The form to show again: everything the shopper typed except the card details.
    fn without_card(self) -> CheckoutForm {
        CheckoutForm {
            card_number: String::new(),
            card_expiry: String::new(),
            card_cvc: String::new(),
            ..self
        }
    }
}

#[derive(Template)]
#[template(path = "checkout/new.html")]
struct CheckoutPage {
    layout: Layout,
    form: CheckoutForm,
    errors: FormErrors,
    /// A problem with the order as a whole (stock ran out, card declined).
    form_error: Option<String>,
    lines: Vec<CartLine>,
    total: Money,
}

impl CheckoutPage {
    fn load(
        conn: &mut DbConn,
        visitor: &Visitor,
        form: CheckoutForm,
        errors: FormErrors,
        form_error: Option<String>,
    ) -> AppResult<CheckoutPage> {
        let lines = cart_rules::lines(conn, visitor.cart_id, visitor.user_id)?;
        Ok(CheckoutPage {
            layout: Layout::load(conn, visitor)?,
            form,
            errors,
            form_error,
            total: lines.iter().map(CartLine::line_total).sum(),
            lines,
        })
    }
}

/// `GET /checkout`: extracts the session; renders the form with a fresh checkout token, or
/// redirects to the cart when it is empty.
pub async fn new_form(session: ShopSession, pool: web::Data<DbPool>) -> AppResult<HttpResponse> {
    let visitor = session.visitor()?;
    let page = db::run(&pool, move |conn| {
        let mut form = CheckoutForm {
            checkout_token: random_token(),
            ..CheckoutForm::default()
        };
        if let Some(user_id) = visitor.user_id {
            let user = User::find(conn, user_id)?;
            (form.email, form.name) = (user.email, user.name);
        }
        CheckoutPage::load(conn, &visitor, form, FormErrors::new(), None)
    })
    .await?;
    if page.lines.is_empty() {
        session.flash(crate::session::FlashKind::Error, "Your cart is empty.")?;
        return Ok(see_other("/cart"));
    }
    render(&page)
}

/// `POST /checkout`: extracts the checkout form; pays and redirects (303) to the order, or
/// shows the form again (422) with the problems beside the fields.
pub async fn create(
    form: CsrfForm<CheckoutForm>,
    session: ShopSession,
    pool: web::Data<DbPool>,
    gateway: web::Data<dyn PaymentGateway>,
) -> AppResult<HttpResponse> {
    let CsrfForm(form) = form;
    if !is_checkout_token(&form.checkout_token) {
        return Err(AppError::BadRequest(
            "This checkout form has expired. Please open the checkout again.".into(),
        ));
    }
    let request = match form.parse(session.cart_id()?, session.user_id()?) {
        Ok(request) => request,
        Err(errors) => return show_again(&session, &pool, form.without_card(), errors, None).await,
    };
    match checkout_rules::check_out(&pool, gateway.into_inner(), request).await {
        Ok(CheckoutOutcome::Paid { number }) => {
            session.notice(format!("Thank you! Your order {number} is paid."))?;
            Ok(see_other(&format!("/orders/{number}")))
        }
        Ok(CheckoutOutcome::AlreadySubmitted { number }) => {
            Ok(see_other(&format!("/orders/{number}")))
        }
        Ok(CheckoutOutcome::Declined { reason }) => declined(&session, &pool, form, reason).await,
        Err(AppError::Refused(message) | AppError::OutOfStock(message)) => {
            let (form, errors) = (form.without_card(), FormErrors::new());
            show_again(&session, &pool, form, errors, Some(message)).await
        }
        Err(other) => Err(other),
    }
}

/// Shows the form again after a decline, with the bank's reason beside the card number and a
/// new checkout token: the declined attempt's order is closed, the next try is a new order.
async fn declined(
    session: &ShopSession,
    pool: &DbPool,
    form: CheckoutForm,
    reason: String,
) -> AppResult<HttpResponse> {
    let form = CheckoutForm {
        checkout_token: random_token(),
        ..form.without_card()
    };
    let errors = FormErrors::single("card_number", reason.clone());
    show_again(session, pool, form, errors, Some(reason)).await
}

async fn show_again(
    session: &ShopSession,
    pool: &DbPool,
    form: CheckoutForm,
    errors: FormErrors,
    form_error: Option<String>,
) -> AppResult<HttpResponse> {
    let visitor = session.visitor()?;
    let page = db::run(pool, move |conn| {
        CheckoutPage::load(conn, &visitor, form, errors, form_error)
    })
    .await?;
    render_with_status(&page, StatusCode::UNPROCESSABLE_ENTITY)
}

/// Checkout tokens are the 64 hex characters `random_token` makes.
fn is_checkout_token(token: &str) -> bool {
    token.len() == 64 && token.chars().all(|c| c.is_ascii_hexdigit())
}

//! `ShopSession`: typed access to the session cookie.
//!
//! The session is a cookie that actix-session signs and encrypts with the session key, so the
//! browser can carry it but cannot read or change it. It holds ids and small values only:
//! the user's id with the token of their login (checked against `login_sessions` on every
//! request, see `auth::check_login`), the cart's id, the CSRF token, one flash message and
//! the ids of the last products viewed (for the home page's "Recently viewed").
//! Everything else lives in the database. No other file uses the string keys below.

use std::future::{Ready, ready};

use actix_session::{Session, SessionExt};
use actix_web::{FromRequest, HttpRequest, dev::Payload};
use serde::{Deserialize, Serialize};
use subtle::ConstantTimeEq;

use crate::auth::signed_in_user;
use crate::error::{AppError, AppResult};
use crate::models::User;
use crate::tokens::random_token;

const USER_ID: &str = "user_id";
const LOGIN_TOKEN: &str = "login_token";
const CART_ID: &str = "cart_id";
const CSRF_TOKEN: &str = "csrf_token";
const FLASH: &str = "flash";
const RECENTLY_VIEWED: &str = "recently_viewed";

/// How many viewed products the session remembers for the home page's "Recently viewed".
pub const RECENTLY_VIEWED_KEPT: usize = 8;

/// A one-time message shown on the next page ("Added Walnut Board to your cart").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flash {
    /// Success or problem.
    pub kind: FlashKind,
    /// The message itself (escaped when shown, like all text).
    pub text: String,
}

/// Whether a flash reports success or a problem (they look different).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FlashKind {
    /// Something worked.
    Notice,
    /// Something did not.
    Error,
}

impl Flash {
    /// The CSS class of the message box.
    pub fn css_class(&self) -> &'static str {
        match self.kind {
            FlashKind::Notice => "flash flash-notice",
            FlashKind::Error => "flash flash-error",
        }
    }

    /// The ARIA role: errors interrupt a screen reader, notices wait their turn.
    pub fn role(&self) -> &'static str {
        match self.kind {
            FlashKind::Notice => "status",
            FlashKind::Error => "alert",
        }
    }
}

/// What a page needs to know about the visitor, copied out of the session so it can travel
/// into `db::run` (the session itself must stay on the request's thread).
#[derive(Debug, Clone)]
pub struct Visitor {
    /// The logged-in user's id, if any.
    pub user_id: Option<i32>,
    /// The logged-in user as `auth::check_login` loaded it to confirm the login, so a page
    /// need not load it again.
    pub user: Option<User>,
    /// The browser's cart, if it has one yet.
    pub cart_id: Option<i32>,
    /// The token the page's forms must send back.
    pub csrf_token: String,
    /// The message left by the previous request, shown once.
    pub flash: Option<Flash>,
}

/// The session of the current request; use it as a handler argument.
pub struct ShopSession {
    session: Session,
    /// The user `auth::check_login` confirmed for this request, if any.
    signed_in: Option<User>,
}

impl FromRequest for ShopSession {
    type Error = actix_web::Error;
    type Future = Ready<Result<ShopSession, actix_web::Error>>;

    fn from_request(req: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        ready(Ok(ShopSession {
            session: req.get_session(),
            signed_in: signed_in_user(req),
        }))
    }
}

impl ShopSession {
    /// Wraps an actix session (the admin middleware has one without an extractor).
    pub fn new(session: Session) -> ShopSession {
        ShopSession {
            session,
            signed_in: None,
        }
    }

    /// The logged-in user's id, if any.
    pub fn user_id(&self) -> AppResult<Option<i32>> {
        self.get(USER_ID)
    }

    /// The browser's cart id, if it has a cart yet.
    pub fn cart_id(&self) -> AppResult<Option<i32>> {
        self.get(CART_ID)
    }

    /// Remembers which cart this browser uses.
    pub fn set_cart_id(&self, cart_id: i32) -> AppResult<()> {
        self.insert(CART_ID, cart_id)
    }

    /// The token of the browser's login (see `services::logins`), if logged in.
    pub fn login_token(&self) -> AppResult<Option<String>> {
        self.get(LOGIN_TOKEN)
    }

    /// Logs a user in with the token of a login just started. `renew` gives the session a
    /// fresh identity first, so a session planted before login (session fixation) is worthless
    /// afterwards; the CSRF token is replaced for the same reason.
    pub fn log_in(&self, user_id: i32, login_token: &str, cart_id: Option<i32>) -> AppResult<()> {
        self.session.renew();
        self.session.remove(CSRF_TOKEN);
        self.insert(USER_ID, user_id)?;
        self.insert(LOGIN_TOKEN, login_token)?;
        match cart_id {
            Some(cart_id) => self.set_cart_id(cart_id),
            None => {
                self.session.remove(CART_ID);
                Ok(())
            }
        }
    }

    /// Forgets everything: user, cart, token and flash.
    pub fn log_out(&self) {
        self.session.purge();
    }

    /// Forgets the login and the user's cart after the server ended the login, keeping the
    /// CSRF token so a form the visitor is submitting still arrives (as a visitor's).
    pub fn forget_login(&self) {
        self.session.remove(USER_ID);
        self.session.remove(LOGIN_TOKEN);
        self.session.remove(CART_ID);
    }

    /// The CSRF token every form must send back, made on first use.
    pub fn csrf_token(&self) -> AppResult<String> {
        if let Some(token) = self.get::<String>(CSRF_TOKEN)? {
            return Ok(token);
        }
        let token = random_token();
        self.insert(CSRF_TOKEN, &token)?;
        Ok(token)
    }

    /// Checks a submitted CSRF token against the session's. Another site can make a browser
    /// submit a form to us, but cannot read this token, so a match proves the form is ours.
    pub fn verify_csrf(&self, submitted: &str) -> AppResult<()> {
        let expected = self.get::<String>(CSRF_TOKEN)?.unwrap_or_default();
        // Compared in constant time so response timing reveals nothing about the token.
        let matches =
            !expected.is_empty() && bool::from(expected.as_bytes().ct_eq(submitted.as_bytes()));
        if matches {
            Ok(())
        } else {
            Err(AppError::CsrfMismatch)
        }
    }

    /// Queues a message for the next page.
    pub fn flash(&self, kind: FlashKind, text: impl Into<String>) -> AppResult<()> {
        self.insert(
            FLASH,
            Flash {
                kind,
                text: text.into(),
            },
        )
    }

    /// Queues a success message for the next page.
    pub fn notice(&self, text: impl Into<String>) -> AppResult<()> {
        self.flash(FlashKind::Notice, text)
    }

    /// The ids of the products this browser viewed last, newest first.
    pub fn recently_viewed(&self) -> AppResult<Vec<i32>> {
        Ok(self.get(RECENTLY_VIEWED)?.unwrap_or_default())
    }

    /// Remembers that this browser viewed `product_id` (only the id goes into the cookie).
    pub fn remember_viewed(&self, product_id: i32) -> AppResult<()> {
        let viewed = push_recent(self.recently_viewed()?, product_id, RECENTLY_VIEWED_KEPT);
        self.insert(RECENTLY_VIEWED, viewed)
    }

    /// Copies out what a page needs, and takes the flash so it shows once.
    pub fn visitor(&self) -> AppResult<Visitor> {
        let flash = self.get::<Flash>(FLASH)?;
        if flash.is_some() {
            self.session.remove(FLASH);
        }
        Ok(Visitor {
            user_id: self.user_id()?,
            user: self.signed_in.clone(),
            cart_id: self.cart_id()?,
            csrf_token: self.csrf_token()?,
            flash,
        })
    }

    fn get<T: serde::de::DeserializeOwned>(&self, key: &str) -> AppResult<Option<T>> {
        crate::xray::note_session_key(key);
        // A value we cannot read (an old cookie format) is treated as absent.
        Ok(self.session.get::<T>(key).unwrap_or(None))
    }

    fn insert<T: Serialize>(&self, key: &str, value: T) -> AppResult<()> {
        self.session
            .insert(key, value)
            .map_err(|error| AppError::Internal(format!("cannot write the session: {error}")))
    }
}

/// `id` put first in `ids`, without a second copy of it further down, keeping at most `kept`.
fn push_recent(mut ids: Vec<i32>, id: i32, kept: usize) -> Vec<i32> {
    ids.retain(|&other| other != id);
    ids.insert(0, id);
    ids.truncate(kept);
    ids
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_viewed_product_goes_first_once_and_the_oldest_drop_off() {
        assert_eq!(push_recent(vec![], 5, 3), vec![5]);
        assert_eq!(push_recent(vec![2, 5, 7], 5, 3), vec![5, 2, 7]);
        assert_eq!(push_recent(vec![1, 2, 3], 4, 3), vec![4, 1, 2]);
    }
}

//! `Browser`: the tests' web browser, an HTTP client that keeps cookies (so sessions and
//! carts work) and does not follow redirects (so a test can check where a POST sends it).
//! Its helpers fill and send the shop's own forms, with the CSRF token a page would carry.

use std::sync::Arc;

use reqwest::cookie::{CookieStore, Jar};
use reqwest::{Response, StatusCode, header};

use cartwheel::models::Product;

use super::{PASSWORD, checkout_fields, hidden_field};

/// One browser: a cookie-keeping client that does not follow redirects.
pub struct Browser {
    address: String,
    client: reqwest::Client,
    cookies: Arc<Jar>,
}

impl Browser {
    /// A browser with no cookies yet, for the shop at `address` (`http://127.0.0.1:PORT`).
    pub fn new(address: &str) -> Browser {
        Browser::with_cookies(address, Arc::new(Jar::default()))
    }

    fn with_cookies(address: &str, cookies: Arc<Jar>) -> Browser {
        let client = reqwest::Client::builder()
            .cookie_provider(cookies.clone())
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client");
        Browser {
            address: address.to_string(),
            client,
            cookies,
        }
    }

    /// The same browser (same cookies) talking to another instance of the shop at
    /// `address`, as a load balancer would send it now here, now there.
    pub fn at(&self, address: &str) -> Browser {
        Browser::with_cookies(address, Arc::clone(&self.cookies))
    }

    /// Another browser holding a copy of this one's cookies as they are now, like an
    /// attacker who copied the session cookie.
    pub fn copy_cookies(&self) -> Browser {
        let url: reqwest::Url = self.address.parse().expect("url");
        let jar = Jar::default();
        if let Some(header) = self.cookies.cookies(&url) {
            for cookie in header.to_str().expect("ascii").split("; ") {
                jar.add_cookie_str(cookie, &url);
            }
        }
        Browser::with_cookies(&self.address, Arc::new(jar))
    }

    /// Sends a prepared request (for headers the helpers do not set).
    pub fn request(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.client
            .request(method, format!("{}{path}", self.address))
    }

    /// GETs a path.
    pub async fn get(&self, path: &str) -> Response {
        self.client
            .get(format!("{}{path}", self.address))
            .send()
            .await
            .expect("request")
    }

    /// GETs a path and returns the body, checking the status first.
    pub async fn get_html(&self, path: &str) -> String {
        let response = self.get(path).await;
        assert_eq!(response.status(), StatusCode::OK, "GET {path}");
        response.text().await.expect("body")
    }

    /// The CSRF token of this browser's session, read from a page's hidden field.
    pub async fn csrf_token(&self) -> String {
        let html = self.get_html("/login").await;
        hidden_field(&html, "csrf_token")
    }

    /// POSTs a form exactly as given (no token added).
    pub async fn post_raw(&self, path: &str, fields: &[(&str, &str)]) -> Response {
        let body = serde_urlencoded::to_string(fields).expect("encodable");
        self.client
            .post(format!("{}{path}", self.address))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .expect("request")
    }

    /// POSTs a form with this session's CSRF token added, as a page of the shop would.
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> Response {
        let token = self.csrf_token().await;
        let mut fields = fields.to_vec();
        fields.push(("csrf_token", &token));
        self.post_raw(path, &fields).await
    }

    /// POSTs a multipart form (a form with a file input) exactly as given: the text fields in
    /// order, then the file, if any, as `(field, file name, bytes)`.
    pub async fn post_multipart_raw(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        file: Option<(&str, &str, Vec<u8>)>,
    ) -> Response {
        let mut form = reqwest::multipart::Form::new();
        for (name, value) in fields {
            form = form.text(name.to_string(), value.to_string());
        }
        if let Some((name, file_name, bytes)) = file {
            let part = reqwest::multipart::Part::bytes(bytes).file_name(file_name.to_string());
            form = form.part(name.to_string(), part);
        }
        self.client
            .post(format!("{}{path}", self.address))
            .multipart(form)
            .send()
            .await
            .expect("request")
    }

    /// POSTs a multipart form with this session's CSRF token first, as the shop's pages do.
    pub async fn post_multipart(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        file: Option<(&str, &str, Vec<u8>)>,
    ) -> Response {
        let token = self.csrf_token().await;
        let mut with_token = vec![("csrf_token", token.as_str())];
        with_token.extend_from_slice(fields);
        self.post_multipart_raw(path, &with_token, file).await
    }

    /// Adds a product to the cart.
    pub async fn add_to_cart(&self, product: &Product, quantity: i32) -> Response {
        let (id, quantity) = (product.id.to_string(), quantity.to_string());
        self.post_form(
            "/cart/items",
            &[("product_id", &id), ("quantity", &quantity)],
        )
        .await
    }

    /// Logs in with `PASSWORD`.
    pub async fn log_in(&self, email: &str) -> Response {
        self.post_form("/login", &[("email", email), ("password", PASSWORD)])
            .await
    }

    /// Opens the checkout page and returns its one-time checkout token.
    pub async fn checkout_token(&self) -> String {
        hidden_field(&self.get_html("/checkout").await, "checkout_token")
    }

    /// Submits the checkout form with a valid address and the given card.
    pub async fn check_out_with(&self, token: &str, card: &str) -> Response {
        self.post_form("/checkout", &checkout_fields(token, card))
            .await
    }

    /// Opens the checkout and pays with the approved test card.
    pub async fn check_out(&self, card: &str) -> Response {
        let token = self.checkout_token().await;
        self.check_out_with(&token, card).await
    }
}

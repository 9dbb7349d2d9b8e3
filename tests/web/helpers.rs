//! Test helpers: `spawn_app` starts the shop exactly as production does (same
//! `startup::Application`), on port 0 with its own temporary SQLite file, and returns a
//! `TestApp`. A `Browser` is an HTTP client that keeps cookies (so sessions and carts work)
//! and does not follow redirects (so tests can check where a POST sends the browser).
//! Test data is written through the shop's own model functions, never raw SQL.

use cartwheel::config::Config;
use cartwheel::db::{DbPool, PooledConn};
use cartwheel::models::{Category, CategoryChanges, NewUser, Order, Product, ProductChanges, User};
use cartwheel::services::payments::{PaymentGateway, SandboxGateway};
use cartwheel::startup::Application;
use std::sync::Arc;

use reqwest::{Response, StatusCode, header};

use crate::database::TestDatabase;

mod browser;
pub use browser::Browser;

/// The password every test user gets.
pub const PASSWORD: &str = "correct horse battery";
/// The sandbox's approved, declined and insufficient-funds cards.
pub const GOOD_CARD: &str = "4242 4242 4242 4242";
pub const DECLINED_CARD: &str = "4000 0000 0000 0002";
pub const NO_FUNDS_CARD: &str = "4000 0000 0000 9995";

/// A running shop with its own database.
pub struct TestApp {
    pub address: String,
    pub pool: DbPool,
    /// This app's own database (dropped with the app).
    pub database: TestDatabase,
    /// This app's own media directory (deleted with the app).
    pub media: tempfile::TempDir,
    /// The first browser; `TestApp` derefs to it, so `app.get("/")` uses it.
    pub browser: Browser,
}

impl std::ops::Deref for TestApp {
    type Target = Browser;
    fn deref(&self) -> &Browser {
        &self.browser
    }
}

/// Starts a fresh shop: new database file, migrations run, server on a random port.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// Like `spawn_app`, with the test configuration changed by `configure` first.
pub async fn spawn_app_with(configure: impl FnOnce(&mut Config)) -> TestApp {
    spawn_app_with_gateway(configure, Arc::new(SandboxGateway)).await
}

/// Like `spawn_app_with`, charging cards through `gateway`.
pub async fn spawn_app_with_gateway(
    configure: impl FnOnce(&mut Config),
    gateway: Arc<dyn PaymentGateway>,
) -> TestApp {
    let database = TestDatabase::new();
    let media = tempfile::tempdir().expect("media dir");
    let mut config = Config::for_tests(database.url.clone());
    config.media_dir = media.path().to_path_buf();
    configure(&mut config);
    let pool = config.build_pool().expect("pool");
    cartwheel::db::run_migrations(&mut pool.get().expect("connection")).expect("migrations");
    let app = Application::build_with_gateway(config, pool.clone(), gateway).expect("app builds");
    let address = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    TestApp {
        browser: Browser::new(&address),
        address,
        pool,
        database,
        media,
    }
}

/// A fresh shop whose first browser is logged in as an admin.
pub async fn logged_in_admin() -> TestApp {
    let app = spawn_app().await;
    app.user("admin@example.com", true);
    app.log_in("admin@example.com").await;
    app
}

impl TestApp {
    /// A second browser with its own cookies (another shopper).
    pub fn new_browser(&self) -> Browser {
        Browser::new(&self.address)
    }

    /// A database connection for arranging data and checking results.
    pub fn conn(&self) -> PooledConn {
        self.pool.get().expect("connection")
    }

    /// A category (made if missing) with this slug.
    pub fn category(&self, slug: &str) -> Category {
        let conn = &mut self.conn();
        Category::find_by_slug(conn, slug).unwrap_or_else(|_| {
            let changes = CategoryChanges {
                slug: slug.into(),
                name: slug.to_uppercase(),
                description: String::new(),
                position: 0,
            };
            Category::create(conn, &changes).expect("category")
        })
    }

    /// An active product in the "things" category.
    pub fn product(&self, name: &str, price_cents: i64, stock: i32) -> Product {
        self.product_in("things", name, price_cents, stock)
    }

    /// An active product in the given category.
    pub fn product_in(&self, category: &str, name: &str, price_cents: i64, stock: i32) -> Product {
        let category_id = self.category(category).id;
        let slug = name.to_lowercase().replace(' ', "-");
        let changes = ProductChanges {
            slug,
            name: name.into(),
            description: format!("A fine {name}."),
            price_cents,
            stock,
            category_id,
            active: true,
            featured: false,
            image_path: None,
        };
        Product::create(&mut self.conn(), &changes).expect("product")
    }

    /// Takes a product off sale, as an admin unticking "Active" does: it stays in the
    /// database (and in old orders) but shoppers no longer see it.
    pub fn take_off_sale(&self, product: &Product) {
        let mut changes = product.to_changes();
        changes.active = false;
        Product::update(&mut self.conn(), product.id, &changes).expect("taken off sale");
    }

    /// The product as it is in the database now.
    pub fn reload(&self, product: &Product) -> Product {
        Product::find(&mut self.conn(), product.id).expect("product exists")
    }

    /// A user with `PASSWORD`.
    pub fn user(&self, email: &str, is_admin: bool) -> User {
        self.user_with_cost(email, is_admin, 4)
    }

    /// A user with `PASSWORD`, hashed at the given bcrypt cost.
    pub fn user_with_cost(&self, email: &str, is_admin: bool, cost: u32) -> User {
        let hash = bcrypt::hash(PASSWORD, cost).expect("hash");
        let new = NewUser {
            email: email.into(),
            name: email.split('@').next().unwrap_or("x").into(),
            password_hash: hash,
            is_admin,
        };
        User::create(&mut self.conn(), &new).expect("user")
    }

    /// Every order, newest first.
    pub fn orders(&self) -> Vec<Order> {
        Order::latest(&mut self.conn(), None, 1000).expect("orders")
    }

    /// Checks out `quantity` of `product` with the approved card from a new browser, and
    /// returns the paid order.
    pub async fn place_order(&self, product: &Product, quantity: i32) -> Order {
        let shopper = self.new_browser();
        shopper.add_to_cart(product, quantity).await;
        let response = shopper.check_out(GOOD_CARD).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "checkout");
        self.orders()
            .into_iter()
            .max_by_key(|order| order.id)
            .expect("an order")
    }

    /// Moves an order to noon (UTC) `days_ago` days before today, as if placed then.
    pub fn move_order_back(&self, order: &Order, days_ago: i64) {
        let day = cartwheel::models::now().date() - chrono::Duration::days(days_ago);
        let noon = day.and_hms_opt(12, 0, 0).expect("noon exists");
        Order::set_created_at(&mut self.conn(), order.id, noon).expect("moved");
    }
}

/// A complete, valid checkout form.
pub fn checkout_fields<'a>(token: &'a str, card: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("email", "ada@example.com"),
        ("name", "Ada Lovelace"),
        ("address_line1", "12 Analytical Street"),
        ("address_line2", ""),
        ("city", "London"),
        ("postal_code", "N1 7AA"),
        ("country", "United Kingdom"),
        ("card_number", card),
        ("card_expiry", "12/39"),
        ("card_cvc", "123"),
        ("checkout_token", token),
    ]
}

/// The value of a hidden input in a page.
pub fn hidden_field(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no {name} field in page"))
        + marker.len();
    html[start..]
        .split('"')
        .next()
        .unwrap_or_default()
        .to_string()
}

/// Asserts a 303 redirect to `location`.
pub fn assert_redirects_to(response: &Response, location: &str) {
    assert_eq!(
        response.status(),
        StatusCode::SEE_OTHER,
        "expected a redirect to {location}"
    );
    let actual = response
        .headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok());
    assert_eq!(actual, Some(location));
}

/// Asserts a form was shown again with its problems (422, the shop's answer to input it
/// refused) and returns the page, so the test can look for the messages and kept input.
pub async fn form_shown_again(response: Response) -> String {
    assert_eq!(
        response.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "expected the form again"
    );
    response.text().await.expect("body")
}

/// Where a redirect points.
pub fn location(response: &Response) -> String {
    let value = response
        .headers()
        .get(header::LOCATION)
        .expect("a Location header");
    value.to_str().expect("ascii").to_string()
}

/// Prints a line that shows in the test run's output even when the test passes (a figure a
/// test measured, or why it was skipped). `println!` in a test is captured and shown only on
/// failure; writing to the standard error stream itself is not.
pub fn report(line: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "{line}");
}

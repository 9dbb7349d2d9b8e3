//! What an operator sees: the log never holds a secret but does hold the cause of a 500
//! under the id the error page shows, and production refuses to start with unsafe settings.

use std::time::Duration;

use cartwheel::models::Product;
use diesel::RunQueryDsl;
use reqwest::StatusCode;

use crate::database::TestDatabase;
use crate::helpers::{Browser, checkout_fields};
use crate::process::{ShopProcess, cartwheel, free_port};

const SECRET_PASSWORD: &str = "Zebra-Quasar-8841";
const CARD: &str = "4242 4242 4242 4242";
const CVC: &str = "7373";

/// Every Set-Cookie value a response carried (the part after `name=`).
fn cookie_values(response: &reqwest::Response) -> Vec<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .filter_map(|cookie| cookie.split(';').next())
        .filter_map(|pair| pair.split_once('=').map(|(_, value)| value.to_string()))
        .filter(|value| !value.is_empty())
        .collect()
}

#[tokio::test]
async fn the_log_holds_no_password_card_or_cookie_but_the_cause_of_a_500_under_its_id() {
    let database = TestDatabase::new();
    let (pool, lamp) = crate::crashes::prepare_database(&database, 5);
    let shop = ShopProcess::start(&database.url_string(), &[("RUST_LOG", "debug")]).await;
    let shopper = Browser::new(&shop.address);
    let mut cookies = Vec::new();
    // The CSRF tokens the forms below send (each `post_form` reads the same one first).
    let mut csrf_tokens = vec![shopper.csrf_token().await];

    // Sign up, log out, log in again (a failure first), buy with a card.
    let signup = shopper
        .post_form(
            "/register",
            &[
                ("name", "Ada"),
                ("email", "ada@example.com"),
                ("password", SECRET_PASSWORD),
            ],
        )
        .await;
    assert_eq!(signup.status(), StatusCode::SEE_OTHER);
    cookies.extend(cookie_values(&signup));
    shopper.post_form("/logout", &[]).await;
    let wrong = shopper
        .post_form(
            "/login",
            &[
                ("email", "ada@example.com"),
                ("password", "Wrong-Guess-1234"),
            ],
        )
        .await;
    assert_eq!(wrong.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let login = shopper
        .post_form(
            "/login",
            &[("email", "ada@example.com"), ("password", SECRET_PASSWORD)],
        )
        .await;
    assert_eq!(login.status(), StatusCode::SEE_OTHER);
    cookies.extend(cookie_values(&login));
    csrf_tokens.push(shopper.csrf_token().await);
    shopper.add_to_cart(&lamp, 1).await;
    let checkout_token = shopper.checkout_token().await;
    let mut fields = checkout_fields(&checkout_token, CARD);
    fields.retain(|(name, _)| *name != "card_cvc");
    fields.push(("card_cvc", CVC));
    let paid = shopper.post_form("/checkout", &fields).await;
    assert_eq!(paid.status(), StatusCode::SEE_OTHER, "paid");
    cookies.extend(cookie_values(&paid));

    // A server error: a table disappears under the running shop.
    diesel::sql_query("ALTER TABLE cart_items RENAME TO cart_items_gone")
        .execute(&mut pool.get().expect("connection"))
        .expect("renamed");
    let failed = shopper.get("/cart").await;
    assert_eq!(failed.status(), StatusCode::INTERNAL_SERVER_ERROR);
    let request_id = failed.headers()["x-request-id"]
        .to_str()
        .expect("ascii")
        .to_string();
    let page = failed.text().await.expect("body");
    assert!(page.contains(&request_id));
    assert!(!page.contains("cart_items"));
    tokio::time::sleep(Duration::from_millis(200)).await;

    let log = shop.output();
    let cause = log
        .lines()
        // SQLite says "no such table", PostgreSQL "relation … does not exist".
        .find(|line| line.contains("cart_items") && line.contains("request failed"))
        .unwrap_or_else(|| panic!("the cause is logged:\n{log}"));
    assert!(cause.contains(&request_id), "under the page's id: {cause}");
    for secret in [
        SECRET_PASSWORD,
        "Wrong-Guess-1234",
        "4242424242424242",
        CARD,
        "4242+4242",
        "card_cvc",
        "csrf_token=",
    ] {
        assert!(!log.contains(secret), "{secret} is in the log");
    }
    let digit_runs: Vec<&str> = log.split(|c: char| !c.is_ascii_digit()).collect();
    assert!(!digit_runs.contains(&CVC), "the CVC is in the log");
    assert!(cookies.len() >= 2, "cookies were set");
    for token in &csrf_tokens {
        assert!(!log.contains(token.as_str()), "a CSRF token is in the log");
    }
    for cookie in &cookies {
        assert!(
            !log.contains(cookie.as_str()),
            "a cookie value is in the log"
        );
    }
    assert!(Product::find(&mut pool.get().expect("conn"), lamp.id).is_ok());
}

#[test]
fn production_refuses_to_start_with_unsafe_settings_and_says_what_to_fix() {
    let dir = tempfile::tempdir().expect("folder");
    let path = dir.path().join("shop.db");

    let url = format!("sqlite://{}", path.display());
    let output = cartwheel(&url, free_port(), &[("CARTWHEEL_ENV", "production")])
        .env_remove("CARTWHEEL_SESSION_KEY")
        .env("CARTWHEEL_XRAY", "1")
        .env("CARTWHEEL_BASE_URL", "http://shop.example")
        .output()
        .expect("runs");

    assert!(!output.status.success());
    let said = String::from_utf8_lossy(&output.stderr);
    for fix in [
        "CARTWHEEL_SESSION_KEY must be set",
        "openssl rand -hex 64",
        "CARTWHEEL_BASE_URL is http://shop.example",
        "CARTWHEEL_BCRYPT_COST is 4",
        "CARTWHEEL_XRAY shows every page's SQL",
    ] {
        assert!(said.contains(fix), "{fix} missing from:\n{said}");
    }
    assert!(!path.exists(), "nothing was written before refusing");
}

#[tokio::test]
async fn production_starts_with_safe_settings() {
    let database = TestDatabase::new();

    let shop = ShopProcess::start(
        &database.url_string(),
        &[
            ("CARTWHEEL_ENV", "production"),
            ("CARTWHEEL_BASE_URL", "https://shop.example"),
            ("CARTWHEEL_BCRYPT_COST", "10"),
        ],
    )
    .await;

    let page = reqwest::Client::new()
        .get(format!("{}/products", shop.address))
        .header("host", "shop.example")
        .send()
        .await
        .expect("request");
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.headers().contains_key("strict-transport-security"));
}

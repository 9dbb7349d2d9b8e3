//! Browser tests: real Chromium, driven through chromedriver (WebDriver), clicks through the
//! shop the way a person does. The HTTP tests beside this module prove what the server
//! answers; these prove that the pages, forms and links a browser actually sees fit together,
//! at phone and desktop width, with the keyboard alone, and without serious accessibility
//! faults (axe-core, run inside the page).
//!
//! They run when `WEBDRIVER_URL` names a running chromedriver (`.ci/run` starts one) and are
//! skipped, saying so, otherwise. Screenshots of the key pages land in
//! `target/screenshots/`, named after the page and the width.

mod accessibility;
mod admin;
mod shopper;

use std::path::PathBuf;
use std::time::Duration;

use fantoccini::elements::Element;
use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::helpers::{PASSWORD, report};

/// The widths every screenshot is taken at: a 390 px phone and a laptop.
const WIDTHS: [(&str, u32, u32); 2] = [("phone", 390, 844), ("desktop", 1280, 900)];

/// Chromium as the issue of a shared CI machine wants it: no sandbox (we run as root in a
/// container), no GPU, and none of the background traffic a closed network refuses.
const CHROMIUM_FLAGS: [&str; 9] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
];

/// Chromium is heavy on a two-core machine: at most two run at once, whatever the number of
/// test threads.
static BROWSERS: std::sync::LazyLock<std::sync::Arc<Semaphore>> =
    std::sync::LazyLock::new(|| std::sync::Arc::new(Semaphore::new(2)));

/// One Chromium window on one shop. Dropping it ends the WebDriver session, also when the
/// test failed halfway (a panicking test never reaches an explicit close).
pub struct Chrome {
    client: Client,
    shop: String,
    webdriver: String,
    session_id: Option<String>,
    _profile: tempfile::TempDir,
    _turn: OwnedSemaphorePermit,
}

/// A fresh Chromium pointed at the shop at `shop`, or `None` (reported) when no
/// `WEBDRIVER_URL` is set.
pub async fn open(shop: &str, test: &str) -> Option<Chrome> {
    let Ok(webdriver) = std::env::var("WEBDRIVER_URL") else {
        report(&format!(
            "SKIPPED browser test {test}: set WEBDRIVER_URL to a running chromedriver \
             (bash .ci/run starts one)"
        ));
        return None;
    };
    let turn = BROWSERS.clone().acquire_owned().await.expect("semaphore");
    let profile = tempfile::tempdir().expect("profile dir");
    let mut args: Vec<String> = CHROMIUM_FLAGS.iter().map(|flag| flag.to_string()).collect();
    args.push(format!("--user-data-dir={}", profile.path().display()));
    args.push(format!("--window-size={},{}", WIDTHS[1].1, WIDTHS[1].2));
    let mut capabilities = serde_json::Map::new();
    capabilities.insert(
        "goog:chromeOptions".into(),
        json!({ "binary": chromium_binary(), "args": args }),
    );
    let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(capabilities)
        .connect(&webdriver)
        .await
        .unwrap_or_else(|error| panic!("no WebDriver session at {webdriver}: {error}"));
    let session_id = client.session_id().await.expect("session id");
    Some(Chrome {
        client,
        shop: shop.trim_end_matches('/').to_string(),
        webdriver,
        session_id,
        _profile: profile,
        _turn: turn,
    })
}

/// Debian installs Chromium at /usr/bin/chromium; `CHROMIUM` names another.
fn chromium_binary() -> String {
    std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into())
}

impl Chrome {
    /// Opens a page of the shop (`path` like `/products`).
    pub async fn visit(&self, path: &str) {
        let url = format!("{}{path}", self.shop);
        self.client.goto(&url).await.expect("page loads");
    }

    /// The path (and query) of the page on screen.
    pub async fn path(&self) -> String {
        let url = self.client.current_url().await.expect("url");
        match url.query() {
            Some(query) => format!("{}?{query}", url.path()),
            None => url.path().to_string(),
        }
    }

    /// The element `css` selects, waiting briefly for it.
    pub async fn find(&self, css: &str) -> Element {
        self.client
            .wait()
            .at_most(Duration::from_secs(5))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|error| panic!("no {css} on {}: {error}", self.shop))
    }

    /// Every element `css` selects, without waiting.
    pub async fn find_all(&self, css: &str) -> Vec<Element> {
        self.client.find_all(Locator::Css(css)).await.expect("find")
    }

    /// The visible text of the element `css` selects.
    pub async fn text(&self, css: &str) -> String {
        self.find(css).await.text().await.expect("text")
    }

    /// The whole page's visible text.
    pub async fn page_text(&self) -> String {
        self.text("body").await
    }

    /// Types `value` into the field `css` selects, replacing what was there.
    pub async fn fill(&self, css: &str, value: &str) {
        let field = self.find(css).await;
        field.clear().await.expect("clear");
        field.send_keys(value).await.expect("type");
    }

    /// What the field `css` selects holds now.
    pub async fn value(&self, css: &str) -> String {
        let value = self.find(css).await.prop("value").await.expect("value");
        value.unwrap_or_default()
    }

    /// Presses the page's form button (the shop's forms are `form.form`).
    pub async fn submit(&self) {
        self.click("form.form button[type='submit']").await;
    }

    /// Logs in through the login page, with the test users' password.
    pub async fn log_in(&self, email: &str) {
        self.visit("/login").await;
        self.fill("#email", email).await;
        self.fill("#password", PASSWORD).await;
        self.submit().await;
    }

    /// Chooses the option with this visible text in the select `css` selects.
    pub async fn choose(&self, css: &str, label: &str) {
        let select = self.find(css).await;
        select.select_by_label(label).await.expect("option");
    }

    /// Clicks the element `css` selects and waits for the page it leads to.
    pub async fn click(&self, css: &str) {
        let target = self.find(css).await;
        self.mark_page().await;
        target.click().await.expect("click");
        self.wait_for_next_page().await;
    }

    /// Clicks the link or button whose visible text contains `text`.
    pub async fn click_text(&self, text: &str) {
        let xpath = format!(
            "//*[self::a or self::button][contains(normalize-space(.), {})]",
            xpath_literal(text)
        );
        let target = self
            .client
            .find(Locator::XPath(&xpath))
            .await
            .unwrap_or_else(|_| panic!("no link or button saying {text:?}"));
        self.mark_page().await;
        target.click().await.expect("click");
        self.wait_for_next_page().await;
    }

    /// Presses keys on whatever has the focus (see `fantoccini::key::Key` for Tab, Enter…).
    pub async fn press(&self, keys: &str) {
        let focused = self.client.active_element().await.expect("focus");
        focused.send_keys(keys).await.expect("keys");
    }

    /// Presses Enter on whatever has the focus and waits for the page that sends it to.
    pub async fn press_enter(&self) {
        self.mark_page().await;
        self.press(&String::from(char::from(Key::Enter))).await;
        self.wait_for_next_page().await;
    }

    /// The focused element's text, or its accessible label for fields.
    pub async fn focused_description(&self) -> String {
        let script = "const e = document.activeElement; \
                      return (e.innerText || e.getAttribute('aria-label') || e.id || e.tagName).trim();";
        self.run(script)
            .await
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// Why the focused element cannot be seen, if it cannot: too small, off screen, or
    /// without a focus ring.
    pub async fn focus_problem(&self) -> Option<String> {
        let script = "const e = document.activeElement, r = e.getBoundingClientRect(),
                            s = getComputedStyle(e);
                      if (r.width < 8 || r.height < 8) return 'too small to see';
                      if (r.bottom < 0 || r.right < 0 || r.top > innerHeight + scrollY + 4000)
                        return 'off screen';
                      if (s.outlineStyle === 'none' && s.boxShadow === 'none') return 'no focus ring';
                      return null;";
        let problem = self.run(script).await;
        problem.as_str().map(str::to_string)
    }

    /// Runs a script in the page and returns what it returns.
    pub async fn run(&self, script: &str) -> Value {
        self.client.execute(script, vec![]).await.expect("script")
    }

    /// Leaves a mark on the page on screen, so `wait_for_next_page` can tell it apart from
    /// the page a click leads to.
    async fn mark_page(&self) {
        self.run("window.cartwheelPageLeft = true").await;
    }

    /// Waits until the marked page has been replaced and the new one has finished loading.
    /// Waiting for `readyState` alone is not enough: straight after a click the old page is
    /// still on screen, and still "complete".
    async fn wait_for_next_page(&self) {
        let script = "return window.cartwheelPageLeft ? 'old' : document.readyState";
        for _ in 0..200 {
            // While the browser swaps documents a script can fail; that only means "not yet".
            if let Ok(state) = self.client.execute(script, vec![]).await
                && state == "complete"
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("no new page within 10 s of the click");
    }

    /// Saves the page, full length, at phone and desktop width under `target/screenshots/`,
    /// and checks that nothing makes the phone page scroll sideways.
    pub async fn screenshot(&self, name: &str) {
        let folder = screenshot_folder();
        std::fs::create_dir_all(&folder).expect("screenshot folder");
        for (width_name, width, height) in WIDTHS {
            self.client
                .set_window_size(width, height)
                .await
                .expect("resize");
            let overflow = self
                .run("return document.documentElement.scrollWidth - window.innerWidth")
                .await;
            assert!(
                overflow.as_i64().unwrap_or(0) <= 0,
                "{name} scrolls sideways at {width} px by {overflow} px"
            );
            let full = self
                .run("return document.documentElement.scrollHeight")
                .await
                .as_u64()
                .unwrap_or(u64::from(height));
            let tall = u32::try_from(full.min(4000)).unwrap_or(height).max(height);
            self.client
                .set_window_size(width, tall)
                .await
                .expect("resize");
            let png = self.client.screenshot().await.expect("screenshot");
            std::fs::write(folder.join(format!("{name}-{width_name}.png")), png).expect("save");
        }
        let (_, width, height) = WIDTHS[1];
        self.client
            .set_window_size(width, height)
            .await
            .expect("resize");
    }

    /// Runs axe-core in the page and returns its serious and critical findings, one line each.
    pub async fn accessibility_faults(&self) -> Vec<String> {
        self.run(&axe_core_source()).await;
        let script = "const done = arguments[arguments.length - 1];
            axe.run(document, { resultTypes: ['violations'] }).then(result => done(
              result.violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => v.impact + ' ' + v.id + ': ' + v.help + ' at ' +
                          v.nodes.map(n => n.target.join(' ')).join(', '))
            ));";
        let found = self
            .client
            .execute_async(script, vec![])
            .await
            .expect("axe runs");
        serde_json::from_value(found).expect("a list of findings")
    }
}

impl Drop for Chrome {
    fn drop(&mut self) {
        // The client's own close needs the test's runtime, which may already be unwinding;
        // a plain DELETE from a thread of our own always ends the session and its Chromium.
        let Some(id) = self.session_id.take() else {
            return;
        };
        let url = format!("{}/session/{id}", self.webdriver.trim_end_matches('/'));
        let ended = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            runtime.block_on(async { reqwest::Client::new().delete(url).send().await.is_ok() })
        });
        let _ = ended.join();
    }
}

/// `target/screenshots`, beside the folder cargo gives integration tests for their files.
fn screenshot_folder() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("target folder")
        .join("screenshots")
}

/// axe-core's script, from npm: `AXE_CORE_JS`, or `tests/browser/node_modules` after
/// `npm ci --prefix tests/browser` (which `.ci/run` does).
fn axe_core_source() -> String {
    let path = std::env::var("AXE_CORE_JS")
        .map(PathBuf::from)
        .unwrap_or_else(|_| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("tests/browser/node_modules/axe-core/axe.min.js")
        });
    std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "axe-core not found at {}: run `npm ci --prefix tests/browser`",
            path.display()
        )
    })
}

/// `text` as an XPath string literal (XPath has no escapes, so quotes pick the other kind).
fn xpath_literal(text: &str) -> String {
    if text.contains('\'') {
        format!("\"{text}\"")
    } else {
        format!("'{text}'")
    }
}

//! Startup: logging, and building the HTTP server (middleware, shared data, routes).
//!
//! Production (`cli::serve`) and the integration tests both call `Application::build`, so the
//! tests exercise exactly the app that ships, on a random port.
//!
//! Not here: the URL map (`routes::configure`, which mounts `api::configure`), the
//! middleware themselves (`middleware`, `auth`, `xray`) and reading the configuration
//! (`config`, done by `cli` before it calls this).

use std::net::TcpListener;
use std::sync::Arc;

use actix_files::Files;
use actix_session::SessionMiddleware;
use actix_session::storage::CookieSessionStore;
use actix_web::cookie::{Key, SameSite};
use actix_web::dev::Server;
use actix_web::http::StatusCode;
use actix_web::middleware::{Condition, from_fn};
use actix_web::{App, HttpRequest, HttpServer, error, web};
use tracing_actix_web::TracingLogger;

use crate::auth::{self, Passwords};
use crate::config::{Config, Environment};
use crate::db::DbPool;
use crate::error::error_page;
use crate::jobs::runner::JobRunner;
use crate::media::{self, MediaStore};
use crate::services::payments::{PaymentGateway, SandboxGateway};
use crate::{middleware, routes, sql_trace, static_files, xray};

/// Where CSS and pictures are served from, relative to the working directory.
const STATIC_DIR: &str = "static";
/// The largest form body we accept; anything bigger gets 413. Our largest form, a product
/// with a long description, fits many times over.
const FORM_LIMIT_BYTES: usize = 16 * 1024;
/// The session cookie's name in development.
const SESSION_COOKIE: &str = "cartwheel_session";
/// In production: the `__Host-` prefix makes browsers accept the cookie only if it is Secure,
/// for the whole site and from this exact host, so a sibling subdomain cannot plant one.
const PRODUCTION_SESSION_COOKIE: &str = "__Host-cartwheel_session";
/// On SIGTERM, requests already being served get this many seconds to finish.
const SHUTDOWN_GRACE_SECONDS: u64 = 10;

/// Sends log lines to standard error; `RUST_LOG=debug` shows more.
pub fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

/// A bound, not yet running, server.
pub struct Application {
    port: u16,
    server: Server,
    /// The background job runner, unless `CARTWHEEL_JOBS=0` switched it off here.
    jobs: Option<JobRunner>,
}

impl Application {
    /// Binds `config.addr` (port 0 picks a free port) and builds the server.
    pub fn build(config: Config, pool: DbPool) -> std::io::Result<Application> {
        let gateway: Arc<dyn PaymentGateway> = Arc::new(SandboxGateway);
        Application::build_with_gateway(config, pool, gateway)
    }

    /// Like `build`, with a payment gateway of the caller's choice.
    pub fn build_with_gateway(
        config: Config,
        pool: DbPool,
        gateway: Arc<dyn PaymentGateway>,
    ) -> std::io::Result<Application> {
        let listener = TcpListener::bind(&config.addr)?;
        let port = listener.local_addr()?.port();
        // Orders left pending by a crash, idle carts and the dashboard's sums are jobs now
        // (`src/jobs`), run by this task on every instance that has them switched on.
        let jobs = config
            .jobs_enabled
            .then(|| JobRunner::spawn(pool.clone(), config.clone()));
        let server = run(listener, config, pool, gateway)?;
        Ok(Application { port, server, jobs })
    }

    /// The port the server listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Serves until the process is asked to stop, then stops the job runner, letting a job
    /// in progress finish so its run is recorded.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let served = self.server.await;
        if let Some(jobs) = self.jobs {
            jobs.stop().await;
        }
        served
    }
}

fn run(
    listener: TcpListener,
    config: Config,
    pool: DbPool,
    gateway: Arc<dyn PaymentGateway>,
) -> std::io::Result<Server> {
    let key = Key::try_from(config.session_key.as_slice())
        .map_err(|error| std::io::Error::other(format!("bad session key: {error}")))?;
    let production = config.environment == Environment::Production;
    let cookie_name = if production {
        PRODUCTION_SESSION_COOKIE
    } else {
        SESSION_COOKIE
    };
    let workers = config.workers;
    let count_sql = config.count_sql;
    let xray_on = config.xray;
    // Database work, password hashing and payment calls run on blocking threads (see
    // `db::run`). tokio allows hundreds per worker and wakes a different idle one for each
    // task; as many as the pool has connections keeps a few threads busy and warm, which
    // scripts/bench measured faster (docs/PERFORMANCE.md).
    let blocking_threads = config.db_pool_size as usize;
    let passwords = Passwords::new(config.bcrypt_cost).map_err(std::io::Error::other)?;
    let passwords = web::Data::new(passwords);
    let media_store = MediaStore::new(config.media_dir.clone());
    media_store.prepare().map_err(|error| {
        std::io::Error::other(format!(
            "cannot make the media directory {}: {error}",
            config.media_dir.display()
        ))
    })?;
    let media_store = web::Data::new(media_store);
    let pool = web::Data::new(pool);
    let gateway = web::Data::from(gateway);
    let config = web::Data::new(config);
    let server = HttpServer::new(move || {
        // HttpOnly (scripts cannot read the cookie) is actix-session's default.
        let sessions = SessionMiddleware::builder(CookieSessionStore::default(), key.clone())
            .cookie_name(cookie_name.into())
            .cookie_secure(production)
            .cookie_same_site(SameSite::Lax)
            .build();
        // The last `wrap` is the outermost: a request passes TracingLogger (which gives it
        // its id) first, then the response headers, the Host check, the session, the
        // statement count and the X-ray (each only when on) and last the login check, which
        // needs the session.
        App::new()
            .wrap(from_fn(auth::check_login))
            .wrap(Condition::new(xray_on, from_fn(xray::show_panel)))
            .wrap(Condition::new(
                count_sql,
                from_fn(sql_trace::count_statements),
            ))
            .wrap(sessions)
            .wrap(from_fn(middleware::reject_unknown_hosts))
            .wrap(from_fn(middleware::secure_responses))
            .wrap(TracingLogger::default())
            .app_data(pool.clone())
            .app_data(gateway.clone())
            .app_data(config.clone())
            .app_data(passwords.clone())
            .app_data(media_store.clone())
            .app_data(
                web::FormConfig::default()
                    .limit(FORM_LIMIT_BYTES)
                    .error_handler(form_error),
            )
            .app_data(web::QueryConfig::default().error_handler(query_error))
            .app_data(web::PathConfig::default().error_handler(path_error))
            .configure(routes::configure)
            .service(
                web::scope("/static")
                    .wrap(from_fn(static_files::cache_headers))
                    .service(Files::new("", STATIC_DIR)),
            )
            .service(
                // actix-files refuses `..` in a path, so nothing outside the media directory
                // is ever served; the filter also hides the temporary files that uploads are
                // written to before they are renamed into place (`media::save_picture`).
                web::scope("/media")
                    .wrap(from_fn(media::cache_headers))
                    .service(
                        Files::new("", media_store.root())
                            .path_filter(|path, _| is_public_media(path)),
                    ),
            )
            .default_service(web::to(xray::named(routes::not_found)))
    })
    .workers(workers)
    .worker_max_blocking_threads(blocking_threads)
    .shutdown_timeout(SHUTDOWN_GRACE_SECONDS)
    .listen(listener)?
    .run();
    Ok(server)
}

/// True for a file the media directory may serve: no part of its path starts with a dot.
fn is_public_media(path: &std::path::Path) -> bool {
    path.components()
        .all(|part| !part.as_os_str().to_string_lossy().starts_with('.'))
}

/// A form body we cannot read at all (too big, wrong encoding) gets an error page, not
/// actix's plain-text default.
fn form_error(err: error::UrlencodedError, _req: &HttpRequest) -> actix_web::Error {
    let (status, message) = match err {
        error::UrlencodedError::Overflow { .. } => {
            (StatusCode::PAYLOAD_TOO_LARGE, "That form is too large.")
        }
        _ => (
            StatusCode::BAD_REQUEST,
            "We could not read that form. Please try again.",
        ),
    };
    error::InternalError::from_response(err, error_page(status, message)).into()
}

fn query_error(err: error::QueryPayloadError, _req: &HttpRequest) -> actix_web::Error {
    let page = error_page(StatusCode::BAD_REQUEST, "That link has a malformed query.");
    error::InternalError::from_response(err, page).into()
}

/// A path segment that does not parse (`/admin/products/abc/edit`) names nothing: 404.
fn path_error(err: error::PathError, _req: &HttpRequest) -> actix_web::Error {
    let page = error_page(StatusCode::NOT_FOUND, "We could not find that page.");
    error::InternalError::from_response(err, page).into()
}

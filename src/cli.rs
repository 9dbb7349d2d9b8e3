//! The command line: `cartwheel [serve]`, `migrate`, `create-admin EMAIL`, `seed-demo`,
//! `backup FILE`, `jobs list|run NAME` and `api-token create EMAIL NAME`.
//!
//! Each command is a small function that reads the configuration, opens the database and
//! calls the same model and service functions the web pages use.
//!
//! Not here: the server itself (`startup::Application`) and the job runner (`jobs::runner`),
//! which `serve` starts. Called by `main.rs`.

use std::io::BufRead;

use clap::{Parser, Subcommand};

use crate::auth::hash_password;
use crate::config::Config;
use crate::db::{self, DbPool};
use crate::domain::{Email, NewPassword};
use crate::error::{AppError, AppResult};
use crate::jobs::{self, Attempt, StartedBy};
use crate::models::{self, NewUser, User};
use crate::models::{JobRun, JobState};
use crate::services::{api_tokens, checkout};
use crate::{seed, startup};

/// Cartwheel, a small web shop. Without a command it serves the shop.
#[derive(Debug, Parser)]
#[command(name = "cartwheel", version, about)]
pub struct Args {
    /// Do not load the demo catalog into an empty database.
    #[arg(long, global = true)]
    pub no_demo: bool,
    /// What to do; serving the shop when absent.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the shop (the default).
    Serve,
    /// Bring the database schema up to date, then exit.
    Migrate,
    /// Create an admin, or make an existing user one; the password is read from the first
    /// line of standard input.
    CreateAdmin {
        /// The admin's email address.
        email: String,
    },
    /// Copy the whole SQLite database into FILE while the shop keeps running (for PostgreSQL
    /// it explains pg_dump instead).
    Backup {
        /// Where to write the copy; it must not exist yet.
        file: std::path::PathBuf,
    },
    /// Add the demo catalog to an empty shop, or N generated products with --products N.
    SeedDemo {
        /// How many generated products to add.
        #[arg(long)]
        products: Option<usize>,
    },
    /// List the background jobs, or run one now.
    Jobs {
        /// `list` or `run NAME`.
        #[command(subcommand)]
        command: JobsCommand,
    },
    /// Make a personal API token for an account (for scripts and tests; customers make
    /// theirs on /account).
    ApiToken {
        /// `create EMAIL NAME`.
        #[command(subcommand)]
        command: ApiTokenCommand,
    },
}

/// The `api-token` commands.
#[derive(Debug, Subcommand)]
pub enum ApiTokenCommand {
    /// Make a personal API token for an existing account and print it (once).
    Create {
        /// The account's email address.
        email: String,
        /// What the token is for, as the account page will show it.
        name: String,
    },
}

/// The `jobs` commands.
#[derive(Debug, Subcommand)]
pub enum JobsCommand {
    /// Every job with its schedule, next run and last outcome.
    List,
    /// Run one job now (never beside a run of it elsewhere) and print the rows it touched.
    Run {
        /// The job's name, as `jobs list` shows it.
        name: String,
    },
}

/// Runs the chosen command to completion.
pub fn run(args: Args) -> Result<(), Box<dyn std::error::Error>> {
    let config = Config::from_env()?;
    let command = args.command.unwrap_or(Command::Serve);
    if matches!(command, Command::Serve) {
        refuse_unsafe_production(&config)?;
    }
    let pool = open_database(&config)?;
    match command {
        Command::Serve => serve(config, pool, !args.no_demo),
        Command::Migrate => {
            println!("The database schema is up to date.");
            Ok(())
        }
        Command::CreateAdmin { email } => create_admin(&config, &pool, &email),
        Command::SeedDemo { products } => seed_demo(&pool, products),
        Command::Backup { file } => backup(&pool, &file),
        Command::Jobs { command } => jobs_command(&config, &pool, command),
        Command::ApiToken {
            command: ApiTokenCommand::Create { email, name },
        } => create_api_token(&pool, &email, &name),
    }
}

/// Opens the pool and runs the migrations on one connection before anything else.
fn open_database(config: &Config) -> AppResult<DbPool> {
    let pool = config.build_pool()?;
    let mut conn = pool.get()?;
    db::run_migrations(&mut conn)?;
    drop(conn);
    Ok(pool)
}

fn serve(config: Config, pool: DbPool, load_demo: bool) -> Result<(), Box<dyn std::error::Error>> {
    let mut conn = pool.get()?;
    if load_demo && seed::shop_is_empty(&mut conn)? {
        let added = seed::load_demo_catalog(&mut conn)?;
        println!("Loaded the demo catalog ({added} products).");
        println!("To manage the shop, create an admin:");
        println!("  echo 'a-long-password' | cargo run --release -- create-admin you@example.com");
    }
    // Orders a crash left between reservation and payment are finished before serving.
    let cutoff = models::now() - chrono::Duration::seconds(config.pending_timeout_seconds);
    let reconciled = checkout::reconcile_stale_orders(&mut conn, cutoff)?;
    if reconciled > 0 {
        println!("Marked {reconciled} interrupted pending orders as payment failed.");
    }
    drop(conn);
    println!("Cartwheel is serving at http://{}", config.addr);
    actix_web::rt::System::new().block_on(async move {
        let app = startup::Application::build(config, pool)?;
        app.run_until_stopped().await
    })?;
    Ok(())
}

/// In production, lists every unsafe setting and refuses to start (see
/// `Config::deploy_problems`).
fn refuse_unsafe_production(config: &Config) -> Result<(), Box<dyn std::error::Error>> {
    let problems = config.deploy_problems();
    if problems.is_empty() {
        return Ok(());
    }
    eprintln!("Cartwheel will not start with CARTWHEEL_ENV=production until these are fixed:");
    for problem in &problems {
        eprintln!("  - {problem}");
    }
    Err(format!("{} unsafe production settings", problems.len()).into())
}

fn create_admin(
    config: &Config,
    pool: &DbPool,
    email: &str,
) -> Result<(), Box<dyn std::error::Error>> {
    let email = Email::parse(email)?;
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    let password = NewPassword::parse(line.trim_end_matches(['\r', '\n']))?;
    let cost = config.bcrypt_cost;
    let hash = actix_web::rt::System::new()
        .block_on(hash_password(password.expose().to_string(), cost))?;
    let conn = &mut pool.get().map_err(AppError::from)?;
    let admin = match User::find_by_email(conn, email.as_str())? {
        Some(user) => User::make_admin(conn, user.id, &hash)?,
        None => User::create(
            conn,
            &NewUser {
                email: email.as_str().to_string(),
                name: email
                    .as_str()
                    .split('@')
                    .next()
                    .unwrap_or("Admin")
                    .to_string(),
                password_hash: hash,
                is_admin: true,
            },
        )?,
    };
    println!(
        "{} is an admin. Log in at /login, then open /admin.",
        admin.email
    );
    Ok(())
}

/// Prints a new token for the account, through the same service as the account page.
fn create_api_token(
    pool: &DbPool,
    email: &str,
    name: &str,
) -> Result<(), Box<dyn std::error::Error>> {
    let name = api_tokens::parse_name(name)?;
    let conn = &mut pool.get().map_err(AppError::from)?;
    let user = User::find_by_email(conn, Email::parse(email)?.as_str())?
        .ok_or_else(|| format!("no account has the email {email}"))?;
    let (_, token) = api_tokens::create(conn, user.id, &name, models::now())?;
    println!("{token}");
    Ok(())
}

fn backup(pool: &DbPool, file: &std::path::Path) -> Result<(), Box<dyn std::error::Error>> {
    if file.exists() {
        return Err(format!("{} exists already; choose a new file", file.display()).into());
    }
    let conn = &mut pool.get().map_err(AppError::from)?;
    if db::is_postgres(conn) {
        return Err(POSTGRES_BACKUP_ADVICE.into());
    }
    let started = std::time::Instant::now();
    db::backup_sqlite(conn, file)?;
    println!(
        "Backed up the database to {} in {:.1} s.",
        file.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// What `backup` says on PostgreSQL, where the server's own tools do the job better.
const POSTGRES_BACKUP_ADVICE: &str = "on PostgreSQL, back up with the server's own tool, \
     which takes a consistent snapshot while the shop runs:\n  \
     pg_dump --format=custom --file=cartwheel.dump \"$DATABASE_URL\"\n\
     and restore into an empty database with:\n  \
     pg_restore --no-owner --dbname=\"$DATABASE_URL\" cartwheel.dump\n\
     For point-in-time recovery, archive the write-ahead log (see docs/DEPLOY.md).";

fn seed_demo(pool: &DbPool, products: Option<usize>) -> Result<(), Box<dyn std::error::Error>> {
    let conn = &mut pool.get().map_err(AppError::from)?;
    let started = std::time::Instant::now();
    let added = match products {
        Some(count) => seed::generate_products(conn, count)?,
        None if !seed::shop_is_empty(conn)? => {
            println!("The shop already has a catalog; use --products N to add generated ones.");
            return Ok(());
        }
        None => seed::load_demo_catalog(conn)?,
    };
    println!(
        "Added {added} products in {:.1} s.",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn jobs_command(
    config: &Config,
    pool: &DbPool,
    command: JobsCommand,
) -> Result<(), Box<dyn std::error::Error>> {
    let conn = &mut pool.get().map_err(AppError::from)?;
    jobs::register_all(conn, &jobs::all(), models::now())?;
    match command {
        JobsCommand::List => list_jobs(conn),
        JobsCommand::Run { name } => run_job_now(config, conn, &name),
    }
}

/// Prints one line per job: name, schedule, next run, last outcome.
fn list_jobs(conn: &mut db::DbConn) -> Result<(), Box<dyn std::error::Error>> {
    let states = JobState::all(conn)?;
    println!(
        "{:<16} {:<20} {:<20} LAST RUN",
        "NAME", "SCHEDULE", "NEXT RUN (UTC)"
    );
    for job in jobs::all() {
        let next = states
            .iter()
            .find(|state| state.name == job.name)
            .map(|state| state.next_run_at.format("%Y-%m-%d %H:%M").to_string())
            .unwrap_or_default();
        let last = JobRun::latest_of(conn, job.name, 1)?
            .first()
            .map(|run| format!("{} ({} rows)", run.outcome, run.rows_touched))
            .unwrap_or_else(|| "never".into());
        let schedule = job.schedule.describe();
        println!("{:<16} {schedule:<20} {next:<20} {last}", job.name);
    }
    Ok(())
}

/// Runs one job through its lease; an unknown name, a held lease or a failed run is an
/// error, so the exit status tells a script what happened.
fn run_job_now(
    config: &Config,
    conn: &mut db::DbConn,
    name: &str,
) -> Result<(), Box<dyn std::error::Error>> {
    let Some(job) = jobs::find(name) else {
        let names: Vec<&str> = jobs::all().iter().map(|job| job.name).collect();
        return Err(format!(
            "no job is called '{name}'; the jobs are: {}",
            names.join(", ")
        )
        .into());
    };
    match jobs::run_by_hand(conn, config, &job, StartedBy::Shell)? {
        Attempt::Ran {
            result: Ok(rows), ..
        } => {
            println!("{name} finished: {rows} rows touched.");
            Ok(())
        }
        Attempt::Ran {
            result: Err(message),
            ..
        } => Err(format!("{name} failed: {message}").into()),
        Attempt::NotTaken => {
            Err(format!("{name} is running elsewhere right now; try again later").into())
        }
    }
}

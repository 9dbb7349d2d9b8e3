//! The `cartwheel` binary: reads the command line and the configuration, then hands over to
//! `cli::run`, which serves the shop or runs one maintenance command.

use clap::Parser;

fn main() -> std::process::ExitCode {
    // A `.env` file is optional: real deployments set the variables themselves.
    let _ = dotenvy::dotenv();
    cartwheel::startup::init_logging();
    let args = cartwheel::cli::Args::parse();
    match cartwheel::cli::run(args) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("cartwheel: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}

//! The `chibo` command line: set-up, imports, exports, reorganizations and
//! the web server. Every command answers in Vietnamese (English with
//! `--lang en`), exits non-zero on error with a message that says what to do,
//! and prints JSON with `--json` for scripts.

mod allocator;
mod args;
mod backup;
mod commands;
#[cfg(test)]
mod deploy;
mod directives;
mod experiments;
mod indicators;
mod output;
mod progress;
mod projects;
#[cfg(test)]
mod readme;
mod reports;
mod retention;
mod rollout;
mod rubrics;
mod survey_exports;
mod surveys;
mod users;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = args::Cli::parse();
    let filter = tracing_subscriber::EnvFilter::try_from_env(args::LOG_ENV)
        .unwrap_or_else(|_| args::LOG_DEFAULT.into());
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
    let out = output::Output::new(cli.lang, cli.json);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("chibo: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(commands::run(&cli, &out)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => out.fail(&error),
    }
}

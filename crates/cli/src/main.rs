//! The `chibo` command line: set-up, imports, exports, reorganizations and
//! the web server. Every command answers in Vietnamese (English with
//! `--lang en`), exits non-zero on error with a message that says what to do,
//! and prints JSON with `--json` for scripts.

mod args;
mod commands;
mod indicators;
mod output;
mod progress;
#[cfg(test)]
mod readme;
mod rubrics;
mod users;

use std::process::ExitCode;

use clap::Parser;

/// mimalloc returns freed memory to the system soon after a burst of
/// requests, where the system allocator keeps it resident in per-thread
/// arenas (see BENCHMARKS.md, idle memory of the web server). Built without
/// transparent huge pages (`no_thp`): otherwise mimalloc asks the kernel for
/// 2 MiB pages, and the memory touched once while the server reads its
/// indicator rows at start stays resident in whole huge pages (about 118 MiB
/// idle on the city demonstration data instead of about 54).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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

//! The floor the web server is compared with: a bare axum handler serving a
//! fixed page on the same runtime and HTTP stack as `chibo serve` (no
//! session, no database, no template). `benchmarks/web.sh` saves the
//! signed-in cell page to a file, serves it with this and measures both with
//! the same `wrk` settings, one right after the other, and prints the ratio.
//!
//!   cargo run --release -p chibo-web --example bare_page -- PAGE.html 127.0.0.1:18090

use std::net::SocketAddr;

use axum::Router;
use axum::http::{HeaderValue, header};
use axum::routing::get;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(file), Some(address)) = (args.next(), args.next()) else {
        return Err("usage: bare_page PAGE.html ADDRESS:PORT".into());
    };
    let address: SocketAddr = address.parse()?;
    // Leaked once: every answer hands out the same bytes without copying.
    let body: &'static [u8] = Vec::leak(std::fs::read(&file)?);
    let page = move || async move {
        (
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            )],
            body,
        )
    };
    let app = Router::new().fallback(get(page));
    let listener = tokio::net::TcpListener::bind(address).await?;
    axum::serve(listener, app).await?;
    Ok(())
}

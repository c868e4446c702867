//! Responses are gzipped for clients that accept it, except files that are
//! already compressed and bodies too small to gain; the page decompresses to
//! exactly what an uncompressed request gets.

use std::io::Read;

use axum::body::Body;
use axum::http::{Request, header};

use crate::common::{self, send};

fn get_accepting(path: &str, cookie: &str, encoding: Option<&str>) -> Request<Body> {
    let mut builder = Request::get(path).header(header::COOKIE, format!("chibo_session={cookie}"));
    if let Some(encoding) = encoding {
        builder = builder.header(header::ACCEPT_ENCODING, encoding);
    }
    builder.body(Body::empty()).unwrap()
}

fn gunzip(bytes: &[u8]) -> String {
    let mut text = String::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_string(&mut text)
        .unwrap();
    text
}

fn header_of(answer: &common::Answer, name: header::HeaderName) -> &str {
    answer
        .headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

#[tokio::test]
async fn pages_are_gzipped_for_clients_that_accept_it() {
    for site in common::sites("web_compression").await {
        let router = site.router();
        let (cookie, _) = site.session("admin").await;

        let plain = send(&router, get_accepting("/tree", &cookie, None)).await;
        assert_eq!(plain.status, 200);
        assert_eq!(header_of(&plain, header::CONTENT_ENCODING), "");
        assert!(plain.body.contains("CT.NK"), "{}", plain.body);

        let zipped = send(
            &router,
            get_accepting("/tree", &cookie, Some("gzip, deflate, br")),
        )
        .await;
        assert_eq!(zipped.status, 200);
        assert_eq!(header_of(&zipped, header::CONTENT_ENCODING), "gzip");
        assert!(
            header_of(&zipped, header::VARY)
                .to_ascii_lowercase()
                .contains("accept-encoding"),
            "{:?}",
            zipped.headers
        );
        assert_eq!(gunzip(&zipped.bytes), plain.body);
        assert!(
            zipped.bytes.len() * 2 < plain.bytes.len(),
            "{} bytes gzipped from {}",
            zipped.bytes.len(),
            plain.bytes.len()
        );

        // The stylesheet too.
        let css = send(
            &router,
            get_accepting("/assets/chibo.css", &cookie, Some("gzip")),
        )
        .await;
        assert_eq!(header_of(&css, header::CONTENT_ENCODING), "gzip");
        assert!(gunzip(&css.bytes).contains('{'));

        // A client that asks for identity only gets identity.
        let identity = send(&router, get_accepting("/tree", &cookie, Some("identity"))).await;
        assert_eq!(header_of(&identity, header::CONTENT_ENCODING), "");
        assert_eq!(identity.body, plain.body);
    }
}

#[tokio::test]
async fn workbooks_and_small_answers_are_sent_as_they_are() {
    for site in common::sites("web_compression_skip").await {
        let router = site.router();
        let (cookie, _) = site.session("admin").await;

        // An XLSX is a zip archive already: gzipping it again costs CPU for
        // nothing.
        let xlsx = send(
            &router,
            get_accepting("/units/CT/dashboard/ranking.xlsx", &cookie, Some("gzip")),
        )
        .await;
        assert_eq!(xlsx.status, 200);
        assert!(
            header_of(&xlsx, header::CONTENT_TYPE).starts_with("application/vnd.openxmlformats"),
            "{:?}",
            xlsx.headers
        );
        assert_eq!(header_of(&xlsx, header::CONTENT_ENCODING), "");
        assert!(xlsx.bytes.starts_with(b"PK"));

        // A body under a kilobyte is not worth a gzip header.
        let health = send(&router, get_accepting("/health", &cookie, Some("gzip"))).await;
        assert_eq!(health.status, 200);
        assert!(health.bytes.len() < 1024);
        assert_eq!(header_of(&health, header::CONTENT_ENCODING), "");
    }
}

//! Response compression: pages, stylesheets, scripts, JSON and CSV are sent
//! gzipped to clients that accept it (the tree page shrinks from about
//! 640 KB to a few tens, which matters on a commune's slow link). Files
//! that are already compressed (XLSX and DOCX are zip archives, PDF streams
//! are deflated) and images are sent as they are, and so is any body too
//! small to gain from it.

use tower_http::compression::predicate::{NotForContentType, Predicate, SizeAbove};
use tower_http::compression::{CompressionLayer, CompressionLevel};

/// Bodies below this many bytes go uncompressed: the gzip header and the
/// work cost more than they save.
const MIN_BYTES: u16 = 1024;

/// The layer `router` wraps every route in.
pub fn layer() -> CompressionLayer<impl Predicate> {
    let predicate = SizeAbove::new(MIN_BYTES)
        .and(NotForContentType::IMAGES)
        .and(NotForContentType::GRPC)
        .and(NotForContentType::SSE)
        // XLSX and DOCX (application/vnd.openxmlformats-officedocument.*).
        .and(NotForContentType::const_new(
            "application/vnd.openxmlformats",
        ))
        .and(NotForContentType::const_new("application/zip"))
        .and(NotForContentType::const_new("application/pdf"));
    // A low level: most of the gain at a fraction of the CPU of the best
    // compression, on a server that renders pages on two cores.
    CompressionLayer::new()
        .gzip(true)
        .quality(CompressionLevel::Precise(4))
        .compress_when(predicate)
}

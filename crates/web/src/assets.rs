//! The stylesheet and scripts, embedded in the binary. Pages name them by
//! fingerprinted addresses (`/assets/chibo.0123456789abcdef.css`, the
//! fingerprint a hash of the content), which browsers keep for a year
//! without asking again: a phone on a slow link opens a page with one round
//! trip, and a new build's pages name new addresses. The plain addresses
//! (`/assets/chibo.css`) still answer, kept an hour, for whatever names them
//! without a layout.

use std::sync::LazyLock;

use axum::extract::Path;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

struct Asset {
    name: &'static str,
    content_type: &'static str,
    body: &'static str,
}

const JS: &str = "text/javascript; charset=utf-8";

const ASSETS: [Asset; 7] = [
    Asset {
        name: "chibo.css",
        content_type: "text/css; charset=utf-8",
        body: include_str!("../assets/chibo.css"),
    },
    Asset {
        name: "chibo.js",
        content_type: JS,
        body: include_str!("../assets/chibo.js"),
    },
    // The meeting form's drafts, outbox and service worker registration.
    Asset {
        name: "draft.js",
        content_type: JS,
        body: include_str!("../assets/draft.js"),
    },
    Asset {
        name: "meeting_form.js",
        content_type: JS,
        body: include_str!("../assets/meeting_form.js"),
    },
    // The survey form's live show/hide and checks (a module).
    Asset {
        name: "survey_form.js",
        content_type: JS,
        body: include_str!("../assets/survey_form.js"),
    },
    // The answering page's outbox, kept in memory only.
    Asset {
        name: "survey_outbox.js",
        content_type: JS,
        body: include_str!("../assets/survey_outbox.js"),
    },
    // Paper forms keyed in: moving on, saving by fetch, show/hide.
    Asset {
        name: "batch_entry.js",
        content_type: JS,
        body: include_str!("../assets/batch_entry.js"),
    },
];

/// A fingerprinted address never changes content: a year, not revalidated.
const FOREVER: &str = "public, max-age=31536000, immutable";
/// A plain address follows the build: an hour.
const AN_HOUR: &str = "public, max-age=3600";

/// FNV-1a, 64 bits: a content fingerprint for cache busting, not a
/// protection (the content is public and served by us).
fn fnv1a(bytes: &[u8], mut hash: u64) -> u64 {
    for byte in bytes {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// Each asset's fingerprinted address, in the order of `ASSETS`.
static ADDRESSES: LazyLock<Vec<String>> = LazyLock::new(|| {
    ASSETS
        .iter()
        .map(|asset| {
            let (stem, extension) = asset.name.rsplit_once('.').unwrap_or((asset.name, ""));
            let hash = fnv1a(asset.body.as_bytes(), FNV_OFFSET);
            format!("/assets/{stem}.{hash:016x}.{extension}")
        })
        .collect()
});

/// The address a page names for the asset `name` (`"chibo.css"`); for a
/// name that is not an asset, an address that is not found (a template's
/// typo shows in its tests as a missing stylesheet or script).
pub fn address(name: &str) -> &'static str {
    ASSETS
        .iter()
        .zip(ADDRESSES.iter())
        .find(|(asset, _)| asset.name == name)
        .map_or("/assets/unknown", |(_, address)| address.as_str())
}

/// Every fingerprinted address, for the service worker to keep.
pub fn addresses() -> &'static [String] {
    &ADDRESSES
}

/// A fingerprint of every asset together: changes with any of them.
pub fn version() -> String {
    let hash = ASSETS
        .iter()
        .fold(FNV_OFFSET, |hash, asset| fnv1a(asset.body.as_bytes(), hash));
    format!("{hash:016x}")
}

/// `GET /assets/{file}`: a fingerprinted address for ever, a plain one for
/// an hour; anything else is not found.
pub async fn serve(Path(file): Path<String>) -> Response {
    let requested = format!("/assets/{file}");
    let found = ASSETS
        .iter()
        .zip(ADDRESSES.iter())
        .find_map(|(asset, address)| {
            if *address == requested {
                Some((asset, FOREVER))
            } else if asset.name == file {
                Some((asset, AN_HOUR))
            } else {
                None
            }
        });
    match found {
        Some((asset, lifetime)) => (
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static(asset.content_type),
                ),
                (header::CACHE_CONTROL, HeaderValue::from_static(lifetime)),
            ],
            asset.body,
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_names_its_content() {
        let css = address("chibo.css");
        assert!(
            css.starts_with("/assets/chibo.") && css.ends_with(".css"),
            "{css}"
        );
        assert_eq!(css.len(), "/assets/chibo..css".len() + 16);
        assert_ne!(address("draft.js"), address("meeting_form.js"));
        assert_eq!(addresses().len(), ASSETS.len());
        // Known values of FNV-1a 64.
        assert_eq!(fnv1a(b"", FNV_OFFSET), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a", FNV_OFFSET), 0xaf63_dc4c_8601_ec8c);
    }
}

//! Where a redirect that takes its target from the request may lead: a path
//! on this site, never another one. Every such redirect (`/language?back=`,
//! the sign-in form's `next`) goes through [`same_site_path`].
//!
//! The target is decided by parsing it as browsers do (the WHATWG URL rules
//! of the `url` crate) against a placeholder origin and keeping it only when
//! the origin is unchanged, and by refusing outright what browsers or
//! proxies would read differently from us: control characters (browsers
//! drop tabs and line breaks, so `/\t/evil` is `//evil` to them), backslashes
//! (read as `/`), whitespace, and encoded forms of any of these.

use url::Url;

/// Where a refused or missing target leads: the landing page of the
/// signed-in role (`pages::home`).
pub const SAFE_DEFAULT: &str = "/";

/// Longer targets are refused: no page of ours needs one.
const MAX_TARGET_LEN: usize = 2048;

/// A placeholder origin the target is resolved against; `.invalid` never
/// resolves (RFC 6761).
const BASE: &str = "http://chibo.invalid/";

/// Rounds of percent-decoding looked through; a target still changing after
/// them is refused.
const DECODE_ROUNDS: usize = 3;

/// `raw` as a same-site path (with its query and fragment, re-encoded), or
/// [`SAFE_DEFAULT`] when it is missing or could lead anywhere else.
pub fn same_site_path(raw: Option<&str>) -> String {
    raw.and_then(parse_same_site)
        .unwrap_or_else(|| SAFE_DEFAULT.to_owned())
}

fn parse_same_site(raw: &str) -> Option<String> {
    if raw.is_empty() || raw.len() > MAX_TARGET_LEN || !looks_local(raw) {
        return None;
    }
    if raw.chars().any(char::is_whitespace) {
        return None;
    }
    // A proxy or a later decode must not turn it into something else.
    let mut decoded = raw.to_owned();
    let mut settled = false;
    for _ in 0..DECODE_ROUNDS {
        let next = percent_encoding::percent_decode_str(&decoded)
            .decode_utf8()
            .ok()?
            .into_owned();
        if !looks_local(&next) {
            return None;
        }
        if next == decoded {
            settled = true;
            break;
        }
        decoded = next;
    }
    if !settled {
        return None;
    }
    let base = Url::parse(BASE).ok()?;
    let url = base.join(raw).ok()?;
    if url.origin() != base.origin() || !url.username().is_empty() || url.password().is_some() {
        return None;
    }
    let mut path = url.path().to_owned();
    if let Some(query) = url.query() {
        path.push('?');
        path.push_str(query);
    }
    if let Some(fragment) = url.fragment() {
        path.push('#');
        path.push_str(fragment);
    }
    // Dot segments can collapse into `//evil` ("/..//evil"): the result is
    // checked again.
    looks_local(&path).then_some(path)
}

/// One leading slash, then anything but a second slash or a backslash; no
/// control character or backslash anywhere.
fn looks_local(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next() == Some('/')
        && !matches!(chars.next(), Some('/' | '\\'))
        && !text.chars().any(|c| c.is_control() || c == '\\')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_site_paths_are_kept() {
        for (raw, expected) in [
            ("/", "/"),
            ("/tree", "/tree"),
            (
                "/units/CT.NK?as_of=01%2F01%2F2024",
                "/units/CT.NK?as_of=01%2F01%2F2024",
            ),
            (
                "/units/CT.NK/dashboard#trend",
                "/units/CT.NK/dashboard#trend",
            ),
            ("/tree?q=ninh%20ki%E1%BB%81u", "/tree?q=ninh%20ki%E1%BB%81u"),
            // Non-ASCII text is encoded, so the Location header is valid.
            ("/tree?q=Kiều", "/tree?q=Ki%E1%BB%81u"),
            ("/a/../tree", "/tree"),
        ] {
            assert_eq!(same_site_path(Some(raw)), expected, "{raw:?}");
        }
    }

    #[test]
    fn anything_that_could_leave_the_site_falls_back() {
        for raw in [
            "",
            "tree",
            "//evil.example",
            "///evil.example",
            "/\\evil.example",
            "\\\\evil.example",
            "/\\/evil.example",
            "https://evil.example/",
            "http:evil.example",
            "javascript:alert(1)",
            "data:text/html,x",
            " /tree",
            "/ /evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r\n/evil.example",
            "/tree\r\nSet-Cookie: a=b",
            "/\u{0}",
            "/\n",
            "/\u{85}/evil.example",
            "/\u{3000}/evil.example",
            "/%2F/evil.example",
            "/%2f%2fevil.example",
            "/%5Cevil.example",
            "/%5cevil.example",
            "/%252F/evil.example",
            "/%25252F%25252Fevil.example",
            "/%09/evil.example",
            "/%0a",
            "/%0d%0aSet-Cookie:%20a=b",
            "/%E0%A4%A",
            "/%FF",
            "/..//evil.example",
            "/.//evil.example",
            "/%2e%2e//evil.example",
            "/tree/..//..//evil.example",
        ] {
            assert_eq!(same_site_path(Some(raw)), SAFE_DEFAULT, "{raw:?}");
        }
        assert_eq!(same_site_path(None), SAFE_DEFAULT);
        assert_eq!(
            same_site_path(Some(&format!("/{}", "a".repeat(MAX_TARGET_LEN)))),
            SAFE_DEFAULT
        );
    }

    #[test]
    fn every_kept_path_is_a_valid_header_value() {
        for raw in ["/tree?q=Kiều", "/tree?q=\u{202e}x", "/t#ả"] {
            let path = same_site_path(Some(raw));
            assert!(path.starts_with('/') && !path.starts_with("//"));
            assert!(axum::http::HeaderValue::from_str(&path).is_ok(), "{path}");
        }
    }
}

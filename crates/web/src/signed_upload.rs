//! Uploads (multipart forms) from a signed-in person. The extractor reads
//! the body only until the form's first part is complete (a few KiB at
//! most), which must be its CSRF token, and refuses the request before
//! reading further: a forged form never has its file read, let alone
//! parsed. (A multipart parser reads ahead whatever has arrived, so the
//! first part is read here on its own.) The handler then checks what it
//! needs (a permission) and reads the rest with [`UploadBody::read`],
//! within the route's size limit, each failure answered as an error page.

use std::marker::PhantomData;

use axum::body::{Body, Bytes};
use axum::extract::multipart::{Field, MultipartError};
use axum::extract::{FromRequest, FromRequestParts, Multipart, Request};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use chibo_core::auth;
use chibo_domain::Message;
use chibo_i18n::Lang;
use futures_util::{StreamExt, stream};

use crate::error::{PageError, PageResult};
use crate::session::Signed;
use crate::{AppState, WebConfig};

/// The name of the field that carries the CSRF token; forms send it first.
const CSRF_FIELD: &str = "csrf";
/// The most read before the first part must be complete: a token's part
/// is about a hundred bytes.
const FIRST_PART_MAX: usize = 8 * 1024;

/// Which configured size bounds a route's body: the limit the route's
/// `DefaultBodyLimit` sets, named in the message when a body exceeds it.
pub trait UploadLimit {
    fn bytes(config: &WebConfig) -> usize;
}

/// The limit of file imports (`max_upload_bytes`).
pub struct FileLimit;

impl UploadLimit for FileLimit {
    fn bytes(config: &WebConfig) -> usize {
        config.max_upload_bytes
    }
}

/// The limit of every other body (`max_body_bytes`).
pub struct FormLimit;

impl UploadLimit for FormLimit {
    fn bytes(config: &WebConfig) -> usize {
        config.max_body_bytes
    }
}

/// What a form's fields are read into.
pub trait UploadFields: Default {
    /// A field without a file name.
    fn text(&mut self, name: &str, value: String);
    /// A field with a file name (the last segment of the name sent, so no
    /// directory of the sender's shows), and the file's bytes.
    fn file(&mut self, name: &str, file_name: String, bytes: Vec<u8>);
}

/// A multipart form from a signed-in person whose CSRF token matched; the
/// rest of the body is still unread.
pub struct SignedUpload<L: UploadLimit> {
    pub signed: Signed,
    pub body: UploadBody,
    limit: PhantomData<L>,
}

/// The fields after the CSRF token, unread until [`UploadBody::read`].
pub struct UploadBody {
    multipart: Multipart,
    limit_bytes: usize,
    lang: Lang,
}

/// A body that could not be read: too large (the message names the
/// limit), or not a well-formed form.
fn unreadable(error: &MultipartError, limit_bytes: usize, lang: Lang) -> PageError {
    if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
        too_large(limit_bytes, lang)
    } else {
        PageError::new(error.status(), Message::new("web-error-form"), lang)
    }
}

fn forged(lang: Lang) -> PageError {
    PageError::new(StatusCode::FORBIDDEN, Message::new("web-error-csrf"), lang)
}

fn bad_form(lang: Lang) -> PageError {
    PageError::new(
        StatusCode::BAD_REQUEST,
        Message::new("web-error-form"),
        lang,
    )
}

/// The message names the route's limit in MB.
fn too_large(limit_bytes: usize, lang: Lang) -> PageError {
    PageError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        Message::new("web-import-too-large").arg("limit", limit_bytes / (1024 * 1024)),
        lang,
    )
}

/// The boundary of a `multipart/form-data` body.
fn boundary(headers: &HeaderMap) -> Option<String> {
    let content_type = headers.get(header::CONTENT_TYPE)?.to_str().ok()?;
    let (kind, parameters) = content_type.split_once(';')?;
    if !kind.trim().eq_ignore_ascii_case("multipart/form-data") {
        return None;
    }
    parameters.split(';').find_map(|parameter| {
        let (name, value) = parameter.trim().split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("boundary")
            .then(|| value.trim().trim_matches('"').to_owned())
    })
}

/// Where the first part of a form ends: past its closing delimiter and the
/// two bytes after it (a line break, or `--` at the end of the form).
fn first_part_end(read: &[u8], delimiter: &[u8]) -> Option<usize> {
    let (second, _) = read
        .windows(delimiter.len())
        .enumerate()
        .filter(|(_, w)| *w == delimiter)
        .nth(1)?;
    Some(read.len().min(second + delimiter.len() + 2))
}

/// The value of the first part of a form, from the bytes holding it whole.
async fn first_value(
    read: &[u8],
    headers: &HeaderMap,
) -> Result<Option<(String, String)>, MultipartError> {
    let mut probe = Request::new(Body::from(read.to_vec()));
    if let Some(content_type) = headers.get(header::CONTENT_TYPE) {
        probe
            .headers_mut()
            .insert(header::CONTENT_TYPE, content_type.clone());
    }
    let Ok(mut multipart) = Multipart::from_request(probe, &()).await else {
        return Ok(None);
    };
    let Some(field) = multipart.next_field().await? else {
        return Ok(None);
    };
    let name = field.name().unwrap_or_default().to_owned();
    Ok(Some((name, field.text().await?)))
}

impl<L: UploadLimit> FromRequest<AppState> for SignedUpload<L> {
    type Rejection = Response;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Response> {
        let (mut parts, body) = request.into_parts();
        let signed = Signed::from_request_parts(&mut parts, state).await?;
        let lang = signed.lang;
        let limit_bytes = L::bytes(&state.config);
        let delimiter = format!(
            "--{}",
            boundary(&parts.headers).ok_or_else(|| bad_form(lang))?
        );
        // Read until the first part is closed by the next delimiter. A
        // body over the limit is refused once the token has been checked.
        let mut rest = body.into_data_stream();
        let mut read: Vec<u8> = Vec::new();
        let end = loop {
            if let Some(end) = first_part_end(&read, delimiter.as_bytes()) {
                break end;
            }
            if read.len() > FIRST_PART_MAX {
                return Err(forged(lang).into());
            }
            match rest.next().await {
                Some(Ok(chunk)) => read.extend_from_slice(&chunk),
                Some(Err(_)) => return Err(bad_form(lang).into()),
                None => break read.len(),
            }
        };
        let first = first_value(&read[..end], &parts.headers)
            .await
            .map_err(|_| bad_form(lang))?;
        let token = match first {
            Some((name, token)) if name == CSRF_FIELD => token,
            _ => return Err(forged(lang).into()),
        };
        if !auth::csrf_matches(&signed.session, &token) {
            return Err(forged(lang).into());
        }
        // The whole body again, what was read first, then the rest as it
        // comes, within the route's limit.
        let read = stream::once(async move { Ok::<_, axum::Error>(Bytes::from(read)) });
        let body = Body::from_stream(read.chain(rest));
        let multipart = Multipart::from_request(Request::from_parts(parts, body), state)
            .await
            .map_err(|_| bad_form(lang))?;
        Ok(SignedUpload {
            signed,
            body: UploadBody {
                multipart,
                limit_bytes,
                lang,
            },
            limit: PhantomData,
        })
    }
}

impl UploadBody {
    /// Reads the fields after the CSRF token into `F`.
    pub async fn read<F: UploadFields>(mut self) -> PageResult<F> {
        let mut fields = F::default();
        let failed = |e: MultipartError| unreadable(&e, self.limit_bytes, self.lang);
        // The token, checked already.
        self.multipart.next_field().await.map_err(failed)?;
        while let Some(field) = self.multipart.next_field().await.map_err(failed)? {
            read_field(field, &mut fields).await.map_err(failed)?;
        }
        Ok(fields)
    }
}

async fn read_field<F: UploadFields>(
    field: Field<'_>,
    fields: &mut F,
) -> Result<(), MultipartError> {
    let name = field.name().unwrap_or_default().to_owned();
    match field.file_name() {
        Some(sent) => {
            let file_name = sent.rsplit(['/', '\\']).next().unwrap_or(sent).to_owned();
            let bytes = field.bytes().await?.to_vec();
            fields.file(&name, file_name, bytes);
        }
        None => {
            let value = field.text().await?;
            fields.text(&name, value);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_boundary_comes_from_a_multipart_content_type_only() {
        let mut headers = HeaderMap::new();
        let with = |value: &'static str, headers: &mut HeaderMap| {
            headers.insert(
                header::CONTENT_TYPE,
                header::HeaderValue::from_static(value),
            );
        };
        with("multipart/form-data; boundary=abc", &mut headers);
        assert_eq!(boundary(&headers).as_deref(), Some("abc"));
        with(
            "Multipart/Form-Data; charset=utf-8; BOUNDARY=\"x y\"",
            &mut headers,
        );
        assert_eq!(boundary(&headers).as_deref(), Some("x y"));
        with(
            "application/x-www-form-urlencoded; boundary=abc",
            &mut headers,
        );
        assert_eq!(boundary(&headers), None);
        with("multipart/form-data", &mut headers);
        assert_eq!(boundary(&headers), None);
    }

    #[test]
    fn the_first_part_ends_after_the_next_delimiter() {
        let form = b"--b\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nt\r\n--b\r\nmore";
        let end = first_part_end(form, b"--b").unwrap();
        assert_eq!(&form[..end], &form[..form.len() - 4]);
        assert_eq!(first_part_end(&form[..20], b"--b"), None);
        // At the end of the form, the bytes after the delimiter are `--`.
        let last = b"--b\r\n\r\nt\r\n--b--";
        assert_eq!(first_part_end(last, b"--b"), Some(last.len()));
    }
}

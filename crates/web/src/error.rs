//! Errors, rendered two ways: a page in the person's language, or the API's
//! JSON body `{code, message, fields}`. What went wrong inside is logged,
//! never shown.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use chibo_core::CoreError;
use chibo_domain::Message;
use chibo_i18n::Lang;

#[derive(Debug)]
pub struct PageError {
    pub status: StatusCode,
    pub message: Message,
    pub lang: Lang,
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    lang_code: &'static str,
    title: String,
    text: String,
    home: String,
}

/// The status and message for a failed use case. Internal failures are
/// logged here and become a general message.
pub fn classify(error: CoreError) -> (StatusCode, Message) {
    match error {
        CoreError::Denied(_) => (StatusCode::NOT_FOUND, Message::new("access-denied")),
        CoreError::Throttled(message) => (StatusCode::TOO_MANY_REQUESTS, message),
        CoreError::Refused(message) => (StatusCode::UNPROCESSABLE_ENTITY, message),
        CoreError::Invalid(problems) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            problems
                .into_iter()
                .next()
                .map_or(Message::new("web-error-form"), |p| p.message),
        ),
        conflict if conflict.is_conflict() => {
            (StatusCode::CONFLICT, Message::new("err-db-conflict"))
        }
        other => {
            tracing::error!(error = %other, "request failed");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                Message::new("web-error-internal"),
            )
        }
    }
}

impl PageError {
    pub fn new(status: StatusCode, message: Message, lang: Lang) -> Self {
        PageError {
            status,
            message,
            lang,
        }
    }

    pub fn from_core(error: CoreError, lang: Lang) -> Self {
        let (status, message) = classify(error);
        PageError::new(status, message, lang)
    }

    pub fn not_found(lang: Lang) -> Self {
        PageError::new(StatusCode::NOT_FOUND, Message::new("access-denied"), lang)
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let title_id = match self.status.as_u16() {
            404 => "web-error-title-not-found",
            403 => "web-error-title-forbidden",
            429 => "web-error-title-throttled",
            500..=599 => "web-error-title-internal",
            _ => "web-error-title",
        };
        let page = ErrorPage {
            lang_code: self.lang.code(),
            title: chibo_i18n::text(self.lang, title_id),
            text: chibo_i18n::render(self.lang, &self.message),
            home: chibo_i18n::text(self.lang, "web-error-home"),
        };
        match page.render() {
            Ok(html) => (self.status, Html(html)).into_response(),
            Err(e) => {
                tracing::error!(error = %e, "error template failed");
                self.status.into_response()
            }
        }
    }
}

/// Extractors refuse with a `Response` (a redirect to sign in, or an
/// error page); this lets them use `?` on a `PageResult` alike.
impl From<PageError> for Response {
    fn from(error: PageError) -> Self {
        error.into_response()
    }
}

impl From<askama::Error> for PageError {
    fn from(error: askama::Error) -> Self {
        tracing::error!(error = %error, "template failed");
        PageError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            Message::new("web-error-internal"),
            Lang::Vi,
        )
    }
}

/// What a page handler returns: its response, or the error page.
pub type PageResult<T = Response> = Result<T, PageError>;

/// Turns a use case's failure into the error page in the person's
/// language, so that handlers can use `?`.
pub trait InLang<T> {
    fn in_lang(self, lang: Lang) -> PageResult<T>;
}

impl<T> InLang<T> for Result<T, CoreError> {
    fn in_lang(self, lang: Lang) -> PageResult<T> {
        self.map_err(|e| PageError::from_core(e, lang))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn in_lang_keeps_the_kind_and_the_language_of_a_core_failure() {
        let denied: Result<(), CoreError> = Err(chibo_core::access::denied());
        let error = denied.in_lang(Lang::En).unwrap_err();
        assert_eq!(error.status, StatusCode::NOT_FOUND);
        assert_eq!(error.lang, Lang::En);

        let refused: Result<(), CoreError> = Err(CoreError::refused(Message::new("x")));
        let error = refused.in_lang(Lang::Vi).unwrap_err();
        assert_eq!(error.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(error.lang, Lang::Vi);

        assert_eq!(Ok::<_, CoreError>(7).in_lang(Lang::Vi).unwrap(), 7);
    }
}

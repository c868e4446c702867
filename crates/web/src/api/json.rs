//! Reading what a caller sends: a JSON body and a query string. Each kind
//! of failure is told apart by serde's own types (a syntax error by its
//! category, an unknown field by the deserializer that met it, a bad value
//! by the path where it failed), never by the wording of its message,
//! which serde may change and which only goes into the message shown.

use std::collections::HashSet;

use axum::http::StatusCode;
use chibo_domain::Message;
use chibo_i18n::Lang;
use serde::de::DeserializeOwned;
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};

use super::ApiError;

/// Where a value sits in a body, written as the API's `fields` name it:
/// `full_name`, `grants[0].role`.
#[derive(Default)]
struct FieldPath(String);

impl FieldPath {
    fn key(&mut self, key: &str) {
        if !self.0.is_empty() {
            self.0.push('.');
        }
        self.0.push_str(key);
    }

    fn index(&mut self, index: usize) {
        self.0.push_str(&format!("[{index}]"));
    }
}

/// The name of a field that serde ignored, from the root down.
fn ignored_path(path: &serde_ignored::Path<'_>) -> FieldPath {
    use serde_ignored::Path;
    let mut steps = Vec::new();
    let mut at = path;
    loop {
        match at {
            Path::Root => break,
            Path::Seq { parent, index } => {
                steps.push(Err(*index));
                at = parent;
            }
            Path::Map { parent, key } => {
                steps.push(Ok(key.as_str()));
                at = parent;
            }
            Path::Some { parent }
            | Path::NewtypeStruct { parent }
            | Path::NewtypeVariant { parent } => at = parent,
        }
    }
    let mut field = FieldPath::default();
    for step in steps.into_iter().rev() {
        match step {
            Ok(key) => field.key(key),
            Err(index) => field.index(index),
        }
    }
    field
}

/// The name of the value where deserializing failed.
fn failed_path(path: &serde_path_to_error::Path) -> FieldPath {
    use serde_path_to_error::Segment;
    let mut field = FieldPath::default();
    for segment in path {
        match segment {
            Segment::Seq { index } => field.index(*index),
            Segment::Map { key } => field.key(key),
            Segment::Enum { variant } => field.key(variant),
            Segment::Unknown => {}
        }
    }
    field
}

/// Parses a JSON body strictly: the right content type, well-formed, no
/// unknown fields (at any depth); each failure names what is wrong.
/// `T` must not deny unknown fields itself: they are found here, by path.
pub(super) fn parse_body<T: DeserializeOwned + ToSchema>(
    content_type: Option<&str>,
    body: &[u8],
    lang: Lang,
) -> Result<T, ApiError> {
    if !content_type.is_some_and(|v| v.starts_with("application/json")) {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            Message::new("api-json-required"),
        )
        .in_lang(lang));
    }
    // Any failure to read a `Value` is of the text itself: every JSON
    // document is a `Value`.
    let value: Value = serde_json::from_slice(body).map_err(|e| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "malformed_json",
            Message::new("api-malformed-json").arg("detail", e.to_string()),
        )
        .in_lang(lang)
    })?;
    let mut unknown: Option<FieldPath> = None;
    let mut note_unknown = |path: serde_ignored::Path<'_>| {
        if unknown.is_none() {
            unknown = Some(ignored_path(&path));
        }
    };
    let parsed: Result<T, _> = serde_path_to_error::deserialize(serde_ignored::Deserializer::new(
        &value,
        &mut note_unknown,
    ));
    if let Some(FieldPath(field)) = unknown {
        let message = Message::new("api-unknown-field").arg("field", &field);
        return Err(ApiError::invalid_field(&field, message, lang));
    }
    parsed.map_err(|e| {
        let FieldPath(mut field) = failed_path(e.path());
        // A missing field fails at the object that lacks it: name the
        // field, from the object's `required` list in `T`'s schema.
        if let Some(missing) = missing_required::<T>(&value, e.path()) {
            let mut path = FieldPath(field);
            path.key(&missing);
            field = path.0;
        }
        let message = Message::new("api-bad-value").arg("detail", e.inner().to_string());
        ApiError::invalid_field(&field, message, lang)
    })
}

/// The first field that `T`'s schema requires of the object at `path` and
/// that `body` lacks there; `None` when the value at `path` is no object
/// or lacks nothing.
fn missing_required<T: ToSchema>(body: &Value, path: &serde_path_to_error::Path) -> Option<String> {
    use serde_path_to_error::Segment;
    let mut named = Vec::new();
    T::schemas(&mut named);
    let components: serde_json::Map<String, Value> = named
        .into_iter()
        .filter_map(|(name, schema)| Some((name, serde_json::to_value(schema).ok()?)))
        .collect();
    // A `$ref` to a component, followed.
    let resolve = |schema: Value| -> Option<Value> {
        match schema.get("$ref").and_then(Value::as_str) {
            Some(reference) => {
                let name = reference.strip_prefix("#/components/schemas/")?;
                components.get(name).cloned()
            }
            None => Some(schema),
        }
    };
    let mut schema = resolve(serde_json::to_value(T::schema()).ok()?)?;
    let mut at = body;
    for segment in path {
        (schema, at) = match segment {
            Segment::Map { key } => (schema.get("properties")?.get(key)?.clone(), at.get(key)?),
            Segment::Seq { index } => (schema.get("items")?.clone(), at.get(index)?),
            Segment::Enum { .. } | Segment::Unknown => return None,
        };
        schema = resolve(schema)?;
    }
    let object = at.as_object()?;
    schema
        .get("required")?
        .as_array()?
        .iter()
        .filter_map(Value::as_str)
        .find(|name| !object.contains_key(*name))
        .map(str::to_owned)
}

/// Parses a query string into `T`, whose parameters `T` documents. A
/// documented parameter given twice is refused by its name; an unknown one
/// is ignored, as browsers and proxies add their own.
pub(super) fn parse_query<T: DeserializeOwned + IntoParams>(query: &str) -> Result<T, ApiError> {
    let documented: Vec<String> = T::into_params(|| None)
        .into_iter()
        .map(|p| p.name)
        .collect();
    let mut seen = HashSet::new();
    for (name, _) in url::form_urlencoded::parse(query.as_bytes()) {
        if documented.iter().any(|d| *d == name) && !seen.insert(name.clone()) {
            let message = Message::new("api-duplicate-parameter").arg("name", name.as_ref());
            return Err(query_error(name.into_owned(), message));
        }
    }
    let pairs = url::form_urlencoded::parse(query.as_bytes());
    serde_path_to_error::deserialize(serde_urlencoded::Deserializer::new(pairs)).map_err(
        |e: serde_path_to_error::Error<serde_urlencoded::de::Error>| {
            let FieldPath(field) = failed_path(e.path());
            let message = Message::new("api-bad-query").arg("detail", e.inner().to_string());
            query_error(field, message)
        },
    )
}

fn query_error(field: String, message: Message) -> ApiError {
    let mut error = ApiError::new(StatusCode::BAD_REQUEST, "bad_request", message.clone());
    if !field.is_empty() {
        error.fields.push((field, message));
    }
    error
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize, utoipa::ToSchema)]
    struct Grant {
        #[allow(dead_code)]
        role: String,
    }

    #[derive(Debug, Deserialize, utoipa::ToSchema)]
    struct Body {
        #[allow(dead_code)]
        name: Option<String>,
        #[allow(dead_code)]
        year: Option<i32>,
        #[serde(default)]
        #[allow(dead_code)]
        grants: Vec<Grant>,
    }

    fn refusal(body: &str) -> ApiError {
        parse_body::<Body>(Some("application/json"), body.as_bytes(), Lang::En).unwrap_err()
    }

    fn field(error: &ApiError) -> &str {
        error.fields.first().map_or("", |(f, _)| f.as_str())
    }

    #[test]
    fn an_unknown_field_is_named_at_any_depth() {
        let top = refusal(r#"{"name":"A","nickname":"B"}"#);
        assert_eq!(
            (top.status, top.code),
            (StatusCode::UNPROCESSABLE_ENTITY, "invalid")
        );
        assert_eq!(top.message.id, "api-unknown-field");
        assert_eq!(field(&top), "nickname");
        let nested = refusal(r#"{"grants":[{"role":"viewer"},{"role":"viewer","power":9}]}"#);
        assert_eq!(nested.message.id, "api-unknown-field");
        assert_eq!(field(&nested), "grants[1].power");
        // Even beside a bad value, the unknown field is what is named.
        let both = refusal(r#"{"nickname":"B","year":"x"}"#);
        assert_eq!(field(&both), "nickname");
    }

    #[test]
    fn a_bad_value_is_named_by_its_path_and_a_bad_text_is_malformed() {
        let year = refusal(r#"{"year":"nineteen"}"#);
        assert_eq!(year.code, "invalid");
        assert_eq!(year.message.id, "api-bad-value");
        assert_eq!(field(&year), "year");
        let role = refusal(r#"{"grants":[{"role":7}]}"#);
        assert_eq!(field(&role), "grants[0].role");
        let malformed = refusal(r#"{"name":"#);
        assert_eq!(
            (malformed.status, malformed.code),
            (StatusCode::BAD_REQUEST, "malformed_json")
        );
        let not_json = parse_body::<Body>(Some("text/plain"), b"{}", Lang::En).unwrap_err();
        assert_eq!(not_json.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
        assert!(
            parse_body::<Body>(Some("application/json"), br#"{"name":null}"#, Lang::En).is_ok()
        );
    }

    #[derive(Debug, Deserialize, utoipa::ToSchema)]
    struct Named {
        #[allow(dead_code)]
        name: String,
        #[serde(default)]
        #[allow(dead_code)]
        grants: Vec<Grant>,
    }

    #[test]
    fn a_missing_field_is_named_from_the_schema() {
        let refusal = |body: &str| {
            parse_body::<Named>(Some("application/json"), body.as_bytes(), Lang::En).unwrap_err()
        };
        let top = refusal("{}");
        assert_eq!((top.code, top.message.id), ("invalid", "api-bad-value"));
        assert_eq!(field(&top), "name");
        let nested = refusal(r#"{"name":"a","grants":[{"role":"x"},{}]}"#);
        assert_eq!(field(&nested), "grants[1].role");
        // A value of the wrong type where an object belongs names its path.
        let wrong = refusal(r#"{"name":"a","grants":[7]}"#);
        assert_eq!(field(&wrong), "grants[0]");
    }

    #[derive(Debug, Deserialize, IntoParams)]
    #[into_params(parameter_in = Query)]
    struct Query {
        #[allow(dead_code)]
        as_of: Option<String>,
    }

    #[test]
    fn a_documented_parameter_given_twice_is_named_and_others_are_ignored() {
        let twice = parse_query::<Query>("as_of=a&as_of=b").unwrap_err();
        assert_eq!(
            (twice.status, twice.code),
            (StatusCode::BAD_REQUEST, "bad_request")
        );
        assert_eq!(twice.message.id, "api-duplicate-parameter");
        assert_eq!(field(&twice), "as_of");
        // Percent-encoded names are the same name.
        assert!(parse_query::<Query>("as_of=a&as%5Fof=b").is_err());
        assert!(parse_query::<Query>("lang=en&lang=vi&as_of=a").is_ok());
        assert!(parse_query::<Query>("").is_ok());
    }
}

//! A validator for the part of JSON Schema (OpenAPI 3.1, so JSON Schema
//! 2020-12: a null is a type of its own) that the API document uses. A keyword it does not know fails the validation, so
//! the document cannot drift into what this validator would ignore.
//!
//! Objects are checked strictly: `additionalProperties: false` refuses
//! properties that are not described, which is how the document promises
//! that an answer holds nothing undocumented.

use serde_json::Value;

const KNOWN: &[&str] = &[
    "$ref",
    "type",
    "enum",
    "properties",
    "required",
    "additionalProperties",
    "items",
    "minimum",
    "maximum",
    "format",
    "description",
];

/// Problems of `value` against `schema` (empty when it conforms); `$ref`s
/// resolve in `document`.
pub fn validate(document: &Value, schema: &Value, value: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    check(document, schema, value, "$", &mut problems);
    problems
}

fn resolve<'a>(document: &'a Value, reference: &str) -> Option<&'a Value> {
    let pointer = reference.strip_prefix('#')?;
    document.pointer(pointer)
}

fn type_matches(name: &str, value: &Value) -> bool {
    match name {
        "object" => value.is_object(),
        "array" => value.is_array(),
        "string" => value.is_string(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "null" => value.is_null(),
        _ => false,
    }
}

fn is_date(text: &str) -> bool {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok() && text.len() == 10
}

fn check(document: &Value, schema: &Value, value: &Value, at: &str, out: &mut Vec<String>) {
    let Some(map) = schema.as_object() else {
        out.push(format!("{at}: the schema is not an object: {schema}"));
        return;
    };
    for key in map.keys() {
        if !KNOWN.contains(&key.as_str()) {
            out.push(format!(
                "{at}: keyword {key:?} is outside the validated subset"
            ));
        }
    }
    if let Some(reference) = map.get("$ref").and_then(Value::as_str) {
        match resolve(document, reference) {
            Some(target) => check(document, target, value, at, out),
            None => out.push(format!("{at}: unresolved $ref {reference}")),
        }
        return;
    }
    // `type` is one name or a list of them (`["string", "null"]`).
    let types: Vec<&str> = match map.get("type") {
        Some(Value::String(name)) => vec![name.as_str()],
        Some(Value::Array(names)) => names.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    if !types.is_empty() && !types.iter().any(|name| type_matches(name, value)) {
        out.push(format!("{at}: {value} is not of type {types:?}"));
        return;
    }
    if let Some(allowed) = map.get("enum").and_then(Value::as_array)
        && !allowed.contains(value)
    {
        out.push(format!("{at}: {value} is not one of {allowed:?}"));
    }
    if let Some(n) = value.as_f64() {
        if let Some(min) = map.get("minimum").and_then(Value::as_f64)
            && n < min
        {
            out.push(format!("{at}: {n} is below {min}"));
        }
        if let Some(max) = map.get("maximum").and_then(Value::as_f64)
            && n > max
        {
            out.push(format!("{at}: {n} is above {max}"));
        }
    }
    if let (Some("date"), Some(text)) = (map.get("format").and_then(Value::as_str), value.as_str())
        && !is_date(text)
    {
        out.push(format!("{at}: {text:?} is not a date (yyyy-mm-dd)"));
    }
    if let (Some(items), Some(array)) = (map.get("items"), value.as_array()) {
        for (i, item) in array.iter().enumerate() {
            check(document, items, item, &format!("{at}[{i}]"), out);
        }
    }
    if let Some(object) = value.as_object() {
        let properties = map.get("properties").and_then(Value::as_object);
        for name in map
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            if !object.contains_key(name) {
                out.push(format!("{at}: required property {name:?} is missing"));
            }
        }
        for (name, item) in object {
            let here = format!("{at}.{name}");
            match properties.and_then(|p| p.get(name)) {
                Some(property) => check(document, property, item, &here, out),
                None => match map.get("additionalProperties") {
                    Some(Value::Bool(false)) => {
                        out.push(format!("{at}: property {name:?} is not described"))
                    }
                    Some(extra @ Value::Object(_)) => check(document, extra, item, &here, out),
                    _ => {}
                },
            }
        }
    }
}

#[test]
fn the_validator_catches_what_it_should() {
    let document =
        serde_json::json!({"components": {"schemas": {"D": {"type": "string", "format": "date"}}}});
    let schema = serde_json::json!({
        "type": "object", "additionalProperties": false, "required": ["a"],
        "properties": {
            "a": {"type": "integer", "minimum": 1, "maximum": 3},
            "b": {"type": ["string", "null"], "enum": ["x", null]},
            "c": {"type": "array", "items": {"$ref": "#/components/schemas/D"}}
        }
    });
    let ok = serde_json::json!({"a": 2, "b": null, "c": ["2024-06-30"]});
    assert!(validate(&document, &schema, &ok).is_empty());
    for bad in [
        serde_json::json!({"b": "x"}),
        serde_json::json!({"a": 0}),
        serde_json::json!({"a": 4}),
        serde_json::json!({"a": 1.5}),
        serde_json::json!({"a": 1, "b": "y"}),
        serde_json::json!({"a": 1, "c": ["30/06/2024"]}),
        serde_json::json!({"a": 1, "d": true}),
        serde_json::json!({"a": null}),
        serde_json::json!({"a": 1, "c": [null]}),
        serde_json::json!([1]),
    ] {
        assert!(!validate(&document, &schema, &bad).is_empty(), "{bad}");
    }
    let unknown = serde_json::json!({"type": "string", "pattern": "x"});
    assert!(!validate(&document, &unknown, &serde_json::json!("x")).is_empty());
    // OpenAPI 3.0's `nullable` is no keyword of 3.1: it would be ignored.
    let old = serde_json::json!({"type": "string", "nullable": true});
    assert!(!validate(&document, &old, &serde_json::json!(null)).is_empty());
}

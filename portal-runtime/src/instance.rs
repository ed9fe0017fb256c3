//! Checks on an untyped JSON instance, called by the generated `Validate` impls of types that keep
//! their value as `serde_json::Value` (schemas with `anyOf`, type lists, `patternProperties` and
//! the other keywords a Rust type cannot state).
//!
//! Keywords that apply to one JSON type are checked by the caller only when the instance has that
//! type; the string and number keywords reuse [`crate::check`].

use crate::validate::{Path, Violation, Violations, json_type};
use serde_json::{Map, Value};

/// The JSON Schema type of `value`: like [`json_type`], but a number with no fractional part is an
/// `integer` (`1.0` is an integer, as JSON Schema says).
pub fn schema_type(value: &Value) -> &'static str {
    match value {
        Value::Number(n) if n.as_f64().is_some_and(|f| f.fract() == 0.0) => "integer",
        other => json_type(other),
    }
}

/// Whether `value` has one of `types` (`number` includes `integer`).
pub fn has_type(value: &Value, types: &[&str]) -> bool {
    let t = schema_type(value);
    types
        .iter()
        .any(|&want| want == t || (want == "number" && t == "integer"))
}

/// `type`: one name or a list of names.
pub fn types(value: &Value, types: &[&str], at: &Path<'_>, out: &mut Violations) {
    if !has_type(value, types) {
        out.push(Violation::new(
            at,
            "type",
            types.join(" or "),
            json_type(value),
        ));
    }
}

/// The schema `false`: nothing is valid.
pub fn nothing(value: &Value, at: &Path<'_>, out: &mut Violations) {
    out.push(Violation::new(
        at,
        "false",
        "nothing (the schema is false)",
        json_type(value),
    ));
}

/// JSON equality as JSON Schema defines it: numbers compare by value (`1` equals `1.0`), objects
/// regardless of key order.
pub fn equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            match (x.as_i64(), y.as_i64(), x.as_u64(), y.as_u64()) {
                (Some(x), Some(y), _, _) => x == y,
                (_, _, Some(x), Some(y)) => x == y,
                _ => x.as_f64() == y.as_f64(),
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| equal(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| equal(v, w)))
        }
        _ => a == b,
    }
}

fn shown(value: &Value) -> String {
    match value {
        Value::String(s) => crate::check::quote_str(s),
        other => {
            let text = other.to_string();
            match text.char_indices().nth(64) {
                None => text,
                Some((cut, _)) => format!("{}…", &text[..cut]),
            }
        }
    }
}

/// `const`.
pub fn const_value(value: &Value, expected: &Value, at: &Path<'_>, out: &mut Violations) {
    if !equal(value, expected) {
        out.push(Violation::new(at, "const", shown(expected), shown(value)));
    }
}

/// Whether `value` is one of the values of `allowed`, the JSON array of an `enum`.
pub fn in_enum(value: &Value, allowed: &Value) -> bool {
    allowed
        .as_array()
        .is_some_and(|list| list.iter().any(|a| equal(value, a)))
}

/// Whether no two of `items` are equal (`uniqueItems: true`).
pub fn all_unique(items: &[Value]) -> bool {
    items
        .iter()
        .enumerate()
        .all(|(j, b)| !items[..j].iter().any(|a| equal(a, b)))
}

/// Whether `map` has every one of `names`.
pub fn has_all(map: &Map<String, Value>, names: &[&str]) -> bool {
    names.iter().all(|name| map.contains_key(*name))
}

/// `enum`: `allowed` is the JSON array of the schema.
pub fn enum_value(value: &Value, allowed: &Value, at: &Path<'_>, out: &mut Violations) {
    let list = allowed.as_array().map(Vec::as_slice).unwrap_or_default();
    if !list.iter().any(|a| equal(value, a)) {
        let names: Vec<String> = list.iter().map(shown).collect();
        let expected = if names.is_empty() {
            "no value (the enum is empty)".to_owned()
        } else {
            format!("one of {}", names.join(", "))
        };
        out.push(Violation::new(at, "enum", expected, shown(value)));
    }
}

/// The value of a JSON number as `f64`, for the numeric keywords.
pub fn number(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64(),
        _ => None,
    }
}

/// `uniqueItems: true`.
pub fn unique_items(items: &[Value], at: &Path<'_>, out: &mut Violations) {
    for (j, b) in items.iter().enumerate() {
        if let Some(i) = items[..j].iter().position(|a| equal(a, b)) {
            out.push(Violation::new(
                &at.index(j),
                "uniqueItems",
                "an item unlike the others",
                format!("a repeat of item {i}"),
            ));
            return;
        }
    }
}

/// `required` on an object whose properties are not typed.
pub fn required(map: &Map<String, Value>, names: &[&str], at: &Path<'_>, out: &mut Violations) {
    for name in names {
        if !map.contains_key(*name) {
            out.push(Violation::new(&at.key(name), "required", "a value", "none"));
        }
    }
}

/// `dependentRequired`: when `key` is present, so is each of `names`.
pub fn dependent_required(
    map: &Map<String, Value>,
    key: &str,
    names: &[&str],
    at: &Path<'_>,
    out: &mut Violations,
) {
    if map.contains_key(key) {
        for name in names {
            if !map.contains_key(*name) {
                out.push(Violation::new(
                    &at.key(name),
                    "dependentRequired",
                    format!("a value, since {} is present", crate::check::quote_str(key)),
                    "none",
                ));
            }
        }
    }
}

/// `minProperties`.
pub fn min_properties(map: &Map<String, Value>, min: usize, at: &Path<'_>, out: &mut Violations) {
    if map.len() < min {
        out.push(Violation::new(
            at,
            "minProperties",
            format!(
                "at least {}",
                crate::check::plural(min, "property", "properties")
            ),
            map.len().to_string(),
        ));
    }
}

/// `maxProperties`.
pub fn max_properties(map: &Map<String, Value>, max: usize, at: &Path<'_>, out: &mut Violations) {
    if map.len() > max {
        out.push(Violation::new(
            at,
            "maxProperties",
            format!(
                "at most {}",
                crate::check::plural(max, "property", "properties")
            ),
            map.len().to_string(),
        ));
    }
}

/// `additionalProperties: false` where properties are not typed: `key` is not allowed.
pub fn no_such_property(key: &str, at: &Path<'_>, out: &mut Violations) {
    out.push(Violation::new(
        &at.key(key),
        "additionalProperties",
        "no such property",
        "one",
    ));
}

/// `anyOf`: `matched` says whether any of `count` schemas matched.
pub fn any_of(matched: bool, count: usize, at: &Path<'_>, out: &mut Violations) {
    if !matched {
        out.push(Violation::new(
            at,
            "anyOf",
            format!("a value matching at least one of {count} schemas"),
            "none matching",
        ));
    }
}

/// `oneOf`: `matched` of `count` schemas matched.
pub fn one_of(matched: usize, count: usize, at: &Path<'_>, out: &mut Violations) {
    if matched != 1 {
        out.push(Violation::new(
            at,
            "oneOf",
            format!("a value matching exactly one of {count} schemas"),
            format!("{matched} matching"),
        ));
    }
}

/// `not`: `matched` says whether the value matched the negated schema.
pub fn not(matched: bool, at: &Path<'_>, out: &mut Violations) {
    if matched {
        out.push(Violation::new(
            at,
            "not",
            "a value not matching the schema of not",
            "one matching",
        ));
    }
}

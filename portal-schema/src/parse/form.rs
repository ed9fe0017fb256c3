//! The form choice: whether a schema has a typed form (a struct, a string enum, a primitive with
//! its constraints, a list, a map, any value) or takes the general form.

use super::{Parser, nullable_type};
use crate::ir::Dialect;
use crate::keywords;
use serde_json::{Map, Value};
use std::collections::HashSet;

impl Parser<'_> {
    /// Whether the schema `v` has a typed form: a struct, a string enum, a primitive with its
    /// constraints, a list, a map, or any value. Every other schema takes the general form.
    pub(super) fn typed(&self, v: &Value) -> bool {
        let map = match v {
            Value::Object(m) => m,
            Value::Bool(b) => return *b,
            _ => return true,
        };
        let plain = keywords::is_plain;
        let residual = map.keys().any(|k| keywords::RESIDUAL.contains(&k.as_str()));
        if map.keys().any(|k| {
            !plain(k)
                && !keywords::TYPED.contains(&k.as_str())
                && !keywords::RESIDUAL.contains(&k.as_str())
        }) {
            return false;
        }
        if residual {
            // A struct whose JSON form answers these keywords as the instance would.
            let Some(Value::Object(props)) = map.get("properties") else {
                return false;
            };
            let closed = match map.get("additionalProperties") {
                None | Some(Value::Bool(true)) => false,
                Some(Value::Bool(false)) => true,
                Some(_) => return false,
            };
            let declared: HashSet<&str> = props.keys().map(String::as_str).collect();
            let rest: Map<String, Value> = map
                .iter()
                .filter(|(k, _)| keywords::RESIDUAL.contains(&k.as_str()))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            if map.get("type") != Some(&Value::String("object".into()))
                || props.is_empty()
                || map.contains_key("$ref")
                || !residual_ok(&Value::Object(rest), &declared, closed)
            {
                return false;
            }
        }
        if map.contains_key("$ref") && self.dynamic {
            // A `$dynamicRef` below the target resolves in the scope the walk came through,
            // which only the general form follows.
            return false;
        }
        if map.contains_key("$ref") {
            // 2020-12 applies the keywords beside `$ref` as well: only the general form does.
            return self.dialect == Dialect::Draft07
                || map.keys().all(|k| {
                    plain(k) || k == "$ref" || keywords::DEFINITIONS.contains(&k.as_str())
                });
        }
        let ty = match map.get("type") {
            None => None,
            Some(Value::String(t)) => Some(t.as_str()),
            // `[T, "null"]`: `Nullable<T>`, unless `enum` or `const` decide about `null` too.
            Some(Value::Array(list)) if !map.contains_key("enum") && !map.contains_key("const") => {
                match nullable_type(list) {
                    Some(t) => Some(t),
                    None => return false,
                }
            }
            Some(_) => return false,
        };
        if ty == Some("null") {
            return false;
        }
        let has = |ks: &[&str]| ks.iter().any(|k| map.contains_key(*k));
        let typed_keywords = [
            keywords::STRING,
            keywords::NUMBER,
            keywords::ARRAY,
            keywords::OBJECT,
        ];
        let stringy = matches!(ty, None | Some("string"));
        if let Some(values) = map.get("enum") {
            let strings = matches!(values, Value::Array(a) if !a.is_empty() && a.iter().all(Value::is_string));
            return strings
                && stringy
                && !has(keywords::STRING)
                && !map.contains_key("const")
                && (ty.is_some() || !typed_keywords.iter().any(|ks| has(ks)));
        }
        if let Some(c) = map.get("const") {
            return c.is_string()
                && stringy
                && (ty.is_some() || !typed_keywords.iter().any(|ks| has(ks)));
        }
        if ty.is_none() && typed_keywords.iter().any(|ks| has(ks)) {
            return false;
        }
        if !matches!(map.get("additionalProperties"), None | Some(Value::Bool(_))) {
            return false;
        }
        if !matches!(
            map.get("items"),
            None | Some(Value::Object(_) | Value::Bool(true))
        ) {
            return false;
        }
        let no_properties = map
            .get("properties")
            .and_then(Value::as_object)
            .is_none_or(Map::is_empty);
        // `"properties": {}` closed is an empty struct that refuses every property.
        let closed = map.get("additionalProperties") == Some(&Value::Bool(false))
            && !matches!(map.get("properties"), Some(Value::Object(_)));
        let requires = map
            .get("required")
            .and_then(Value::as_array)
            .is_some_and(|r| !r.is_empty());
        !(ty == Some("object") && no_properties && (closed || requires))
    }
}

/// Whether the object-level keywords `v` (a schema applying to the object) give the same verdict on
/// a struct's JSON form as on the instance it decoded: they name only declared properties (any
/// name, when the struct is closed), count properties only when the struct is closed, and check
/// property values only with keywords a decoded value answers as its JSON did ([`value_safe`]).
fn residual_ok(v: &Value, declared: &HashSet<&str>, closed: bool) -> bool {
    let map = match v {
        Value::Bool(_) => return true,
        Value::Object(m) => m,
        _ => return false,
    };
    let name_ok = |n: &Value| n.as_str().is_some_and(|n| closed || declared.contains(n));
    map.iter().all(|(key, value)| match key.as_str() {
        k if keywords::is_plain(k) => true,
        "type" => true,
        "required" => value.as_array().is_some_and(|a| a.iter().all(name_ok)),
        "dependentRequired" => value.as_object().is_some_and(|m| {
            m.iter().all(|(k, names)| {
                name_ok(&Value::String(k.clone()))
                    && names.as_array().is_some_and(|a| a.iter().all(name_ok))
            })
        }),
        "dependentSchemas" => value.as_object().is_some_and(|m| {
            m.iter().all(|(k, s)| {
                name_ok(&Value::String(k.clone())) && residual_ok(s, declared, closed)
            })
        }),
        "properties" => value.as_object().is_some_and(|m| {
            m.iter()
                .all(|(k, s)| name_ok(&Value::String(k.clone())) && value_safe(s))
        }),
        "minProperties" | "maxProperties" => closed,
        "allOf" | "anyOf" | "oneOf" => value
            .as_array()
            .is_some_and(|a| a.iter().all(|s| residual_ok(s, declared, closed))),
        "not" | "if" | "then" | "else" => residual_ok(value, declared, closed),
        _ => false,
    })
}

/// Whether a schema applied to a property's value answers the same on the decoded value's JSON:
/// keywords on scalars, lengths and counts, and `enum`/`const` of scalars (a nested struct drops the
/// properties it does not declare, so comparing whole objects could differ).
fn value_safe(v: &Value) -> bool {
    let map = match v {
        Value::Bool(_) => return true,
        Value::Object(m) => m,
        _ => return false,
    };
    let scalar = |x: &Value| !x.is_object() && !x.is_array();
    map.iter().all(|(key, value)| match key.as_str() {
        k if keywords::is_plain(k) => true,
        "type" | "minLength" | "maxLength" | "pattern" | "format" | "minimum" | "maximum"
        | "exclusiveMinimum" | "exclusiveMaximum" | "multipleOf" | "minItems" | "maxItems" => true,
        "const" => scalar(value),
        "enum" => value.as_array().is_some_and(|a| a.iter().all(scalar)),
        "allOf" | "anyOf" | "oneOf" => value.as_array().is_some_and(|a| a.iter().all(value_safe)),
        "not" => value_safe(value),
        _ => false,
    })
}

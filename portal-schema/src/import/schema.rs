//! An OpenAPI Schema Object as a JSON Schema 2020-12 schema of a tool.
//!
//! OpenAPI 3.1's schemas are 2020-12 already; 3.0's differ in three keywords, rewritten here:
//! `nullable: true` becomes a `null` type (or a `null` branch where the schema names no type),
//! boolean `exclusiveMinimum`/`exclusiveMaximum` become the numbers 2020-12 takes, and `example`
//! (in both versions) becomes `examples`. The first two are read in a 3.1 document too, where
//! they can mean nothing else; in 3.0 a `$ref`'s siblings are dropped, as 3.0 ignores them.
//! Component references
//! (`#/components/schemas/Organization`) become references to the tool's shared `$defs`
//! (`#/$defs/Organization`); the names reached are collected, so that each tool carries only the
//! definitions it uses.

use super::{ImportError, escape, unescape};
use serde_json::{Map, Value};
use std::collections::BTreeSet;

/// The prefix of a reference to a component schema.
const COMPONENT_PREFIX: &str = "#/components/schemas/";
/// The prefix the same reference has in a tool.
pub(super) const DEFS_PREFIX: &str = "#/$defs/";

/// Keywords whose value is a map of subschemas.
const SCHEMA_MAPS: &[&str] = &[
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "dependentSchemas",
];
/// Keywords whose value is a list of subschemas.
const SCHEMA_LISTS: &[&str] = &["allOf", "anyOf", "oneOf", "prefixItems"];
/// Keywords whose value is one subschema.
const SCHEMA_ONE: &[&str] = &[
    "items",
    "additionalItems",
    "additionalProperties",
    "not",
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
    "unevaluatedItems",
    "unevaluatedProperties",
    "contentSchema",
];

/// Converts schemas of one document.
pub(super) struct Converter<'a> {
    /// Whether the document is OpenAPI 3.0, where a `$ref`'s siblings are ignored.
    pub(super) v30: bool,
    /// The names under `components/schemas`, to refuse a reference to a missing one.
    pub(super) components: &'a BTreeSet<String>,
}

impl Converter<'_> {
    /// `schema` (at `pointer` in the document) converted; the component names it references are
    /// added to `refs`, problems to `errors`.
    pub(super) fn convert(
        &self,
        schema: &Value,
        pointer: &str,
        refs: &mut BTreeSet<String>,
        errors: &mut Vec<ImportError>,
    ) -> Value {
        self.walk(schema, pointer, refs, errors, 0)
    }

    fn walk(
        &self,
        schema: &Value,
        pointer: &str,
        refs: &mut BTreeSet<String>,
        errors: &mut Vec<ImportError>,
        depth: usize,
    ) -> Value {
        // A value built in code has no nesting limit; the walk's recursion must not depend on the
        // document, so it stops where parsed JSON text would have.
        if depth > crate::MAX_JSON_DEPTH {
            errors.push(ImportError::new(
                pointer,
                format!(
                    "schemas nested deeper than {} levels",
                    crate::MAX_JSON_DEPTH
                ),
            ));
            return Value::Bool(false);
        }
        let Value::Object(map) = schema else {
            if !schema.is_boolean() {
                errors.push(ImportError::new(
                    pointer,
                    "a schema must be an object or a boolean",
                ));
            }
            return schema.clone();
        };
        if self.v30
            && let Some(target) = map.get("$ref")
        {
            // In 3.0 a reference object replaces the schema: its siblings are ignored.
            let at = format!("{pointer}/$ref");
            let target = self.reference(target, &at, refs, errors);
            return Value::Object(Map::from_iter([("$ref".to_owned(), target)]));
        }
        let mut out = Map::with_capacity(map.len());
        let mut nullable = false;
        for (key, value) in map {
            let at = format!("{pointer}/{}", escape(key));
            let key = key.as_str();
            if key == "$ref" {
                out.insert(key.to_owned(), self.reference(value, &at, refs, errors));
            } else if key == "nullable" {
                match value {
                    Value::Bool(b) => nullable = *b,
                    _ => errors.push(ImportError::new(at, "nullable must be a boolean")),
                }
            } else if key == "example" {
                // `examples` stated beside `example` says more; `example` is then dropped.
                if !map.contains_key("examples") {
                    out.insert("examples".to_owned(), Value::Array(vec![value.clone()]));
                }
            } else if SCHEMA_MAPS.contains(&key) {
                let Value::Object(members) = value else {
                    errors.push(ImportError::new(at, format!("{key} must be an object")));
                    continue;
                };
                let converted = members
                    .iter()
                    .map(|(name, sub)| {
                        let at = format!("{at}/{}", escape(name));
                        (name.clone(), self.walk(sub, &at, refs, errors, depth + 1))
                    })
                    .collect();
                out.insert(key.to_owned(), Value::Object(converted));
            } else if SCHEMA_LISTS.contains(&key) {
                let Value::Array(items) = value else {
                    errors.push(ImportError::new(at, format!("{key} must be an array")));
                    continue;
                };
                let converted = items
                    .iter()
                    .enumerate()
                    .map(|(i, sub)| self.walk(sub, &format!("{at}/{i}"), refs, errors, depth + 1))
                    .collect();
                out.insert(key.to_owned(), Value::Array(converted));
            } else if SCHEMA_ONE.contains(&key) {
                out.insert(
                    key.to_owned(),
                    self.walk(value, &at, refs, errors, depth + 1),
                );
            } else {
                out.insert(key.to_owned(), value.clone());
            }
        }
        for (exclusive, inclusive) in [
            ("exclusiveMinimum", "minimum"),
            ("exclusiveMaximum", "maximum"),
        ] {
            // 3.0's boolean form qualifies the inclusive bound; 3.1 has only the number. A boolean
            // in a 3.1 document is read the 3.0 way too, as it can mean nothing else.
            if let Some(Value::Bool(on)) = out.get(exclusive).cloned() {
                out.remove(exclusive);
                if on {
                    match out.remove(inclusive) {
                        Some(bound) => {
                            out.insert(exclusive.to_owned(), bound);
                        }
                        None => errors.push(ImportError::new(
                            format!("{pointer}/{exclusive}"),
                            format!("{exclusive}: true without {inclusive}"),
                        )),
                    }
                }
            }
        }
        if nullable {
            return nullable_schema(out);
        }
        Value::Object(out)
    }

    fn reference(
        &self,
        value: &Value,
        pointer: &str,
        refs: &mut BTreeSet<String>,
        errors: &mut Vec<ImportError>,
    ) -> Value {
        let Some(target) = value.as_str() else {
            errors.push(ImportError::new(pointer, "$ref must be a string"));
            return value.clone();
        };
        let Some(rest) = target.strip_prefix(COMPONENT_PREFIX) else {
            errors.push(ImportError::new(
                pointer,
                format!(
                    "reference {target:?} is not to a component schema (#/components/schemas/...)"
                ),
            ));
            return value.clone();
        };
        let name = unescape(rest.split('/').next().unwrap_or_default());
        if !self.components.contains(&name) {
            errors.push(ImportError::new(
                pointer,
                format!("reference to a missing component schema {name:?}"),
            ));
        }
        refs.insert(name);
        Value::String(format!("{DEFS_PREFIX}{rest}"))
    }
}

/// A schema that also takes `null`: `null` added to its `type` (and its `enum`), or, where it
/// states no type (a `$ref`, a union), the schema as one branch of an `anyOf` beside `null`.
fn nullable_schema(mut out: Map<String, Value>) -> Value {
    let null = Value::String("null".to_owned());
    match out.get_mut("type") {
        Some(Value::String(one)) => {
            let one = Value::String(std::mem::take(one));
            out.insert("type".to_owned(), Value::Array(vec![one, null.clone()]));
        }
        Some(Value::Array(types)) => {
            if !types.contains(&null) {
                types.push(null.clone());
            }
        }
        _ => {
            return Value::Object(Map::from_iter([(
                "anyOf".to_owned(),
                Value::Array(vec![
                    Value::Object(out),
                    Value::Object(Map::from_iter([("type".to_owned(), null)])),
                ]),
            )]));
        }
    }
    if let Some(Value::Array(values)) = out.get_mut("enum")
        && !values.contains(&Value::Null)
    {
        values.push(Value::Null);
    }
    Value::Object(out)
}

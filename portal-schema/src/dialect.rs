//! Dialects: which one a schema declares, and a draft-07 schema in draft 2020-12 terms.

use crate::error::{SchemaErrors, pointer_push};
use crate::keywords::{self, Dialect};
use serde_json::{Map, Value};

/// The dialect of the schema at `ptr` in `doc`, from its `$schema` (2020-12 when absent); an
/// unsupported `$schema` is a schema error.
pub(crate) fn declared(doc: &Value, ptr: &str, errors: &mut SchemaErrors) -> Dialect {
    match doc.pointer(&pointer_push(ptr, "$schema")) {
        None => Dialect::default(),
        Some(s) => match s.as_str().and_then(Dialect::from_uri) {
            Some(d) => d,
            None => {
                errors.push(
                    pointer_push(ptr, "$schema"),
                    format!("unsupported dialect {s}: expected draft 2020-12 or draft-07"),
                );
                Dialect::default()
            }
        },
    }
}

/// A draft-07 schema in draft 2020-12 terms, with the same meaning: `items` as a list becomes
/// `prefixItems` (and `additionalItems` becomes `items`), `dependencies` splits into
/// `dependentRequired` and `dependentSchemas`, the assertions beside a `$ref` (which draft-07
/// ignores) are dropped, and a root `$schema` names 2020-12. What a generated type reports through
/// `schemars`, whose root schema always declares 2020-12.
pub fn to_draft2020(schema: &Value) -> Value {
    let Value::Object(map) = schema else {
        return schema.clone();
    };
    let keep_beside_ref =
        |k: &str| k == "$ref" || keywords::DEFINITIONS.contains(&k) || keywords::is_plain(k);
    let mut out = Map::new();
    for (key, value) in map {
        if map.contains_key("$ref") && !keep_beside_ref(key) {
            continue;
        }
        match (key.as_str(), value) {
            ("$schema", _) => {
                out.insert(
                    key.clone(),
                    Value::String(Dialect::DRAFT2020_URI.to_owned()),
                );
            }
            ("items", Value::Array(list)) => {
                out.insert(
                    "prefixItems".to_owned(),
                    Value::Array(list.iter().map(to_draft2020).collect()),
                );
                if let Some(extra) = map.get("additionalItems") {
                    out.insert("items".to_owned(), to_draft2020(extra));
                }
            }
            // Without a list of `items`, draft-07 ignores it.
            ("additionalItems", _) => {}
            ("dependencies", Value::Object(deps)) => {
                let (mut names, mut schemas) = (Map::new(), Map::new());
                for (name, dep) in deps {
                    match dep {
                        Value::Array(_) => names.insert(name.clone(), dep.clone()),
                        _ => schemas.insert(name.clone(), to_draft2020(dep)),
                    };
                }
                if !names.is_empty() {
                    out.insert("dependentRequired".to_owned(), Value::Object(names));
                }
                if !schemas.is_empty() {
                    out.insert("dependentSchemas".to_owned(), Value::Object(schemas));
                }
            }
            (k, Value::Object(schemas)) if keywords::SCHEMA_MAPS.contains(&k) => {
                let converted = schemas
                    .iter()
                    .map(|(k, s)| (k.clone(), to_draft2020(s)))
                    .collect();
                out.insert(key.clone(), Value::Object(converted));
            }
            (k, Value::Array(list)) if keywords::SCHEMA_LISTS.contains(&k) => {
                out.insert(
                    key.clone(),
                    Value::Array(list.iter().map(to_draft2020).collect()),
                );
            }
            (k, _) if keywords::SCHEMA_SINGLE.contains(&k) => {
                out.insert(key.clone(), to_draft2020(value));
            }
            _ => {
                out.insert(key.clone(), value.clone());
            }
        }
    }
    Value::Object(out)
}

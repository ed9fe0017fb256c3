//! Sources: the schema each type reports through `schemars::JsonSchema`.

use crate::ir::{Dialect, SourceAt, Sources, TypeDef, TypeId};
use crate::keywords;
use serde_json::Value;

/// Fills [`TypeDef::source`], the schema each type reports through `schemars::JsonSchema`, and
/// returns where each finds it: the input and output schemas (in 2020-12 terms) once, and a
/// pointer into them per type.
pub(super) fn attach_sources(
    types: &mut [TypeDef],
    doc: &Value,
    input_ptr: &str,
    root: TypeId,
    output_root: Option<TypeId>,
    bare: bool,
    dialect: Dialect,
) -> Sources {
    let convert = |v: &Value| match dialect {
        Dialect::Draft2020 => v.clone(),
        Dialect::Draft07 => crate::dialect::to_draft2020(v),
    };
    let mut bases = vec![input_ptr];
    let output = doc.pointer("/outputSchema").filter(|_| !bare);
    if output.is_some() {
        bases.push("/outputSchema");
    }
    let wholes: Vec<&Value> = bases
        .iter()
        .map(|base| doc.pointer(base).unwrap_or(&Value::Null))
        .collect();
    let mut sources = Sources {
        documents: wholes.iter().map(|whole| convert(whole)).collect(),
        at: Vec::with_capacity(types.len()),
    };
    for (id, t) in types.iter_mut().enumerate() {
        let document = usize::from(output.is_some() && t.pointer.starts_with("/outputSchema"));
        let whole = wholes[document];
        let is_root = id == root || Some(id) == output_root;
        let own = doc.pointer(&t.pointer);
        let refers = !is_root && own.is_some_and(uses_ref);
        t.source = if is_root {
            whole.clone()
        } else {
            let mut own = own.cloned().unwrap_or(Value::Null);
            if refers && let Value::Object(own_map) = &mut own {
                for key in keywords::DEFINITIONS {
                    if let Some(defs) = whole.get(key)
                        && !own_map.contains_key(*key)
                    {
                        own_map.insert((*key).to_owned(), defs.clone());
                    }
                }
            }
            own
        };
        let inside = if is_root {
            Some(String::new())
        } else {
            t.pointer
                .strip_prefix(bases[document])
                .filter(|rel| rel.starts_with('/'))
                .and_then(|rel| match dialect {
                    Dialect::Draft2020 => Some(rel.to_owned()),
                    Dialect::Draft07 => converted_pointer(whole, rel),
                })
        };
        sources.at.push(match inside {
            Some(pointer) => SourceAt::Document {
                document,
                pointer,
                definitions: refers,
            },
            None => SourceAt::Own(convert(&t.source)),
        });
    }
    sources
}

fn uses_ref(v: &Value) -> bool {
    match v {
        Value::Object(m) => m.contains_key("$ref") || m.values().any(uses_ref),
        Value::Array(a) => a.iter().any(uses_ref),
        _ => false,
    }
}

/// Where the subschema at `pointer` in the draft-07 schema `whole` sits in
/// `to_draft2020(whole)`, following that conversion's renamings (`items` as a list becomes
/// `prefixItems`, `additionalItems` becomes `items`, `dependencies` becomes `dependentSchemas`).
/// `None` when the conversion of the whole does not hold the conversion of the subschema there:
/// under a key the conversion drops or copies without converting.
fn converted_pointer(whole: &Value, pointer: &str) -> Option<String> {
    let raw: Vec<&str> = pointer.split('/').skip(1).collect();
    let unescape = |s: &str| s.replace("~1", "/").replace("~0", "~");
    let mut node = whole;
    let mut out = String::new();
    let mut i = 0;
    while i < raw.len() {
        let map = node.as_object()?;
        let key = unescape(raw[i]);
        let kept_beside_ref = key == "$ref"
            || keywords::DEFINITIONS.contains(&key.as_str())
            || keywords::is_plain(&key);
        if map.contains_key("$ref") && !kept_beside_ref {
            return None;
        }
        let value = map.get(&key)?;
        let member = raw.get(i + 1).copied();
        let (renamed, next, step): (&str, &Value, usize) = match (key.as_str(), value) {
            ("items", Value::Array(list)) => {
                ("prefixItems", list.get(member?.parse::<usize>().ok()?)?, 2)
            }
            ("additionalItems", _) if matches!(map.get("items"), Some(Value::Array(_))) => {
                ("items", value, 1)
            }
            ("additionalItems", _) => return None,
            ("dependencies", Value::Object(deps)) => {
                let dep = deps.get(&unescape(member?))?;
                if dep.is_array() {
                    return None;
                }
                ("dependentSchemas", dep, 2)
            }
            (k, Value::Object(schemas)) if keywords::SCHEMA_MAPS.contains(&k) => {
                (raw[i], schemas.get(&unescape(member?))?, 2)
            }
            (k, Value::Array(list)) if keywords::SCHEMA_LISTS.contains(&k) => {
                (raw[i], list.get(member?.parse::<usize>().ok()?)?, 2)
            }
            (k, _) if keywords::SCHEMA_SINGLE.contains(&k) => (raw[i], value, 1),
            _ => return None,
        };
        out.push('/');
        out.push_str(renamed);
        if step == 2 {
            out.push('/');
            out.push_str(raw[i + 1]);
        }
        node = next;
        i += step;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::converted_pointer;
    use crate::dialect::to_draft2020;
    use serde_json::json;

    #[test]
    fn a_draft_07_pointer_follows_the_conversion() {
        let whole = json!({
            "type": "object",
            "properties": {
                "pair": {
                    "type": "array",
                    "items": [
                        { "type": "string" },
                        { "type": "object", "properties": { "a": { "type": "integer" } } }
                    ],
                    "additionalItems": { "type": "object", "properties": { "b": { "type": "string" } } }
                },
                "card": { "type": "object" },
                "a~b/c": { "type": "object", "properties": { "x": { "type": "boolean" } } },
                "linked": {
                    "$ref": "#/definitions/node",
                    "properties": { "ignored": { "type": "object" } }
                }
            },
            "dependencies": {
                "card": {
                    "properties": {
                        "billing": { "type": "object", "properties": { "zip": { "type": "string" } } }
                    }
                },
                "name": ["card"]
            },
            "definitions": { "node": { "type": "object", "items": [{ "type": "object" }] } }
        });
        let converted = to_draft2020(&whole);
        for (pointer, expected) in [
            ("", Some("")),
            (
                "/properties/pair/items/1",
                Some("/properties/pair/prefixItems/1"),
            ),
            (
                "/properties/pair/additionalItems",
                Some("/properties/pair/items"),
            ),
            (
                "/dependencies/card/properties/billing",
                Some("/dependentSchemas/card/properties/billing"),
            ),
            (
                "/properties/a~0b~1c/properties/x",
                Some("/properties/a~0b~1c/properties/x"),
            ),
            (
                "/definitions/node/items/0",
                Some("/definitions/node/prefixItems/0"),
            ),
            // Draft-07 ignores what sits beside a `$ref`; the conversion drops it.
            ("/properties/linked/properties/ignored", None),
            // A list of property names is no schema.
            ("/dependencies/name", None),
            ("/properties/missing", None),
        ] {
            let found = converted_pointer(&whole, pointer);
            assert_eq!(found.as_deref(), expected, "{pointer}");
            if let Some(found) = found {
                assert_eq!(
                    converted.pointer(&found),
                    Some(&to_draft2020(whole.pointer(pointer).unwrap())),
                    "{pointer}"
                );
            }
        }
    }
}

//! Shared error bodies: the error answer schemas (`x-http.errors`) several tools of a catalog
//! document identically, generated once in the shared module like a shared definition.
//!
//! An API documents the same few bodies under many operations and statuses (WorkOS's `{message}`
//! under 263 of them), and a type per use would be most of a catalog's generated code. A body is
//! shared when the same JSON (keys in order) is documented at least twice, and it holds nothing
//! whose meaning depends on where it is written (`$ref`, `$id`, anchors, dynamic references,
//! `unevaluated*`) in a tool whose input schema is 2020-12 (what the shared module is parsed as).

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// A shared body: the name of its definition in the shared module, and its schema.
pub(crate) struct ErrorBody {
    pub(crate) name: String,
    pub(crate) schema: Value,
}

/// The shared bodies of `tools`, by their JSON text, named so that no name of `taken` (the
/// shared definitions) is reused.
///
/// A body is named by its `title`; else by the string `const`s of its properties
/// (`{"code": {"const": "bad_request"}, "message": ..}` is `BadRequestError`), or of each
/// `oneOf`/`anyOf` branch's properties joined by `Or`; else by its property names
/// (`{message}` is `MessageError`); else `ErrorBody`. Two bodies that would take one name are
/// numbered (`MessageError2`) in the order of their JSON text.
pub(crate) fn find(tools: &[&Value], taken: &BTreeSet<&str>) -> BTreeMap<String, ErrorBody> {
    let mut uses: BTreeMap<String, (usize, &Value)> = BTreeMap::new();
    for tool in tools.iter().filter(|t| shareable_tool(t)) {
        let Some(Value::Object(errors)) = tool.pointer("/x-http/errors") else {
            continue;
        };
        for schema in errors.values().filter(|s| position_free(s)) {
            uses.entry(schema.to_string()).or_insert((0, schema)).0 += 1;
        }
    }
    let mut names: BTreeSet<String> = taken.iter().map(|n| (*n).to_owned()).collect();
    let mut out = BTreeMap::new();
    for (text, (count, schema)) in uses {
        if count < 2 {
            continue;
        }
        let base = name(schema);
        let mut name = base.clone();
        let mut n = 2;
        while names.contains(&name) {
            name = format!("{base}{n}");
            n += 1;
        }
        names.insert(name.clone());
        out.insert(
            text,
            ErrorBody {
                name,
                schema: schema.clone(),
            },
        );
    }
    out
}

/// Whether a tool's error bodies are read as the shared module reads them: 2020-12.
pub(crate) fn shareable_tool(tool: &Value) -> bool {
    match tool.pointer("/inputSchema/$schema") {
        None => true,
        Some(Value::String(s)) => {
            s.trim_end_matches('#') == "https://json-schema.org/draft/2020-12/schema"
        }
        Some(_) => false,
    }
}

/// Whether a schema means the same wherever it is written.
fn position_free(v: &Value) -> bool {
    match v {
        Value::Object(m) => m.iter().all(|(k, x)| {
            !matches!(
                k.as_str(),
                "$ref"
                    | "$id"
                    | "$schema"
                    | "$anchor"
                    | "$dynamicRef"
                    | "$dynamicAnchor"
                    | "$recursiveRef"
                    | "$recursiveAnchor"
                    | "unevaluatedProperties"
                    | "unevaluatedItems"
            ) && position_free(x)
        }),
        Value::Array(a) => a.iter().all(position_free),
        _ => true,
    }
}

fn name(schema: &Value) -> String {
    if let Some(title) = schema.get("title").and_then(Value::as_str) {
        return crate::naming::upper_camel(title, "Type");
    }
    let branches = ["oneOf", "anyOf"]
        .iter()
        .find_map(|k| schema.get(*k).and_then(Value::as_array));
    let consts = match branches {
        Some(branches) => {
            let each: Option<Vec<String>> = branches
                .iter()
                .map(|b| Some(consts(b)).filter(|c| !c.is_empty()))
                .collect();
            each.map(|c| c.join("Or")).unwrap_or_default()
        }
        None => consts(schema),
    };
    if !consts.is_empty() {
        return format!("{consts}Error");
    }
    let properties: String = schema
        .get("properties")
        .and_then(Value::as_object)
        .map(|p| {
            p.keys()
                .map(|k| crate::naming::upper_camel(k, "Property"))
                .collect()
        })
        .unwrap_or_default();
    if properties.is_empty() {
        "ErrorBody".to_owned()
    } else {
        format!("{properties}Error")
    }
}

/// The string `const`s of a schema's properties, in UpperCamelCase, joined.
fn consts(schema: &Value) -> String {
    schema
        .get("properties")
        .and_then(Value::as_object)
        .map(|p| {
            p.values()
                .filter_map(|p| p.get("const").and_then(Value::as_str))
                .map(|c| crate::naming::upper_camel(c, "Code"))
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    #[test]
    fn bodies_documented_twice_are_shared_and_named_by_rule() {
        let message = json!({"type": "object", "properties": {"message": {"type": "string"}}});
        let coded = json!({"type": "object", "properties": {"code": {"const": "bad_request"}, "message": {"type": "string"}}});
        let other = json!({"type": "object", "properties": {"message": {"type": "string", "maxLength": 9}}});
        let branches = json!({"oneOf": [
            {"properties": {"code": {"const": "a_b"}}},
            {"properties": {"code": {"const": "c"}}}
        ]});
        let referring = json!({"$ref": "#/$defs/Message"});
        let tools = [
            json!({"x-http": {"errors": {"404": message, "409": message, "400": coded, "422": branches}}}),
            json!({"x-http": {"errors": {"404": other, "400": coded, "422": branches, "429": referring}}}),
            json!({"x-http": {"errors": {"404": other, "403": {"title": "no way"}, "429": referring}}}),
            json!({"x-http": {"errors": {"403": {"title": "no way"}}}}),
            json!({"inputSchema": {"$schema": "http://json-schema.org/draft-07/schema#"}, "x-http": {"errors": {"418": {"type": "string"}}}}),
            json!({"x-http": {"errors": {"418": {"type": "string"}}}}),
        ];
        let tools: Vec<&serde_json::Value> = tools.iter().collect();
        let taken = ["BadRequestError"].into_iter().collect();
        let found = super::find(&tools, &taken);
        let names: Vec<(&str, String)> = found
            .iter()
            .map(|(text, body)| (body.name.as_str(), text.clone()))
            .collect();
        assert_eq!(
            names,
            [
                ("ABOrCError", branches.to_string()),
                ("NoWay", json!({"title": "no way"}).to_string()),
                ("BadRequestError2", coded.to_string()),
                ("MessageError", other.to_string()),
                ("MessageError2", message.to_string()),
            ]
        );
    }
}

//! The WorkOS catalog imported from its OpenAPI document (`portal-workos/schemas/api`, written by
//! `portal import openapi`; the CLI's own tests prove the folder is the import of
//! `portal-workos/openapi/open-api-spec.yaml`): every tool generates, the names are pinned, and
//! the shared definitions are the same in every tool.

use portal_schema::catalog::{CatalogDir, read_dir};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::Path;

fn catalog() -> CatalogDir {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../portal-workos/schemas/api");
    read_dir(&dir).unwrap_or_else(|errors| panic!("{errors:?}"))
}

/// The patched tool, as the generator reads it.
fn patched(tool: &portal_schema::catalog::ToolFile) -> Value {
    let mut value = tool.published.clone();
    if let Some(patch) = &tool.patch {
        merge(&mut value, patch);
    }
    value
}

/// RFC 7396, for reading the patched tools' `$defs` (the generator applies patches itself).
fn merge(target: &mut Value, patch: &Value) {
    let Value::Object(patch) = patch else {
        *target = patch.clone();
        return;
    };
    if !target.is_object() {
        *target = json!({});
    }
    let map = target.as_object_mut().unwrap();
    for (key, value) in patch {
        if value.is_null() {
            map.remove(key);
        } else {
            merge(map.entry(key.clone()).or_insert(Value::Null), value);
        }
    }
}

#[test]
fn every_imported_tool_generates() {
    let catalog = catalog();
    assert_eq!(catalog.tools.len(), 170);
    assert_eq!(
        catalog.facts,
        json!({
            "name": "workos",
            "x-docs-base": "https://workos.com/docs",
            "x-http-base": "https://api.workos.com",
            "x-credential-header": "x-bearer"
        })
    );
    let mut failures = Vec::new();
    for tool in &catalog.tools {
        let mut config = portal_schema::Config::new();
        if let Some(patch) = &tool.patch {
            config.patch(patch.clone());
        }
        match config.generate(&tool.published) {
            Ok(tokens) => {
                let text = portal_schema::render(&tokens);
                if let Err(e) = syn::parse_file(&text) {
                    failures.push(format!("{}: generated code does not parse: {e}", tool.name));
                }
            }
            Err(errors) => failures.push(format!("{}: {errors}", tool.name)),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The naming rule applied to the whole document: `name  METHOD path`, one line per operation.
#[test]
fn imported_tool_names() {
    let lines: Vec<String> = catalog()
        .tools
        .iter()
        .map(|tool| {
            let http = &tool.published["x-http"];
            format!(
                "{}  {} {}",
                tool.name,
                http["method"].as_str().unwrap(),
                http["path"].as_str().unwrap()
            )
        })
        .collect();
    insta::assert_snapshot!("workos-api-names", lines.join("\n"));
}

/// A component used by several tools has one JSON everywhere (patches included), so shared types
/// can be recognised by name and JSON alone.
#[test]
fn shared_definitions_are_identical_in_every_tool() {
    let mut seen: BTreeMap<String, (Value, String)> = BTreeMap::new();
    let mut roots = 0;
    let mut conflicts = Vec::new();
    for tool in &catalog().tools {
        let tool_value = patched(tool);
        let errors = tool_value["x-http"]["errors"]
            .as_object()
            .cloned()
            .unwrap_or_default();
        let schemas = [&tool_value["inputSchema"], &tool_value["outputSchema"]]
            .into_iter()
            .cloned()
            .chain(errors.into_values());
        for schema in schemas {
            let Some(defs) = schema.get("$defs").and_then(Value::as_object) else {
                continue;
            };
            roots += 1;
            for (name, def) in defs {
                match seen.get(name) {
                    Some((first, owner)) if first != def => {
                        conflicts.push(format!("{name}: {} differs from {owner}", tool.name));
                    }
                    Some(_) => {}
                    None => {
                        seen.insert(name.clone(), (def.clone(), tool.name.clone()));
                    }
                }
            }
        }
    }
    assert!(conflicts.is_empty(), "{}", conflicts.join("\n"));
    // Most tools reach a component; the counts pin that `$defs` are really shared.
    assert_eq!((roots, seen.len()), (67, 56));
}

/// The binding every imported tool carries (the catalog's `x-http`) agrees with its input: each
/// `{name}` of the path is a required input property, each query parameter an input property;
/// an empty answer has no output. The counts pin the shape of the whole document.
#[test]
fn every_binding_agrees_with_its_input() {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut problems = Vec::new();
    for tool in &catalog().tools {
        let t = &tool.published;
        let http = &t["x-http"];
        let properties = t["inputSchema"]["properties"].as_object().unwrap();
        let required: Vec<&str> = t["inputSchema"]["required"]
            .as_array()
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let path = http["path"].as_str().unwrap();
        for name in path
            .split('{')
            .skip(1)
            .filter_map(|s| s.split_once('}'))
            .map(|(n, _)| n)
        {
            if !properties.contains_key(name) || !required.contains(&name) {
                problems.push(format!(
                    "{}: path parameter {name} is not a required input",
                    tool.name
                ));
            }
        }
        for name in http["query"].as_object().into_iter().flat_map(|q| q.keys()) {
            if !properties.contains_key(name) {
                problems.push(format!(
                    "{}: query parameter {name} is not an input",
                    tool.name
                ));
            }
        }
        let status = http["status"].as_u64().unwrap();
        if status == 204 && t.get("outputSchema").is_some() {
            problems.push(format!("{}: a 204 with an output", tool.name));
        }
        let mut count = |key: String| *counts.entry(key).or_default() += 1;
        count(format!("method {}", http["method"].as_str().unwrap()));
        count(format!("status {status}"));
        for key in ["outputSchema", "annotations"] {
            if t.get(key).is_some() {
                count(key.to_owned());
            }
        }
        for key in ["query", "paginated", "errors"] {
            if http.get(key).is_some() {
                count(format!("x-http {key}"));
            }
        }
        if t["inputSchema"].get("allOf").is_some() {
            count("body kept whole (allOf)".to_owned());
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let counts: Vec<String> = counts
        .into_iter()
        .map(|(k, n)| format!("{k}: {n}"))
        .collect();
    assert_eq!(
        counts,
        [
            "annotations: 170",
            "body kept whole (allOf): 12",
            "method DELETE: 24",
            "method GET: 72",
            "method PATCH: 7",
            "method POST: 54",
            "method PUT: 13",
            "outputSchema: 142",
            "status 200: 121",
            "status 201: 29",
            "status 202: 1",
            "status 204: 19",
            "x-http errors: 167",
            "x-http paginated: 27",
            "x-http query: 42",
        ]
    );
}

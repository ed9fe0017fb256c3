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

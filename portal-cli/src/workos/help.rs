//! What `portal workos --help` and `portal workos <tool> --help` print, and the names suggested
//! for a tool name the catalog does not have.

use portal_runtime::CatalogTool;
use serde_json::Value;
use std::fmt::Write as _;

/// The first sentence of a description, on one line: its whitespace runs collapsed, cut after
/// the first `.` that ends a sentence (followed by whitespace or the end).
pub fn first_sentence(description: &str) -> String {
    let words: Vec<&str> = description.split_whitespace().collect();
    let mut out = String::new();
    for word in words {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
        if word.ends_with('.') {
            break;
        }
    }
    out
}

/// The widest name column of the tool list: a few names of 60 to 100 characters would push
/// every description off an ordinary terminal, so those few overflow the column instead.
const NAME_COLUMN: usize = 48;

/// One line per tool, sorted by name (the catalog's order), names padded to one column (at most
/// [`NAME_COLUMN`] wide; a longer name is followed by two spaces).
pub fn tool_list(tools: &[CatalogTool]) -> String {
    let width = tools
        .iter()
        .map(|t| t.name.len())
        .filter(|&len| len <= NAME_COLUMN)
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for tool in tools {
        let line = format!(
            "  {:width$}  {}",
            tool.name,
            first_sentence(tool.description)
        );
        let _ = writeln!(out, "{}", line.trim_end());
    }
    out
}

/// The schema `schema` names through `$ref` (`#/...` inside `root`), followed a bounded number
/// of times so that a cycle of references ends.
pub fn resolve<'a>(root: &'a Value, mut schema: &'a Value) -> &'a Value {
    for _ in 0..32 {
        let Some(target) = schema
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix('#'))
            .and_then(|pointer| root.pointer(pointer))
        else {
            break;
        };
        schema = target;
    }
    schema
}

/// The type of a property as help shows it: `string`, `string|null`, `string[]`, `object[]`;
/// `enum`, `const` or `any` when no `type` says more; the branches of `anyOf`/`oneOf` joined.
pub fn type_name(root: &Value, schema: &Value) -> String {
    let schema = resolve(root, schema);
    let one = |name: &str| -> String {
        if name == "array" {
            match schema.get("items") {
                Some(items) => {
                    let item = type_name(root, items);
                    if item.contains('|') {
                        format!("({item})[]")
                    } else {
                        format!("{item}[]")
                    }
                }
                None => "array".to_owned(),
            }
        } else {
            name.to_owned()
        }
    };
    match schema.get("type") {
        Some(Value::String(name)) => one(name),
        Some(Value::Array(names)) => names
            .iter()
            .filter_map(Value::as_str)
            .map(one)
            .collect::<Vec<_>>()
            .join("|"),
        _ => {
            if let Some(Value::Array(branches)) =
                schema.get("anyOf").or_else(|| schema.get("oneOf"))
            {
                let mut names: Vec<String> = Vec::new();
                for branch in branches {
                    let name = type_name(root, branch);
                    if !names.contains(&name) {
                        names.push(name);
                    }
                }
                names.join("|")
            } else if schema.get("enum").is_some() {
                "enum".to_owned()
            } else if schema.get("const").is_some() {
                "const".to_owned()
            } else {
                "any".to_owned()
            }
        }
    }
}

/// `portal workos <tool> --help`: the description, the REST binding, how to call it, and the
/// input properties (name, type, required, first sentence of the description).
pub fn tool_help(tool: &CatalogTool, published: &Value, paginated: Option<&str>) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", tool.name);
    let _ = writeln!(out);
    if let Some(description) = published.get("description").and_then(Value::as_str) {
        let _ = writeln!(out, "{}", description.trim());
        let _ = writeln!(out);
    }
    if let (Some(method), Some(path)) = (tool.method, tool.path) {
        let _ = writeln!(out, "{method} {path}");
        let _ = writeln!(out);
    }
    let _ = writeln!(
        out,
        "Usage: portal workos {} [--json FILE|-] [--set KEY=VALUE]... [--dry-run] [--sandbox | --base-url URL | --mcp URL]{}",
        tool.name,
        if paginated.is_some() { " [--all]" } else { "" }
    );
    let _ = writeln!(out, "(the options: `portal workos --help`)");
    if let Some(cursor) = paginated {
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "A list operation: --all follows `{cursor}` page after page and prints every item."
        );
    }
    let input = published.get("inputSchema").unwrap_or(&Value::Null);
    let required: Vec<&str> = input
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let rows: Vec<[String; 4]> = input
        .get("properties")
        .and_then(Value::as_object)
        .map(|properties| {
            properties
                .iter()
                .map(|(name, schema)| {
                    let description = resolve(input, schema)
                        .get("description")
                        .or_else(|| schema.get("description"))
                        .and_then(Value::as_str)
                        .unwrap_or("");
                    [
                        name.clone(),
                        type_name(input, schema),
                        if required.contains(&name.as_str()) {
                            "required".to_owned()
                        } else {
                            String::new()
                        },
                        first_sentence(description),
                    ]
                })
                .collect()
        })
        .unwrap_or_default();
    let _ = writeln!(out);
    if rows.is_empty() {
        let _ = writeln!(out, "Input properties: none");
        return out;
    }
    let _ = writeln!(out, "Input properties:");
    let widths: Vec<usize> = (0..3)
        .map(|i| rows.iter().map(|r| r[i].len()).max().unwrap_or(0))
        .collect();
    for [name, kind, required, description] in &rows {
        let line = format!(
            "  {name:w0$}  {kind:w1$}  {required:w2$}  {description}",
            w0 = widths[0],
            w1 = widths[1],
            w2 = widths[2]
        );
        let _ = writeln!(out, "{}", line.trim_end());
    }
    out
}

/// The tool names closest to `name`, best first: those within an edit distance of a quarter of
/// the name's length (at least 2), and those that start with `name` followed by a `.`; at most
/// five. Levenshtein distance is linear in `name` for each candidate, whose length is bounded.
pub fn closest(name: &str, tools: &[CatalogTool]) -> Vec<&'static str> {
    let limit = (name.chars().count() / 4).max(2);
    let mut found: Vec<(usize, &'static str)> = tools
        .iter()
        .filter_map(|tool| {
            let distance = strsim::levenshtein(name, tool.name);
            let extends = tool
                .name
                .strip_prefix(name)
                .is_some_and(|rest| rest.starts_with('.'));
            (distance <= limit || extends).then_some((distance, tool.name))
        })
        .collect();
    found.sort();
    found.truncate(5);
    found.into_iter().map(|(_, name)| name).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn first_sentences_end_at_a_full_stop_and_are_one_line() {
        assert_eq!(
            first_sentence("\n      The intent of the Admin Portal.\n        - `sso` - Launch"),
            "The intent of the Admin Portal."
        );
        assert_eq!(
            first_sentence(
                "Get a list of all of your existing organizations matching the criteria specified."
            ),
            "Get a list of all of your existing organizations matching the criteria specified."
        );
        assert_eq!(first_sentence("No stop here"), "No stop here");
        assert_eq!(first_sentence(""), "");
    }

    #[test]
    fn type_names_follow_refs_arrays_and_unions() {
        let root = json!({"$defs": {"D": {"type": "object"}, "Loop": {"$ref": "#/$defs/Loop"}}});
        for (schema, expected) in [
            (json!({"type": "string"}), "string"),
            (json!({"type": ["string", "null"]}), "string|null"),
            (
                json!({"type": "array", "items": {"$ref": "#/$defs/D"}}),
                "object[]",
            ),
            (
                json!({"type": "array", "items": {"type": ["integer", "null"]}}),
                "(integer|null)[]",
            ),
            (json!({"type": "array"}), "array"),
            (
                json!({"anyOf": [{"type": "string"}, {"type": "null"}, {"type": "string"}]}),
                "string|null",
            ),
            (json!({"enum": ["a"]}), "enum"),
            (json!({"$ref": "#/$defs/Loop"}), "any"),
            (json!({}), "any"),
        ] {
            assert_eq!(type_name(&root, &schema), expected, "{schema}");
        }
    }
}

//! Instances of the catalog's schemas built from the document's `examples`: the requests and
//! answers the sandbox uses for every operation, public for tests that call the whole catalog.
//!
//! The rule, for one schema: its first example; else its `const`; else its first `enum` value;
//! else its `default`; else by its shape: a `$ref` to `$defs` is followed, `allOf` merged,
//! `oneOf`/`anyOf` the first branch whose instance decodes; an object holds its required
//! properties and every property whose schema states an example; an array holds one item (or
//! `minItems`); a string honours `format` (`date-time`, `date`, `email`, `uri`, `uuid`) and
//! `minLength`/`maxLength`; a number its `minimum`/`maximum`; a boolean is `false`. Recursion stops
//! at a fixed depth.
//!
//! The generated types have the last word: the instance is decoded with the tool's generated
//! request or output type, and where it breaks a rule (an example the schema's own constraints
//! refuse, a branch that another branch also matches) the rule is applied again there with the
//! next `oneOf`/`anyOf` branch, or without the examples at that place, a bounded number of times.
//!
//! ```
//! use portal_workos::sandbox::examples;
//!
//! let request = examples::input("organizations.get").unwrap();
//! assert_eq!(request, serde_json::json!({"id": "org_test"}));
//! let organization = examples::output("organizations.get").unwrap();
//! assert_eq!(organization["object"], "organization");
//! assert_eq!(examples::output("organizations.delete"), Some(serde_json::Value::Null));
//! assert_eq!(examples::input("no.such.tool"), None);
//! ```

use std::collections::{HashMap, HashSet};

use portal_runtime::Violations;
#[cfg(test)]
use serde_json::json;
use serde_json::{Map, Value};

use super::catalog::{self, Tool};

/// The organization every request built by [`input`] names: [`SandboxConfig::default`]
/// knows it.
///
/// [`SandboxConfig::default`]: super::SandboxConfig::default
pub const ORGANIZATION: &str = "org_test";

/// Nesting beyond which a schema's optional parts are left out and its required ones are `null`:
/// recursive schemas (a tree of groups, a JSON value) end there.
const MAX_DEPTH: usize = 12;

/// How many times the rule is applied again after the generated type refuses the instance.
const MAX_REPAIRS: usize = 64;

/// A valid request for the tool named `tool`, as its generated request type decodes it, or
/// `None` when [`crate::api`] has no such tool.
///
/// Built from the tool's `inputSchema` by the rule of this module, then with the facts the
/// sandbox's state knows put in: an `id` of `organizations.get`, `.update` and `.delete` and the
/// `organization` of `portal.generate_link.create` are [`ORGANIZATION`]; the external id of
/// `organizations.external_id.get` is that organization's (`ext_org_test`); a list operation asks
/// for the first page (no cursor). So each request, sent to a [`Sandbox`](super::Sandbox) with
/// the default configuration, succeeds.
pub fn input(tool: &str) -> Option<Value> {
    let tool = catalog::tool(tool)?;
    Some(instance(tool.input_schema(), tool.check_input, |value| {
        known_facts(tool, value)
    }))
}

/// An answer of the tool named `tool` that decodes into its generated output type: `null` for a
/// tool that answers no content, `None` when [`crate::api`] has no such tool.
pub fn output(tool: &str) -> Option<Value> {
    catalog::tool(tool).map(|tool| example_output(tool).clone())
}

/// The tool's example answer, built once.
pub(crate) fn example_output(tool: &'static Tool) -> &'static Value {
    tool.example_output
        .get_or_init(|| match tool.output_schema() {
            None => Value::Null,
            Some(schema) => instance(schema, tool.check_output, |_| {}),
        })
}

/// Puts in the facts of the sandbox's default state (see [`input`]).
fn known_facts(tool: &Tool, value: &mut Value) {
    let Some(object) = value.as_object_mut() else {
        return;
    };
    match tool.entry.name {
        "organizations.get" | "organizations.update" | "organizations.delete" => {
            object.insert("id".to_owned(), ORGANIZATION.into());
        }
        "organizations.external_id.get" => {
            object.insert(
                "external_id".to_owned(),
                super::organizations::seeded_external_id(ORGANIZATION).into(),
            );
        }
        "portal.generate_link.create" => {
            object.insert("organization".to_owned(), ORGANIZATION.into());
        }
        _ => {}
    }
    if let Some(cursor) = tool.cursor() {
        object.remove(cursor);
        // The cursor's counterpart: a first page names neither.
        object.remove(if cursor == "after" { "before" } else { "after" });
    }
}

/// An instance of `schema` built by the rule, repaired where `check` refuses it; the last one
/// built when the repairs run out (which `check` then refuses: the sandbox's tests prove that no
/// tool of the catalog gets there).
fn instance(
    schema: &Value,
    check: fn(&Value) -> Result<(), Violations>,
    fix: impl Fn(&mut Value),
) -> Value {
    let mut choices = HashMap::new();
    let mut plain = HashSet::new();
    let mut built = Value::Null;
    for _ in 0..MAX_REPAIRS {
        let mut builder = Builder {
            root: schema,
            choices: &choices,
            plain: &plain,
            sites: Vec::new(),
        };
        built = builder.build(schema, "", 0);
        fix(&mut built);
        let sites = builder.sites;
        let Err(violations) = check(&built) else {
            return built;
        };
        let mut repaired = false;
        for violation in violations.iter() {
            // The innermost union around the broken place with a branch left takes its next
            // branch; else the examples at that place are set aside.
            let site = sites
                .iter()
                .filter(|(at, branches)| {
                    within(at, &violation.pointer)
                        && choices.get(at).copied().unwrap_or(0) + 1 < *branches
                })
                .max_by_key(|(at, _)| at.len());
            if let Some((at, _)) = site {
                *choices.entry(at.clone()).or_insert(0) += 1;
                repaired = true;
                break;
            }
            repaired |= plain.insert(violation.pointer.clone());
        }
        if !repaired {
            break;
        }
    }
    built
}

/// Whether the JSON Pointer `inner` is `outer` or below it.
fn within(outer: &str, inner: &str) -> bool {
    inner
        .strip_prefix(outer)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

struct Builder<'a> {
    /// The schema `$ref`s resolve against.
    root: &'a Value,
    /// The branch taken at each union, by instance pointer (the first unless set).
    choices: &'a HashMap<String, usize>,
    /// Instance pointers at and above which no example, `const`, `enum` or `default` is used.
    plain: &'a HashSet<String>,
    /// Every union met: its instance pointer and how many branches it has.
    sites: Vec<(String, usize)>,
}

impl Builder<'_> {
    fn build(&mut self, schema: &Value, at: &str, depth: usize) -> Value {
        let Some(schema) = schema.as_object() else {
            return Value::Null;
        };
        if depth > MAX_DEPTH {
            return Value::Null;
        }
        if !self.plain.iter().any(|p| within(at, p)) {
            let stated = schema
                .get("examples")
                .and_then(|e| e.as_array()?.first())
                .or_else(|| schema.get("example"))
                .or_else(|| schema.get("const"))
                .or_else(|| schema.get("enum").and_then(|e| e.as_array()?.first()))
                .or_else(|| schema.get("default"));
            if let Some(value) = stated {
                return value.clone();
            }
        }
        if let Some(target) = schema
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix('#'))
            .and_then(|pointer| self.root.pointer(pointer))
        {
            return self.build(target, at, depth + 1);
        }
        for union in ["oneOf", "anyOf"] {
            if let Some(branches) = schema.get(union).and_then(Value::as_array)
                && !branches.is_empty()
            {
                self.sites.push((at.to_owned(), branches.len()));
                let chosen = self.choices.get(at).copied().unwrap_or(0);
                let branch = &branches[chosen.min(branches.len() - 1)];
                let mut value = self.build(branch, at, depth + 1);
                if schema.contains_key("properties")
                    && let Value::Object(own) = self.shape(schema, at, depth)
                    && let Value::Object(members) = &mut value
                {
                    for (name, member) in own {
                        members.entry(name).or_insert(member);
                    }
                }
                return value;
            }
        }
        if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
            let mut merged: Option<Map<String, Value>> = None;
            let mut last = Value::Null;
            for part in parts {
                match self.build(part, at, depth + 1) {
                    Value::Object(members) => merged.get_or_insert_default().extend(members),
                    other => last = other,
                }
            }
            if let Value::Object(own) = self.shape(schema, at, depth) {
                merged.get_or_insert_default().extend(own);
            }
            return merged.map_or(last, Value::Object);
        }
        self.shape(schema, at, depth)
    }

    /// The instance by the schema's `type` (the first one other than `null`, or the one its
    /// keywords imply).
    fn shape(&mut self, schema: &Map<String, Value>, at: &str, depth: usize) -> Value {
        let types: Vec<&str> = match schema.get("type") {
            Some(Value::String(t)) => vec![t.as_str()],
            Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        let kind = types
            .iter()
            .copied()
            .find(|t| *t != "null")
            .or(types.first().copied())
            .unwrap_or(if schema.contains_key("properties") {
                "object"
            } else if schema.contains_key("items") {
                "array"
            } else {
                "null"
            });
        match kind {
            "object" => {
                let required: HashSet<&str> = schema
                    .get("required")
                    .and_then(Value::as_array)
                    .map(|r| r.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default();
                let mut members = Map::new();
                if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
                    for (name, property) in properties {
                        let stated =
                            property.get("examples").is_some() || property.get("example").is_some();
                        if required.contains(name.as_str()) || (stated && depth < MAX_DEPTH) {
                            let inner = format!("{at}/{}", escape(name));
                            members.insert(name.clone(), self.build(property, &inner, depth + 1));
                        }
                    }
                }
                // A required property no `properties` entry describes: any value will do.
                if let Some(names) = schema.get("required").and_then(Value::as_array) {
                    for name in names.iter().filter_map(Value::as_str) {
                        members.entry(name.to_owned()).or_insert(Value::Null);
                    }
                }
                Value::Object(members)
            }
            "array" => {
                let min = uint(schema, "minItems").unwrap_or(0);
                let max = uint(schema, "maxItems").unwrap_or(u64::MAX);
                let count = min.max(1).min(max);
                let item = schema.get("items").unwrap_or(&Value::Null);
                let items = (0..count)
                    .map(|i| self.build(item, &format!("{at}/{i}"), depth + 1))
                    .collect();
                Value::Array(items)
            }
            "string" => Value::String(string(schema)),
            "integer" => {
                let low = schema.get("minimum").and_then(Value::as_i64);
                let high = schema.get("maximum").and_then(Value::as_i64);
                let exclusive = schema.get("exclusiveMinimum").and_then(Value::as_i64);
                let mut n = low.or(exclusive.map(|e| e + 1)).unwrap_or(1);
                if let Some(high) = high {
                    n = n.min(high);
                }
                Value::from(n)
            }
            "number" => {
                let low = schema.get("minimum").and_then(Value::as_f64);
                let high = schema.get("maximum").and_then(Value::as_f64);
                let mut n = low.unwrap_or(1.0);
                if let Some(high) = high {
                    n = n.min(high);
                }
                serde_json::Number::from_f64(n).map_or(Value::from(1), Value::Number)
            }
            "boolean" => Value::Bool(false),
            _ => Value::Null,
        }
    }
}

/// A string of the schema's `format` and length bounds.
fn string(schema: &Map<String, Value>) -> String {
    let text = match schema.get("format").and_then(Value::as_str) {
        Some("date-time") => "2026-01-15T12:00:00.000Z",
        Some("date") => "2026-01-15",
        Some("time") => "12:00:00Z",
        Some("email") => "user@example.com",
        Some("uri" | "url" | "iri") => "https://example.com/",
        Some("hostname") => "example.com",
        Some("uuid") => "6f1d3b2a-8c4e-4f5a-9b7c-0d1e2f3a4b5c",
        Some("ipv4") => "192.0.2.1",
        _ => "example",
    };
    let mut text = text.to_owned();
    let min = uint(schema, "minLength").unwrap_or(0) as usize;
    while text.chars().count() < min {
        text.push('x');
    }
    if let Some(max) = uint(schema, "maxLength") {
        text = text.chars().take(max as usize).collect();
    }
    text
}

fn uint(schema: &Map<String, Value>, keyword: &str) -> Option<u64> {
    schema.get(keyword).and_then(Value::as_u64)
}

/// A property name as a JSON Pointer token.
fn escape(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_tool_has_a_request_and_an_answer_its_types_decode() {
        let mut refused = Vec::new();
        for tool in catalog::tools() {
            let name = tool.entry.name;
            if let Err(violations) = (tool.check_input)(&input(name).unwrap()) {
                refused.push(format!("{name} input: {violations}"));
            }
            if let Err(violations) = (tool.check_output)(&output(name).unwrap()) {
                refused.push(format!("{name} output: {violations}"));
            }
        }
        assert_eq!(catalog::tools().len(), 170);
        assert!(refused.is_empty(), "{}", refused.join("\n"));
    }

    #[test]
    fn the_rule_takes_examples_then_shapes() {
        let schema = json!({
            "type": "object",
            "required": ["kind", "at", "n", "tags", "pick"],
            "properties": {
                "kind": {"enum": ["a", "b"]},
                "at": {"type": "string", "format": "date-time"},
                "n": {"type": "integer", "minimum": 3},
                "tags": {"type": "array", "items": {"$ref": "#/$defs/tag"}},
                "pick": {"oneOf": [{"type": "string", "examples": ["first"]}, {"type": "integer"}]},
                "optional": {"type": "string"},
                "stated": {"type": "boolean", "examples": [true]},
            },
            "$defs": {"tag": {"type": "string", "const": "t"}},
        });
        let built = instance(&schema, |_| Ok(()), |_| {});
        assert_eq!(
            built,
            json!({"kind": "a", "at": "2026-01-15T12:00:00.000Z", "n": 3, "tags": ["t"], "pick": "first", "stated": true})
        );
    }

    #[test]
    fn a_refused_branch_or_example_is_built_again() {
        let schema = json!({
            "type": "object",
            "required": ["v", "n"],
            "properties": {
                "v": {"oneOf": [{"type": "string", "examples": ["s"]}, {"type": "integer"}]},
                "n": {"type": "integer", "examples": [500], "maximum": 100},
            },
        });
        // Takes only an integer `v` and an `n` of at most 100, as a generated type would.
        fn check(value: &Value) -> Result<(), Violations> {
            let refused = |pointer: &str, keyword| portal_runtime::Violation {
                pointer: pointer.to_owned(),
                keyword,
                expected: String::new(),
                found: String::new(),
            };
            let mut out = Violations::default();
            if !value["v"].is_i64() {
                out.push(refused("/v", "oneOf"));
            }
            if value["n"].as_i64().is_none_or(|n| n > 100) {
                out.push(refused("/n", "maximum"));
            }
            out.into_result()
        }
        assert_eq!(instance(&schema, check, |_| {}), json!({"v": 1, "n": 1}));
    }
}

//! Drift: how the input schema a server publishes today differs from the checked-in one.
//!
//! ```
//! use portal_runtime::mcp::drift::compare_tools;
//! use serde_json::json;
//!
//! let checked_in = json!({"name": "t", "inputSchema": {"type": "object", "properties": {"a": {"type": "string"}}}});
//! let live = json!({"name": "t", "inputSchema": {"type": "object", "properties": {"a": {"type": "integer"}, "b": {}}}});
//! let differences: Vec<String> = compare_tools(&checked_in, &live).iter().map(ToString::to_string).collect();
//! assert_eq!(differences, [
//!     "/inputSchema/properties/a/type: \"string\" → \"integer\"",
//!     "/inputSchema/properties/b: (absent) → {}",
//! ]);
//! ```

//!
//! With a compiled-in [`Catalog`](crate::catalog::Catalog), [`classify`] classes each difference
//! for this binary ([`DriftReport`]), and [`McpClient`] checks it at connect
//! ([`McpClientBuilder::catalog`](super::McpClientBuilder::catalog), [`DriftPolicy`]).

mod classify;
mod watch;

use std::fmt;

use serde_json::Value;

pub use classify::{Change, Class, DriftReport, ToolDrift, ToolStatus, classify, classify_tool};
pub use watch::{DriftError, DriftPolicy};
pub(crate) use watch::{Watch, is_tools_list_changed};

use super::{McpClient, Tool};
use crate::error::Error;

/// One place where two schemas differ: the JSON Pointer and both values (`None` where absent).
///
/// Displayed as `/inputSchema/properties/a/type: "string" → "integer"`, with `(absent)` for a
/// missing side.
#[derive(Clone, Debug, PartialEq)]
pub struct Difference {
    /// RFC 6901 JSON Pointer into the tool object (`/inputSchema/...`).
    pub pointer: String,
    /// The value in the old (checked-in) schema.
    pub old: Option<Value>,
    /// The value in the new (live) schema.
    pub new: Option<Value>,
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let show = |v: &Option<Value>| match v {
            Some(v) => v.to_string(),
            None => "(absent)".to_owned(),
        };
        write!(
            f,
            "{}: {} → {}",
            self.pointer,
            show(&self.old),
            show(&self.new)
        )
    }
}

/// The input schema of `tool`: its `inputSchema` when it is an MCP Tool object, else `tool`
/// itself (a bare JSON Schema).
pub fn input_schema(tool: &Value) -> &Value {
    tool.get("inputSchema").unwrap_or(tool)
}

/// Every difference between the input schemas of `old` and `new` (Tool objects or bare
/// schemas), in document order, pointers written from the tool (`/inputSchema/...`).
///
/// Objects are compared key by key whatever the key order; arrays item by item; numbers by
/// value (`1` equals `1.0`). Descriptions count: a changed description is drift too.
pub fn compare_tools(old: &Value, new: &Value) -> Vec<Difference> {
    let mut out = Vec::new();
    let mut pointer = String::from("/inputSchema");
    compare(input_schema(old), input_schema(new), &mut pointer, &mut out);
    out
}

fn compare(old: &Value, new: &Value, pointer: &mut String, out: &mut Vec<Difference>) {
    match (old, new) {
        (Value::Object(a), Value::Object(b)) => {
            for (key, value) in a {
                let len = pointer.len();
                push_token(pointer, key);
                match b.get(key) {
                    Some(other) => compare(value, other, pointer, out),
                    None => out.push(Difference {
                        pointer: pointer.clone(),
                        old: Some(value.clone()),
                        new: None,
                    }),
                }
                pointer.truncate(len);
            }
            for (key, value) in b {
                if !a.contains_key(key) {
                    let len = pointer.len();
                    push_token(pointer, key);
                    out.push(Difference {
                        pointer: pointer.clone(),
                        old: None,
                        new: Some(value.clone()),
                    });
                    pointer.truncate(len);
                }
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            for i in 0..a.len().max(b.len()) {
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&i.to_string());
                match (a.get(i), b.get(i)) {
                    (Some(x), Some(y)) => compare(x, y, pointer, out),
                    (x, y) => out.push(Difference {
                        pointer: pointer.clone(),
                        old: x.cloned(),
                        new: y.cloned(),
                    }),
                }
                pointer.truncate(len);
            }
        }
        (Value::Number(a), Value::Number(b)) if a == b || a.as_f64() == b.as_f64() => {}
        (a, b) if a == b => {}
        (a, b) => out.push(Difference {
            pointer: pointer.clone(),
            old: Some(a.clone()),
            new: Some(b.clone()),
        }),
    }
}

fn push_token(pointer: &mut String, key: &str) {
    pointer.push('/');
    pointer.push_str(&key.replace('~', "~0").replace('/', "~1"));
}

/// What [`check`] found.
#[derive(Clone, Debug, PartialEq)]
pub enum Drift {
    /// The server lists the tool with the checked-in input schema.
    None,
    /// The server lists the tool with a different input schema.
    Changed(Vec<Difference>),
    /// The server does not list the tool; it lists these (in its order).
    Missing {
        /// The names the server lists.
        listed: Vec<String>,
    },
}

impl Drift {
    /// Whether the live tool differs from the checked-in one (or is gone).
    pub fn is_drift(&self) -> bool {
        !matches!(self, Drift::None)
    }
}

/// Lists the server's tools and compares the input schema of `checked_in`'s tool (found by its
/// `name`, or by `name` when given) with the live one.
pub async fn check(
    client: &McpClient,
    checked_in: &Value,
    name: Option<&str>,
) -> Result<Drift, Error> {
    let name = match name.or_else(|| checked_in.get("name").and_then(Value::as_str)) {
        Some(name) => name.to_owned(),
        None => {
            return Err(Error::Configuration(
                "the checked-in schema has no tool name: name the tool to compare".to_owned(),
            ));
        }
    };
    let tools = client.list_tools().await?;
    Ok(compare_listed(checked_in, &name, &tools))
}

/// The [`Drift`] of tool `name` between `checked_in` and a listing.
pub fn compare_listed(checked_in: &Value, name: &str, tools: &[Tool]) -> Drift {
    match tools.iter().find(|tool| tool.name == name) {
        None => Drift::Missing {
            listed: tools.iter().map(|tool| tool.name.clone()).collect(),
        },
        Some(tool) => {
            let differences = compare_tools(checked_in, &tool.raw);
            if differences.is_empty() {
                Drift::None
            } else {
                Drift::Changed(differences)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn arrays_numbers_and_escaped_keys() {
        let old = json!({"enum": ["a", "b"], "maximum": 1, "a/b~c": true});
        let new = json!({"enum": ["a", "c", "d"], "maximum": 1.0, "a/b~c": false});
        let shown: Vec<String> = compare_tools(&old, &new)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            shown,
            [
                "/inputSchema/enum/1: \"b\" → \"c\"",
                "/inputSchema/enum/2: (absent) → \"d\"",
                "/inputSchema/a~1b~0c: true → false",
            ]
        );
        assert!(compare_tools(&old, &old).is_empty());
    }
}

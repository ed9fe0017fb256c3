//! The tools of [`crate::api`] as the sandbox serves them: each one's binding, its schemas as
//! published, and the generated code that decodes its requests and answers, collected once
//! through the catalog's `visit`.

use std::sync::OnceLock;

use portal_runtime::{CatalogTool, FromJson, Method, Operation, QueryStyle, Violations, Visit};
use serde_json::Value;

/// One tool of the catalog.
pub(crate) struct Tool {
    pub(crate) entry: &'static CatalogTool,
    pub(crate) method: Method,
    pub(crate) path: &'static str,
    pub(crate) query: &'static [(&'static str, QueryStyle)],
    /// The binding's documented status (`200` when it states none).
    pub(crate) status: u16,
    /// The tool as published, parsed.
    pub(crate) published: Value,
    /// The generated request type's decoding, serialized back: the request as the type sees it.
    pub(crate) decode_input: fn(&Value) -> Result<Value, Violations>,
    /// Whether a request decodes into the generated request type.
    pub(crate) check_input: fn(&Value) -> Result<(), Violations>,
    /// Whether an answer decodes into the generated output type.
    pub(crate) check_output: fn(&Value) -> Result<(), Violations>,
    /// The answer built from the document's examples, built on first use.
    pub(crate) example_output: OnceLock<Value>,
}

impl Tool {
    /// The schema of the input properties (`inputSchema`), `{}` when the tool states none.
    pub(crate) fn input_schema(&self) -> &Value {
        self.published.get("inputSchema").unwrap_or(&EMPTY)
    }

    /// The `outputSchema`, if the tool answers with content.
    pub(crate) fn output_schema(&self) -> Option<&Value> {
        self.published.get("outputSchema")
    }

    /// The input property that takes the next page's cursor, for a list operation.
    pub(crate) fn cursor(&self) -> Option<&str> {
        self.published
            .pointer("/x-http/paginated/cursor")
            .and_then(Value::as_str)
    }
}

static EMPTY: Value = Value::Null;

fn decode_input<O: Operation + FromJson>(value: &Value) -> Result<Value, Violations> {
    let request = O::from_json_value(value)?;
    // A generated request type serializes to JSON (it holds JSON values only); a failure would be
    // a bug of the generator, which the decoded value is then reported without.
    Ok(serde_json::to_value(&request).unwrap_or(Value::Null))
}

fn check<T: FromJson>(value: &Value) -> Result<(), Violations> {
    T::from_json_value(value).map(|_| ())
}

#[derive(Default)]
struct Registry(Vec<Tool>);

impl Visit for Registry {
    // Fewer bounds than the trait states with the `schemars` feature: the sandbox needs only
    // the decoding, whichever features the runtime is built with.
    fn tool<O>(&mut self, entry: &'static CatalogTool)
    where
        O: Operation + FromJson + 'static,
    {
        let published = serde_json::from_str(entry.published).unwrap_or(Value::Null);
        self.0.push(Tool {
            entry,
            method: O::METHOD,
            path: O::PATH,
            query: O::QUERY,
            status: O::SUCCESS.unwrap_or(200),
            published,
            decode_input: decode_input::<O>,
            check_input: check::<O>,
            check_output: check::<O::Output>,
            example_output: OnceLock::new(),
        });
    }
}

/// Every tool of the catalog with a REST binding, sorted by name.
pub(crate) fn tools() -> &'static [Tool] {
    static TOOLS: OnceLock<Vec<Tool>> = OnceLock::new();
    TOOLS.get_or_init(|| {
        let mut registry = Registry::default();
        crate::api::visit(&mut registry);
        let mut tools = registry.0;
        tools.sort_by(|a, b| a.entry.name.cmp(b.entry.name));
        tools
    })
}

/// The tool named `name`.
pub(crate) fn tool(name: &str) -> Option<&'static Tool> {
    let tools = tools();
    tools
        .binary_search_by(|t| t.entry.name.cmp(name))
        .ok()
        .map(|i| &tools[i])
}

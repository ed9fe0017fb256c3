//! The parts of a tool that are not schemas: its `x-http` binding and its MCP annotations.

use serde_json::{Map, Value, json};

/// An operation's responses as read.
pub(super) struct Responses {
    /// The documented success status.
    pub(super) status: Option<u16>,
    /// The success answer's schema, as a schema root.
    pub(super) output: Option<Value>,
    /// Each error answer's schema, by status.
    pub(super) errors: Map<String, Value>,
}

/// The `x-http` member (the catalog's HTTP binding): `method`, `path`, `status`, `query`,
/// `paginated` and `errors`, each only when there is something to say.
pub(super) fn binding(
    method: &str,
    path: &str,
    query: Map<String, Value>,
    responses: Responses,
) -> Value {
    let mut http = Map::new();
    http.insert("method".to_owned(), json!(method.to_uppercase()));
    http.insert("path".to_owned(), json!(path));
    if let Some(status) = responses.status {
        http.insert("status".to_owned(), json!(status));
    }
    // WorkOS's list envelope: a `limit` and an `after` cursor in, `data` and `list_metadata` out.
    let paginated = method == "get"
        && query.contains_key("limit")
        && query.contains_key("after")
        && responses.output.as_ref().is_some_and(|o| {
            let properties = o.get("properties");
            properties.and_then(|p| p.get("data")).is_some()
                && properties.and_then(|p| p.get("list_metadata")).is_some()
        });
    if !query.is_empty() {
        http.insert("query".to_owned(), Value::Object(query));
    }
    if paginated {
        http.insert(
            "paginated".to_owned(),
            json!({"cursor": "after", "items": "/data", "next": "/list_metadata/after"}),
        );
    }
    if !responses.errors.is_empty() {
        http.insert("errors".to_owned(), Value::Object(responses.errors));
    }
    Value::Object(http)
}

/// MCP's annotations. Each hint is stated, as MCP's defaults (`destructiveHint` true,
/// `idempotentHint` false) would otherwise call every `POST` destructive.
pub(super) fn annotations(method: &str, summary: Option<&str>) -> Value {
    let mut annotations = Map::new();
    if let Some(summary) = summary {
        annotations.insert("title".to_owned(), json!(summary));
    }
    annotations.insert("readOnlyHint".to_owned(), json!(method == "get"));
    annotations.insert("destructiveHint".to_owned(), json!(method == "delete"));
    annotations.insert(
        "idempotentHint".to_owned(),
        json!(matches!(method, "get" | "put" | "delete")),
    );
    Value::Object(annotations)
}

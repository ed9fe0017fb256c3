//! What the example MCP servers ([`serve`](crate::serve), [`catalog_server`](crate::catalog_server))
//! answer a `tools/call` with, in one place so that every server of this crate reports success
//! and failure alike.
//!
//! - **Success** ([`output`]): the tool's output as the generated output type serializes it:
//!   `structuredContent` (and the same JSON as text) when the tool's output schema is an object,
//!   the JSON as text content otherwise, and no content at all for a tool without output (an
//!   `Empty` output, or `null`), which is what the runtime's `McpClient` reads as no output.
//! - **Failure**: a tool error (`isError: true`) whose only text block is one JSON object in the
//!   WorkOS error envelope, `{"message", "code"?, "errors"?}`, plus `status` and `request_id`
//!   when the REST API answered; the request id is also in the result's `_meta` as
//!   `x-request-id` ([`error_result`], [`invalid_arguments`]).

use portal_runtime::{ApiError, Error, Violations};
use rmcp::model::{CallToolResult, ContentBlock, JsonObject, MetaObject};
use serde_json::{Map, Value, json};

/// The `code` of a tool error for arguments that break the input schema.
pub const INVALID_ARGUMENTS: &str = "invalid_arguments";

/// Arguments that break the input schema: `message` lists every violation with its pointer,
/// `code` is [`INVALID_ARGUMENTS`], and `errors` holds one `{"field": <pointer>, "code":
/// <keyword>}` per violation. No `status` or `request_id`: nothing was sent.
pub fn invalid_arguments(violations: &Violations) -> CallToolResult {
    let errors: Vec<Value> = violations
        .0
        .iter()
        .map(|v| json!({ "field": v.pointer, "code": v.keyword }))
        .collect();
    tool_error(
        json!({
            "message": format!("invalid arguments: {violations}"),
            "code": INVALID_ARGUMENTS,
            "errors": errors,
        }),
        None,
    )
}

/// A failed REST call as a tool error.
///
/// - An API answer outside 2xx: the API's envelope, rebuilt from the [`ApiError`] (`message`;
///   `code` and `errors` when the API sent them), with `status` and `request_id` (the API's
///   `X-Request-ID`) added.
/// - Any other failure: `message` is the error's text and `code` names the kind
///   (`upstream_timeout`, `upstream_unreachable`, `invalid_upstream_response`,
///   `upstream_response_too_large`, `configuration_error`, `invalid_arguments`,
///   `upstream_error`), with `status` and `request_id` when a response arrived.
pub fn error_result(error: &Error) -> CallToolResult {
    let request_id = error.request_id().map(str::to_owned);
    let mut envelope = match error {
        Error::Api(api) => api_envelope(api),
        Error::Validation(violations) => return invalid_arguments(violations),
        other => {
            let code = match other {
                Error::Timeout { .. } => "upstream_timeout",
                Error::Transport { .. } => "upstream_unreachable",
                Error::Decode(_) => "invalid_upstream_response",
                Error::ResponseTooLarge { .. } => "upstream_response_too_large",
                Error::Configuration(_) => "configuration_error",
                _ => "upstream_error",
            };
            let mut envelope = Map::new();
            envelope.insert("message".into(), other.to_string().into());
            envelope.insert("code".into(), code.into());
            envelope
        }
    };
    if let Some(status) = error.status() {
        envelope.insert("status".into(), status.into());
    }
    if let Some(id) = &request_id {
        envelope.insert("request_id".into(), id.clone().into());
    }
    tool_error(Value::Object(envelope), request_id)
}

/// `{"message", "code"?, "errors"?}` of an API error, in the API's field order.
fn api_envelope(api: &ApiError) -> Map<String, Value> {
    let mut envelope = Map::new();
    envelope.insert("message".into(), api.message.clone().into());
    if let Some(code) = &api.code {
        envelope.insert("code".into(), code.clone().into());
    }
    if !api.errors.is_empty() {
        let errors = api
            .errors
            .iter()
            .map(|e| json!({ "field": e.field, "code": e.code }))
            .collect();
        envelope.insert("errors".into(), Value::Array(errors));
    }
    envelope
}

/// `isError: true` with `envelope` as the only text block, and `_meta.x-request-id` when known.
/// No `structuredContent`: it would have to match the output schema.
pub(crate) fn tool_error(envelope: Value, request_id: Option<String>) -> CallToolResult {
    let meta = request_id.map(|id| {
        let mut meta = JsonObject::new();
        meta.insert("x-request-id".into(), id.into());
        MetaObject(meta)
    });
    CallToolResult::error(vec![ContentBlock::text(envelope.to_string())]).with_meta(meta)
}

/// A successful call's output, `value` being what the generated output type serializes to;
/// `structured` when the tool advertises an `outputSchema` (an object schema).
pub fn output(value: Value, structured: bool) -> CallToolResult {
    match value {
        // A tool without output answers no content.
        Value::Null => CallToolResult::success(Vec::new()),
        // MCP's `structuredContent` is an object and must match the `outputSchema`; rmcp also
        // puts the same JSON in a text block for clients that read only content.
        value if structured => CallToolResult::structured(value),
        value => CallToolResult::success(vec![ContentBlock::text(value.to_string())]),
    }
}

/// A typed output as [`output`] answers it; an output that does not serialize is a tool error.
pub fn typed_output<T: serde::Serialize>(value: &T, structured: bool) -> CallToolResult {
    match serde_json::to_value(value) {
        Ok(value) => output(value, structured),
        Err(e) => tool_error(
            json!({ "message": format!("the output cannot be encoded: {e}") }),
            None,
        ),
    }
}

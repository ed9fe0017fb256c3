//! What a server answers: a tool result, and a tool as `tools/list` describes it.

use std::fmt;

use serde_json::{Map, Value};

use crate::error::{Error, ToolError};
use crate::validate::{FromJson, Violation, Violations};

/// The result of one `tools/call`, as the server sent it.
///
/// [`McpClient::call_tool`](super::McpClient::call_tool) returns it whether the tool succeeded or
/// reported failure (`isError: true`); [`McpClient::send`](super::McpClient::send) turns it into
/// the operation's typed output or an [`Error::Tool`].
///
/// Its `Debug` output shows the content, `structuredContent` and `_meta` as `[redacted]`, as the
/// generated outputs do for their secret fields: a result is whatever the tool returned (the
/// Admin Portal link, a bearer secret, among others), and `Debug` ends up in logs. Read them
/// through the fields, [`text`](Self::text) or [`json`](Self::json).
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub struct ToolResult {
    /// The content blocks, as sent (`{"type":"text","text":...}`, images, resources, ...).
    pub content: Vec<Value>,
    /// `structuredContent`, when present (an explicit `null` is kept as `Some(Value::Null)`).
    pub structured_content: Option<Value>,
    /// `isError` (absent means `false`).
    pub is_error: bool,
    /// The result's `_meta`, when present.
    pub meta: Option<Map<String, Value>>,
    /// The HTTP status of the answer that carried the result.
    pub status: u16,
    /// The request id of the underlying call: the answer's `X-Request-ID` header, else an
    /// `x-request-id` or `requestId` string in the result's `_meta`.
    pub request_id: Option<String>,
}

impl fmt::Debug for ToolResult {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const REDACTED: &str = "[redacted]";
        f.debug_struct("ToolResult")
            .field("content", &REDACTED)
            .field(
                "structured_content",
                &self.structured_content.as_ref().map(|_| REDACTED),
            )
            .field("is_error", &self.is_error)
            .field("meta", &self.meta.as_ref().map(|_| REDACTED))
            .field("status", &self.status)
            .field("request_id", &self.request_id)
            .finish()
    }
}

impl ToolResult {
    /// Reads a `tools/call` result object.
    pub(crate) fn from_result(
        result: Value,
        status: u16,
        request_id: Option<String>,
    ) -> Result<ToolResult, Violations> {
        let Value::Object(mut result) = result else {
            return Err(shape("", "a result object", &result));
        };
        let content = match result.remove("content") {
            None => Vec::new(),
            Some(Value::Array(items)) => items,
            Some(other) => return Err(shape("/content", "an array", &other)),
        };
        let is_error = match result.remove("isError") {
            None | Some(Value::Null) => false,
            Some(Value::Bool(b)) => b,
            Some(other) => return Err(shape("/isError", "a boolean", &other)),
        };
        let meta = match result.remove("_meta") {
            None => None,
            Some(Value::Object(meta)) => Some(meta),
            Some(other) => return Err(shape("/_meta", "an object", &other)),
        };
        let request_id = request_id.or_else(|| {
            let meta = meta.as_ref()?;
            ["x-request-id", "requestId"]
                .iter()
                .find_map(|key| meta.get(*key)?.as_str().map(str::to_owned))
        });
        Ok(ToolResult {
            content,
            structured_content: result.remove("structuredContent"),
            is_error,
            meta,
            status,
            request_id,
        })
    }

    /// The text of the first content block, when it is a text block.
    pub fn text(&self) -> Option<&str> {
        let first = self.content.first()?;
        if first.get("type")?.as_str()? != "text" {
            return None;
        }
        first.get("text")?.as_str()
    }

    /// The result as JSON: `structuredContent` when present, else the JSON in the first text
    /// block. The violation names what is missing or not JSON.
    pub fn json(&self) -> Result<Value, Violations> {
        if let Some(structured) = &self.structured_content {
            return Ok(structured.clone());
        }
        let text = self.text().ok_or_else(|| no_output(self))?;
        serde_json::from_str(text).map_err(|e| {
            Violations(vec![Violation {
                pointer: String::new(),
                keyword: "json",
                expected: "valid JSON".to_owned(),
                found: e.to_string(),
            }])
        })
    }

    /// Decodes and validates the result into `T`: `structuredContent` when present, else the
    /// JSON text of the first text block. Fails with [`Error::Decode`] (the violations name
    /// every problem, URL query strings redacted).
    pub fn decode<T: FromJson>(&self) -> Result<T, Error> {
        let (decoded, shown) = match (&self.structured_content, self.text()) {
            (Some(structured), _) => (T::from_json_value(structured), structured.to_string()),
            (None, Some(text)) => (T::from_json(text), text.to_owned()),
            // No content at all is what a tool without output answers: an output type that
            // takes `null` (`Empty`, `Value`) decodes from it, as from an empty 2xx over REST.
            (None, None) => match T::from_json_value(&Value::Null) {
                Ok(empty) if self.content.is_empty() => return Ok(empty),
                _ => (
                    Err(no_output(self)),
                    Value::Array(self.content.clone()).to_string(),
                ),
            },
        };
        decoded.map_err(|violations| {
            crate::error::decode_error(
                self.status,
                self.request_id.clone(),
                violations,
                shown.as_bytes(),
            )
        })
    }

    /// The failure this result reports, when `isError` is set: the first text block (else
    /// `structuredContent`) decoded as the API's error envelope when it is one.
    pub fn error(&self, tool: &str) -> Option<ToolError> {
        if !self.is_error {
            return None;
        }
        let text = match (self.text(), &self.structured_content) {
            (Some(text), _) => text.to_owned(),
            (None, Some(structured)) => structured.to_string(),
            (None, None) => String::new(),
        };
        let status = self
            .structured_content
            .as_ref()
            .and_then(|s| s.get("status"))
            .and_then(Value::as_u64)
            .and_then(|s| u16::try_from(s).ok());
        Some(ToolError::parse(
            tool,
            status,
            self.request_id.clone(),
            &text,
        ))
    }
}

fn no_output(result: &ToolResult) -> Violations {
    let found = match result.content.first() {
        None => "no content".to_owned(),
        Some(block) => format!(
            "a {} block first",
            block
                .get("type")
                .and_then(Value::as_str)
                .unwrap_or("untyped")
        ),
    };
    Violations(vec![Violation {
        pointer: String::new(),
        keyword: "content",
        expected: "structuredContent or a text block".to_owned(),
        found,
    }])
}

/// A violation of the MCP message shape at `pointer`.
pub(crate) fn shape(pointer: &str, expected: &str, found: &Value) -> Violations {
    Violations(vec![Violation {
        pointer: pointer.to_owned(),
        keyword: "mcp",
        expected: expected.to_owned(),
        found: crate::validate::json_type(found).to_owned(),
    }])
}

/// One tool as `tools/list` describes it.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Tool {
    /// The tool's name (`portal.generate_link.create`).
    pub name: String,
    /// Its description, when given.
    pub description: Option<String>,
    /// Its `inputSchema`, as sent.
    pub input_schema: Value,
    /// Its `outputSchema`, when given.
    pub output_schema: Option<Value>,
    /// The whole tool object, as sent (annotations, `_meta`, `title`, ...).
    pub raw: Value,
}

impl Tool {
    /// Reads one item of `tools/list`'s `tools`; `None` when it has no string `name`.
    pub(crate) fn from_value(raw: Value) -> Option<Tool> {
        let name = raw.get("name")?.as_str()?.to_owned();
        Some(Tool {
            name,
            description: raw
                .get("description")
                .and_then(Value::as_str)
                .map(str::to_owned),
            input_schema: raw.get("inputSchema").cloned().unwrap_or(Value::Null),
            output_schema: raw.get("outputSchema").cloned(),
            raw,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_hides_the_content() {
        let link = "https://setup.workos.com/portal?token=s3cret";
        let result = ToolResult::from_result(
            serde_json::json!({
                "content": [{"type": "text", "text": format!("{{\"link\":\"{link}\"}}")}],
                "structuredContent": {"link": link},
                "_meta": {"requestId": "req_1"},
            }),
            200,
            None,
        )
        .unwrap();
        assert_eq!(
            format!("{result:?}"),
            "ToolResult { content: \"[redacted]\", structured_content: Some(\"[redacted]\"), is_error: false, meta: Some(\"[redacted]\"), status: 200, request_id: Some(\"req_1\") }"
        );
        assert_eq!(result.json().unwrap()["link"], link);
    }
}

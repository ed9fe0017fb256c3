//! The one error type of a call: the request broke the schema, the API answered with an error,
//! the answer could not be read, or the call never completed.
//!
//! Every variant that saw a response keeps its status and `X-Request-ID`, so a report to the API's
//! support can name the request. Response bodies are kept only as a bounded excerpt
//! ([`BODY_EXCERPT_LIMIT`]) with the query strings of URLs redacted: the links this API returns carry
//! a bearer token in their query string.

use std::fmt;
use std::time::Duration;

use crate::validate::Violations;

/// The most bytes of a response body an error keeps (cut at a character boundary).
pub const BODY_EXCERPT_LIMIT: usize = 2048;

/// What went wrong with one call.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The request broke its schema. Nothing was sent.
    #[error("invalid request: {0}")]
    Validation(Violations),
    /// The API answered with a status outside 2xx.
    #[error(transparent)]
    Api(Box<ApiError>),
    /// No complete response arrived within the configured timeout (per attempt).
    #[error("request timed out after {after:?} (attempt {attempt})")]
    Timeout {
        /// The timeout that expired.
        after: Duration,
        /// Which attempt timed out, counting from 1.
        attempt: u32,
    },
    /// The whole call (every attempt, backoff and session set-up included) did not finish within
    /// the client's deadline.
    #[error(
        "the call did not finish within its deadline of {after:?} (attempts, backoff and set-up included)"
    )]
    Deadline {
        /// The configured deadline.
        after: Duration,
    },
    /// The server answered with a redirect. Redirects are never followed: the request carries the
    /// credential, and a hop to another origin (or to plain `http`) would hand it over.
    #[error("the server answered {status} redirecting to {location}; redirects are not followed")]
    Redirect {
        /// The HTTP status of the redirect (301, 302, 303, 307 or 308).
        status: u16,
        /// The `Location` header, with any userinfo and query removed.
        location: String,
        /// The `X-Request-ID` of the response.
        request_id: Option<String>,
    },
    /// The connection failed: refused, reset, closed before or while the response arrived.
    #[error("transport error on attempt {attempt}: {message}")]
    Transport {
        /// Which attempt failed, counting from 1.
        attempt: u32,
        /// The error and its causes, joined by `": "`.
        message: String,
        /// The underlying error.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// A 2xx response whose body is not the operation's output: not JSON, or JSON that breaks the
    /// output schema.
    #[error(transparent)]
    Decode(Box<DecodeError>),
    /// The response body was larger than the configured limit; reading stopped at the limit.
    #[error("the {status} response body exceeds the limit of {limit} bytes{}", RequestId(request_id.as_deref()))]
    ResponseTooLarge {
        /// The HTTP status of the response.
        status: u16,
        /// The `X-Request-ID` of the response.
        request_id: Option<String>,
        /// The configured limit, in bytes.
        limit: usize,
    },
    /// The client was configured wrongly (missing API key, plain-HTTP base URL, ...) or the
    /// request cannot be encoded for its HTTP binding.
    #[error("configuration error: {0}")]
    Configuration(String),
    /// An MCP server answered with a JSON-RPC `error` object (unknown tool, bad params, an
    /// unsupported protocol version, ...): the call was refused before any tool ran.
    #[error(transparent)]
    Protocol(Box<ProtocolError>),
    /// An MCP tool ran and reported failure (`isError: true`), in the API's error envelope when
    /// the tool forwards an API error.
    #[error(transparent)]
    Tool(Box<ToolError>),
}

impl Error {
    /// Whether the same request may succeed if sent again later: rate limiting (429), a gateway
    /// or availability failure (502, 503, 504), a timeout or a failed connection.
    ///
    /// The client's `RetryPolicy` (feature `client`) retries a subset of these by itself.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Api(e) => matches!(e.status, 429 | 502 | 503 | 504),
            Error::Tool(e) => matches!(e.status, Some(429 | 502 | 503 | 504)),
            Error::Timeout { .. } | Error::Transport { .. } => true,
            _ => false,
        }
    }

    /// The HTTP status, when a response arrived.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::Decode(e) => Some(e.status),
            Error::ResponseTooLarge { status, .. } | Error::Redirect { status, .. } => {
                Some(*status)
            }
            Error::Tool(e) => e.status,
            _ => None,
        }
    }

    /// The `X-Request-ID` of the response, when a response arrived and carried one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api(e) => e.request_id.as_deref(),
            Error::Decode(e) => e.request_id.as_deref(),
            Error::ResponseTooLarge { request_id, .. } | Error::Redirect { request_id, .. } => {
                request_id.as_deref()
            }
            Error::Tool(e) => e.request_id.as_deref(),
            _ => None,
        }
    }
}

impl From<Violations> for Error {
    fn from(violations: Violations) -> Self {
        Error::Validation(violations)
    }
}

impl From<ApiError> for Error {
    fn from(error: ApiError) -> Self {
        Error::Api(Box::new(error))
    }
}

impl From<DecodeError> for Error {
    fn from(error: DecodeError) -> Self {
        Error::Decode(Box::new(error))
    }
}

impl From<ProtocolError> for Error {
    fn from(error: ProtocolError) -> Self {
        Error::Protocol(Box::new(error))
    }
}

impl From<ToolError> for Error {
    fn from(error: ToolError) -> Self {
        Error::Tool(Box::new(error))
    }
}

/// One rejected field of a `422` answer: `{"field": "intent", "code": "required"}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    /// The request property the API rejected.
    pub field: String,
    /// Why, as the API's machine-readable code.
    pub code: String,
}

/// An answer outside 2xx, decoded from either error envelope the API uses:
/// `{"message", "code"?, "errors"?: [{"field", "code"}]}` or the OAuth-style
/// `{"error", "error_description"}`.
///
/// Displayed as `API error 422 unprocessable_entity: Validation failed. [intent: required] (request id req_1)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    /// The HTTP status.
    pub status: u16,
    /// The machine-readable code (`code`, or `error` in the OAuth-style envelope).
    pub code: Option<String>,
    /// The human-readable message (`message`, or `error_description`); the status's reason phrase
    /// when the body carries neither.
    pub message: String,
    /// Per-field errors of a validation failure, in the order the API listed them.
    pub errors: Vec<FieldError>,
    /// The `X-Request-ID` response header.
    pub request_id: Option<String>,
    /// The `Retry-After` response header, in either of its forms (seconds or HTTP-date).
    pub retry_after: Option<Duration>,
    /// The start of the body, at most [`BODY_EXCERPT_LIMIT`] bytes, URL query strings redacted.
    pub body: String,
}

impl ApiError {
    /// Decodes an error answer from its status, headers and body. A body in neither envelope
    /// (an HTML page from a proxy, an empty body) still gives an error, with the reason phrase of
    /// the status as its message.
    pub fn parse(
        status: u16,
        request_id: Option<String>,
        retry_after: Option<Duration>,
        body: &[u8],
    ) -> ApiError {
        let envelope = serde_json::from_slice::<serde_json::Value>(body).ok();
        let text = |key: &str| {
            envelope
                .as_ref()
                .and_then(|v| v.get(key))
                .and_then(|v| v.as_str())
                .map(str::to_owned)
        };
        let code = text("code").or_else(|| text("error"));
        let message = text("message")
            .or_else(|| text("error_description"))
            .unwrap_or_else(|| reason_phrase(status).to_owned());
        let errors = envelope
            .as_ref()
            .and_then(|v| v.get("errors"))
            .and_then(|v| v.as_array())
            .map(|items| {
                items
                    .iter()
                    .filter_map(|item| {
                        let field = item.get("field")?.as_str()?;
                        let code = item.get("code").and_then(|c| c.as_str()).unwrap_or("");
                        Some(FieldError {
                            field: field.to_owned(),
                            code: code.to_owned(),
                        })
                    })
                    .collect()
            })
            .unwrap_or_default();
        ApiError {
            status,
            code,
            message,
            errors,
            request_id,
            retry_after,
            body: body_excerpt(body),
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "API error {}", self.status)?;
        if let Some(code) = &self.code {
            write!(f, " {code}")?;
        }
        write!(f, ": {}", self.message)?;
        write!(
            f,
            "{}{}",
            FieldErrors(&self.errors),
            RequestId(self.request_id.as_deref())
        )
    }
}

impl std::error::Error for ApiError {}

/// A 2xx answer that is not the operation's output.
///
/// Displayed as `could not decode the 201 response (request id req_1): 1 violation\n  /link: ...`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeError {
    /// The HTTP status.
    pub status: u16,
    /// The `X-Request-ID` response header.
    pub request_id: Option<String>,
    /// Every way the body breaks the output schema; one violation with keyword `json` when the
    /// body is not JSON (or not UTF-8) at all.
    pub violations: Violations,
    /// The start of the body, at most [`BODY_EXCERPT_LIMIT`] bytes, URL query strings redacted.
    pub body: String,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "could not decode the {} response{}: {}",
            self.status,
            RequestId(self.request_id.as_deref()),
            self.violations
        )
    }
}

impl std::error::Error for DecodeError {}

/// A JSON-RPC `error` object an MCP server answered with: `{"code", "message", "data"?}`.
///
/// Displayed as `MCP error -32602: Unknown tool: portal.nope`.
#[derive(Clone, Debug, PartialEq)]
pub struct ProtocolError {
    /// The JSON-RPC error code (`-32602` invalid params or unknown tool, `-32601` method not
    /// found, `-32020`/`-32021`/`-32022` for the modern era's header, capability and version
    /// checks, ...).
    pub code: i64,
    /// The server's message.
    pub message: String,
    /// The error's `data`, as sent.
    pub data: Option<serde_json::Value>,
    /// The HTTP status the error came with (200 for an error inside an event stream or a
    /// legacy-era answer; 400 or 404 for most modern-era refusals).
    pub status: u16,
}

impl fmt::Display for ProtocolError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "MCP error {}: {}", self.code, self.message)
    }
}

impl std::error::Error for ProtocolError {}

/// A tool result with `isError: true`: the tool ran and failed.
///
/// Servers generated from a REST API put the API's error body in the result's text, so when that
/// text is one of the API's error envelopes it is decoded into the same fields as an
/// [`ApiError`]: `code`, `message`, `errors`. MCP carries no HTTP status for a tool error, so
/// [`status`](Self::status) is `None` unless the result names one (a numeric `status` in
/// `structuredContent` or the envelope).
///
/// Displayed as `tool portal.generate_link.create failed: unprocessable_entity: Validation failed. [intent: required] (request id req_1)`,
/// with ` with status 422` after `failed` when the status is known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ToolError {
    /// The tool that failed.
    pub tool: String,
    /// The HTTP status of the underlying API answer, when the result names it.
    pub status: Option<u16>,
    /// The machine-readable code (`code`, or `error` in the OAuth-style envelope).
    pub code: Option<String>,
    /// The human-readable message (`message`, or `error_description`); the text itself (bounded,
    /// URL query strings redacted) when it is in neither envelope.
    pub message: String,
    /// Per-field errors of a validation failure, in the order the API listed them.
    pub errors: Vec<FieldError>,
    /// The request id of the underlying API call, when the server passes one on (the docs of
    /// the `mcp` module say where it is looked for).
    pub request_id: Option<String>,
    /// The start of the error text, at most [`BODY_EXCERPT_LIMIT`] bytes, URL query strings
    /// redacted.
    pub body: String,
}

impl ToolError {
    /// Decodes the error `text` of tool `tool`. `status` and `request_id` come from wherever the
    /// transport found them; a `status` (number) or `request_id` (string) property of the
    /// envelope fills them when they are `None`.
    pub fn parse(
        tool: impl Into<String>,
        status: Option<u16>,
        request_id: Option<String>,
        text: &str,
    ) -> ToolError {
        let envelope = serde_json::from_str::<serde_json::Value>(text)
            .ok()
            .filter(|v| {
                ["message", "error", "error_description", "code"]
                    .iter()
                    .any(|key| v.get(key).is_some_and(serde_json::Value::is_string))
            });
        let body = body_excerpt(text.as_bytes());
        match envelope {
            Some(envelope) => {
                // The envelope parser is the REST one, so both transports fill the fields alike.
                let api = ApiError::parse(0, None, None, text.as_bytes());
                let message = if envelope
                    .get("message")
                    .is_some_and(serde_json::Value::is_string)
                    || envelope
                        .get("error_description")
                        .is_some_and(serde_json::Value::is_string)
                {
                    api.message
                } else {
                    String::new()
                };
                ToolError {
                    tool: tool.into(),
                    status: status.or_else(|| {
                        envelope
                            .get("status")
                            .and_then(serde_json::Value::as_u64)
                            .and_then(|s| u16::try_from(s).ok())
                    }),
                    code: api.code,
                    message,
                    errors: api.errors,
                    request_id: request_id.or_else(|| {
                        envelope
                            .get("request_id")
                            .and_then(serde_json::Value::as_str)
                            .map(str::to_owned)
                    }),
                    body,
                }
            }
            None => ToolError {
                tool: tool.into(),
                status,
                code: None,
                message: body.clone(),
                errors: Vec::new(),
                request_id,
                body,
            },
        }
    }
}

impl fmt::Display for ToolError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "tool {} failed", self.tool)?;
        if let Some(status) = self.status {
            write!(f, " with status {status}")?;
        }
        let parts: Vec<&str> = [self.code.as_deref(), Some(self.message.as_str())]
            .into_iter()
            .flatten()
            .filter(|part| !part.is_empty())
            .collect();
        if !parts.is_empty() {
            write!(f, ": {}", parts.join(": "))?;
        }
        write!(
            f,
            "{}{}",
            FieldErrors(&self.errors),
            RequestId(self.request_id.as_deref())
        )
    }
}

impl std::error::Error for ToolError {}

/// ` [field: code, ...]`, or nothing when there are no field errors.
struct FieldErrors<'a>(&'a [FieldError]);

impl fmt::Display for FieldErrors<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return Ok(());
        }
        f.write_str(" [")?;
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{}: {}", e.field, e.code)?;
        }
        f.write_str("]")
    }
}

/// ` (request id X)`, or nothing.
struct RequestId<'a>(Option<&'a str>);

impl fmt::Display for RequestId<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(id) => write!(f, " (request id {id})"),
            None => Ok(()),
        }
    }
}

/// The start of `body` as text: at most [`BODY_EXCERPT_LIMIT`] bytes, invalid UTF-8 replaced,
/// and the query string of every `http://`/`https://` URL replaced by `?…` so that a link's
/// bearer token never reaches a log through an error.
pub fn body_excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(&body[..body.len().min(BODY_EXCERPT_LIMIT)]);
    let mut text: &str = &text;
    if body.len() > BODY_EXCERPT_LIMIT {
        // A cut inside a multi-byte character shows up as a trailing replacement character.
        text = text.strip_suffix('\u{FFFD}').unwrap_or(text);
    }
    redact_urls(text)
}

/// A [`DecodeError`] for an answer that breaks the output schema, with URL query strings redacted
/// from what the violations quote: the answer may hold a link with its token.
pub(crate) fn decode_error(
    status: u16,
    request_id: Option<String>,
    violations: Violations,
    body: &[u8],
) -> Error {
    let violations = Violations(
        violations
            .into_iter()
            .map(|v| crate::validate::Violation {
                found: redact_urls(&v.found),
                ..v
            })
            .collect(),
    );
    Error::from(DecodeError {
        status,
        request_id,
        violations,
        body: body_excerpt(body),
    })
}

pub(crate) fn redact_urls(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = find_url(rest) {
        let (before, url) = rest.split_at(start);
        out.push_str(before);
        let end = url
            .find(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '<' | '>' | '\\'))
            .unwrap_or(url.len());
        let (url, after) = url.split_at(end);
        match url.find('?') {
            Some(q) => {
                out.push_str(&url[..=q]);
                out.push('…');
                // A fragment is not sent to the server and carries no token; drop it all the same.
            }
            None => out.push_str(url),
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

fn find_url(text: &str) -> Option<usize> {
    let lower = text.to_ascii_lowercase();
    match (lower.find("http://"), lower.find("https://")) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// The reason phrase of the statuses the API documents, or `"Unexpected status"`.
fn reason_phrase(status: u16) -> &'static str {
    match status {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        409 => "Conflict",
        413 => "Content Too Large",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Unexpected status",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_message_envelope_with_field_errors() {
        let body = br#"{"message":"Validation failed.","code":"unprocessable_entity","errors":[{"field":"intent","code":"required"},{"field":"organization","code":"required"}]}"#;
        let e = ApiError::parse(422, Some("req_1".into()), None, body);
        assert_eq!(
            e.to_string(),
            "API error 422 unprocessable_entity: Validation failed. [intent: required, organization: required] (request id req_1)"
        );
        assert_eq!(e.body, String::from_utf8_lossy(body));
    }

    #[test]
    fn parses_the_oauth_envelope() {
        let e = ApiError::parse(
            400,
            None,
            None,
            br#"{"error":"invalid_grant","error_description":"The code has expired."}"#,
        );
        assert_eq!(e.code.as_deref(), Some("invalid_grant"));
        assert_eq!(
            e.to_string(),
            "API error 400 invalid_grant: The code has expired."
        );
    }

    #[test]
    fn a_body_in_no_envelope_falls_back_to_the_reason_phrase() {
        let e = ApiError::parse(502, None, None, b"<html>bad gateway</html>");
        assert_eq!(e.to_string(), "API error 502: Bad Gateway");
        assert_eq!(e.body, "<html>bad gateway</html>");
    }

    #[test]
    fn tool_errors_decode_both_envelopes_and_plain_text() {
        let e = ToolError::parse(
            "t.create",
            None,
            None,
            r#"{"error":"invalid_grant","error_description":"The code has expired.","request_id":"req_9"}"#,
        );
        assert_eq!(e.code.as_deref(), Some("invalid_grant"));
        assert_eq!(
            e.to_string(),
            "tool t.create failed: invalid_grant: The code has expired. (request id req_9)"
        );
        let e = ToolError::parse(
            "t.create",
            None,
            None,
            r#"{"code":"unauthorized","status":401}"#,
        );
        assert_eq!(
            e.to_string(),
            "tool t.create failed with status 401: unauthorized"
        );
        assert!(Error::from(ToolError::parse("t", Some(503), None, "")).is_retryable());
        let e = ToolError::parse(
            "t.create",
            None,
            None,
            "upstream said no: https://x.test/?k=v",
        );
        assert_eq!(e.code, None);
        assert_eq!(
            e.to_string(),
            "tool t.create failed: upstream said no: https://x.test/?…"
        );
        let e = ProtocolError {
            code: -32602,
            message: "Unknown tool: t".into(),
            data: None,
            status: 200,
        };
        assert_eq!(
            Error::from(e).to_string(),
            "MCP error -32602: Unknown tool: t"
        );
    }

    #[test]
    fn excerpts_are_bounded_and_redact_query_strings() {
        let body =
            r#"{"link":"https://setup.workos.com?token=secret","next":"HTTP://x.test/a?b=c d"}"#;
        assert_eq!(
            body_excerpt(body.as_bytes()),
            r#"{"link":"https://setup.workos.com?…","next":"HTTP://x.test/a?… d"}"#
        );
        let long = "é".repeat(BODY_EXCERPT_LIMIT);
        let excerpt = body_excerpt(long.as_bytes());
        assert_eq!(excerpt, "é".repeat(BODY_EXCERPT_LIMIT / 2));
    }
}

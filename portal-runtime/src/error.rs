//! The one error type of a call: the request broke the schema, the API answered with an error,
//! the answer could not be read, or the call never completed.
//!
//! Every variant that saw a response keeps its status and `X-Request-ID`, so a report to the API's
//! support can name the request. Response bodies are kept only as a bounded excerpt
//! ([`BODY_EXCERPT_LIMIT`]) with the userinfo, query and fragment of URLs redacted (JSON-escaped
//! `https:\/\/` URLs too), and so are the server's messages: the links this API returns carry a
//! bearer token in their query string.

use std::fmt;
use std::time::Duration;

use crate::operation::{DocumentedErrors, Fallible};
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
        /// The HTTP status of the redirect (any 3xx that carries a `Location`).
        status: u16,
        /// The `Location` header resolved against the request URL, with any userinfo, query and
        /// fragment removed.
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
    /// The MCP client's drift policy refused a call: the server's copy of the tool differs from
    /// the compiled-in catalog's (`DriftPolicy::Deny` or `DenyAll`). Nothing was sent.
    #[cfg(feature = "mcp")]
    #[error(transparent)]
    Drift(Box<crate::mcp::drift::DriftError>),
}

impl Error {
    /// This error as a documented error answer of operation `O` (`None` unless it is
    /// `Error::Api` with a documented status and a JSON body).
    pub fn documented<O: Fallible>(&self) -> Option<Result<O::Errors, Violations>> {
        match self {
            Error::Api(e) => e.documented::<O::Errors>(),
            _ => None,
        }
    }

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
///
/// Its `Debug` and `Display` show the redacted excerpt of the body, never [`json`](Self::json):
/// the whole body may be large, and its links carry bearer tokens.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The HTTP status.
    pub status: u16,
    /// The machine-readable code (`code`, or `error` in the OAuth-style envelope).
    pub code: Option<String>,
    /// The human-readable message (`message`, or `error_description`) with the secrets of any URL
    /// in it redacted as in [`body`](Self::body); the status's reason phrase when the body
    /// carries neither.
    pub message: String,
    /// Per-field errors of a validation failure, in the order the API listed them.
    pub errors: Vec<FieldError>,
    /// The `X-Request-ID` response header.
    pub request_id: Option<String>,
    /// The `Retry-After` response header, in either of its forms (seconds or HTTP-date).
    pub retry_after: Option<Duration>,
    /// The start of the body, at most [`BODY_EXCERPT_LIMIT`] bytes, URL query strings redacted.
    pub body: String,
    /// The whole body as JSON, when it was JSON: what [`documented`](Self::documented) decodes.
    /// Not redacted, and bounded only by the client's response-size limit.
    pub json: Option<serde_json::Value>,
}

impl fmt::Debug for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `json` is left out: the excerpt already shows the body, bounded and redacted.
        f.debug_struct("ApiError")
            .field("status", &self.status)
            .field("code", &self.code)
            .field("message", &self.message)
            .field("errors", &self.errors)
            .field("request_id", &self.request_id)
            .field("retry_after", &self.retry_after)
            .field("body", &self.body)
            .finish_non_exhaustive()
    }
}

impl ApiError {
    /// The whole body of the answer as JSON, when it was JSON (bounded by the client's
    /// response-size limit).
    pub fn json(&self) -> Option<&serde_json::Value> {
        self.json.as_ref()
    }

    /// This answer as one of `E`'s documented errors: `None` when its status is not documented
    /// or its body is not JSON, `Some(Err(violations))` when the body breaks the schema
    /// documented for its status.
    ///
    /// What the violations quote of the body has its URLs redacted, as in [`body`](Self::body);
    /// the decoded value is the body as sent.
    ///
    /// ```
    /// use portal_runtime::{ApiError, NoDocumentedErrors};
    ///
    /// let error = ApiError::parse(404, None, None, br#"{"message":"Not found"}"#);
    /// assert_eq!(error.json(), Some(&serde_json::json!({"message": "Not found"})));
    /// // An operation that documents no error answer decodes none.
    /// assert!(error.documented::<NoDocumentedErrors>().is_none());
    /// ```
    pub fn documented<E: DocumentedErrors>(&self) -> Option<Result<E, Violations>> {
        let decoded = E::decode(self.status, self.json.as_ref()?)?;
        Some(decoded.map_err(redact_violations))
    }

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
        // A server's message may quote a URL of the request or a link it minted: redacted like
        // the body excerpt.
        let message = text("message")
            .or_else(|| text("error_description"))
            .map_or_else(|| reason_phrase(status).to_owned(), |m| redact_urls(&m));
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
            json: envelope,
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
        write!(f, "MCP error {}: {}", self.code, redact_urls(&self.message))
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
/// and in every `http://`/`https://` URL (JSON-escaped ones too) the userinfo replaced by `…@`
/// and the query and fragment by `?…`/`#…`, so that a link's bearer token never reaches a log
/// through an error.
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
#[cfg(feature = "client")]
pub(crate) fn decode_error(
    status: u16,
    request_id: Option<String>,
    violations: Violations,
    body: &[u8],
) -> Error {
    Error::from(DecodeError {
        status,
        request_id,
        violations: redact_violations(violations),
        body: body_excerpt(body),
    })
}

/// `violations` with the URLs of what they quote redacted: the answer may hold a link with its
/// token.
fn redact_violations(violations: Violations) -> Violations {
    Violations(
        violations
            .into_iter()
            .map(|v| crate::validate::Violation {
                found: redact_urls(&v.found),
                ..v
            })
            .collect(),
    )
}

/// `text` with every `http://`/`https://` URL in it (JSON-escaped `https:\/\/` included) stripped
/// of its secrets: userinfo becomes `…@`, and the query and fragment become `?…` / `#…`. Links
/// this API returns carry a bearer token in their query string, and a proxy or server error may
/// echo a URL with credentials in it. One pass over the text.
pub(crate) fn redact_urls(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let (mut i, mut copied) = (0, 0);
    while i < bytes.len() {
        if let Some(after_scheme) = url_scheme_at(bytes, i) {
            out.push_str(&text[copied..after_scheme]);
            let end = redact_url_rest(text, after_scheme, &mut out);
            i = end;
            copied = end;
        } else {
            i += 1;
        }
    }
    out.push_str(&text[copied..]);
    out
}

/// One URL (which may not parse) for an error message or `Debug`: userinfo, query and fragment
/// replaced as [`redact_urls`] does, whatever the scheme.
// The clients show URLs; the tests pin the redaction in every feature set.
#[cfg(any(feature = "client", test))]
pub(crate) fn redact_url(url: &str) -> String {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    let mut out = String::with_capacity(url.len());
    out.push_str(&url[..after_scheme]);
    let end = redact_url_rest(url, after_scheme, &mut out);
    // Whatever follows a character that ends a URL in running text is kept out as well: it can
    // only be more of the same URL here.
    if end < url.len() {
        out.push('…');
    }
    out
}

/// The index after `http://`, `https://`, `http:\/\/` or `https:\/\/` (any case) starting at `i`.
fn url_scheme_at(bytes: &[u8], i: usize) -> Option<usize> {
    let rest = &bytes[i..];
    if rest.len() < 7 || !rest[..4].eq_ignore_ascii_case(b"http") {
        return None;
    }
    let mut j = 4;
    if rest[j].eq_ignore_ascii_case(&b's') {
        j += 1;
    }
    if rest.get(j) != Some(&b':') {
        return None;
    }
    j += 1;
    if rest[j..].starts_with(b"//") {
        Some(i + j + 2)
    } else if rest[j..].starts_with(br"\/\/") {
        Some(i + j + 4)
    } else {
        None
    }
}

/// The length and meaning of the URL character at `i` (a JSON escape `\/` or `\uXXXX` counts as
/// the character it stands for), or `None` where the URL ends.
fn url_char(bytes: &[u8], i: usize) -> Option<(usize, u8)> {
    let b = *bytes.get(i)?;
    match b {
        b'\\' => match bytes.get(i + 1) {
            Some(b'/') => Some((2, b'/')),
            Some(b'u') => {
                let hex = bytes.get(i + 2..i + 6)?;
                let hex = std::str::from_utf8(hex).ok()?;
                let code = u32::from_str_radix(hex, 16).ok()?;
                let c = u8::try_from(code).unwrap_or(0x80);
                (!ends_url(c)).then_some((6, c))
            }
            _ => None,
        },
        _ if ends_url(b) => None,
        _ => Some((1, b)),
    }
}

fn ends_url(b: u8) -> bool {
    b.is_ascii_whitespace()
        || b.is_ascii_control()
        || matches!(b, b'"' | b'\'' | b'<' | b'>' | b'`')
}

/// Writes the redacted URL that starts at `start` (just after its scheme) to `out`; returns
/// where the URL ends in `text`.
fn redact_url_rest(text: &str, start: usize, out: &mut String) -> usize {
    let bytes = text.as_bytes();
    // The authority ends at the first `/`, `?` or `#`; userinfo is everything up to its last `@`.
    let (mut i, mut host_start) = (start, start);
    while let Some((len, c)) = url_char(bytes, i) {
        if matches!(c, b'/' | b'?' | b'#') {
            break;
        }
        i += len;
        if c == b'@' {
            host_start = i;
        }
    }
    if host_start > start {
        out.push_str("…@");
    }
    let mut i = host_start;
    while let Some((len, c)) = url_char(bytes, i) {
        if matches!(c, b'?' | b'#') {
            out.push_str(&text[host_start..i + len]);
            out.push('…');
            i += len;
            while let Some((len, _)) = url_char(bytes, i) {
                i += len;
            }
            return i;
        }
        i += len;
    }
    out.push_str(&text[host_start..i]);
    i
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

    /// Every `Result` of the runtime carries an `Error` by value, so its size is paid on every
    /// return, the happy path included. The large payloads (`ApiError`, `DecodeError`,
    /// `ProtocolError`, `ToolError`) are boxed; the widest inline variant is `Redirect` (a status,
    /// the location and a request id). A new field that grows the type fails here first.
    #[cfg(target_pointer_width = "64")]
    #[test]
    fn errors_stay_small() {
        assert_eq!(size_of::<Error>(), 56);
        // The discriminant of `Result` lives in a niche of `Error`: no extra word.
        assert_eq!(size_of::<Result<(), Error>>(), size_of::<Error>());
        assert_eq!(size_of::<Result<u64, Error>>(), size_of::<Error>());
        assert_eq!(size_of::<Option<Error>>(), size_of::<Error>());
    }

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

    /// A hand-written stand-in for a generated error enum: `404 {message}` and
    /// `409 {message, retry: integer}`.
    #[derive(Debug, PartialEq)]
    enum Answers {
        NotFound(String),
        Conflict(String, i64),
    }

    impl DocumentedErrors for Answers {
        const STATUSES: &'static [u16] = &[404, 409];

        fn decode(status: u16, body: &serde_json::Value) -> Option<Result<Self, Violations>> {
            use crate::validate::{Path, object, required_property};
            let mut out = Violations::default();
            let at = Path::Root;
            let decoded = object(body, &at, &mut out).and_then(|map| match status {
                404 => required_property(map, "message", &at, &mut out).map(Answers::NotFound),
                409 => {
                    let message = required_property(map, "message", &at, &mut out);
                    // A check that quotes what it found, as `const` and `enum` checks do.
                    if let Some(serde_json::Value::String(found)) = map.get("retry") {
                        let at = at.key("retry");
                        out.push(crate::Violation::new(&at, "type", "integer", found.clone()));
                        return None;
                    }
                    let retry = required_property(map, "retry", &at, &mut out);
                    Some(Answers::Conflict(message?, retry?))
                }
                _ => None,
            });
            if !Self::STATUSES.contains(&status) {
                return None;
            }
            Some(decoded.filter(|_| out.is_empty()).ok_or(out))
        }
    }

    #[test]
    fn documented_errors_decode_by_status() {
        let e = ApiError::parse(404, None, None, br#"{"message":"No such thing."}"#);
        assert_eq!(
            e.json(),
            Some(&serde_json::json!({"message": "No such thing."}))
        );
        assert_eq!(
            e.documented::<Answers>(),
            Some(Ok(Answers::NotFound("No such thing.".to_owned())))
        );
        let e = ApiError::parse(409, None, None, br#"{"message":"Busy.","retry":3}"#);
        assert_eq!(
            Error::from(e.clone()).documented::<Tool409>(),
            Some(Ok(Answers::Conflict("Busy.".to_owned(), 3)))
        );
        // The same body under a status the operation does not document.
        let e = ApiError::parse(410, None, None, br#"{"message":"Gone."}"#);
        assert_eq!(e.documented::<Answers>(), None);
        assert_eq!(e.documented::<crate::NoDocumentedErrors>(), None);
        // Only an API answer is a documented error.
        assert_eq!(
            Error::Configuration("x".into()).documented::<Tool409>(),
            None
        );
    }

    #[test]
    fn a_body_breaking_its_schema_lists_every_violation_redacted() {
        let e = ApiError::parse(
            409,
            None,
            None,
            br#"{"message":["https://x.test/?token=s3cret"],"retry":"soon"}"#,
        );
        let violations = e.documented::<Answers>().unwrap().unwrap_err();
        assert_eq!(
            violations.to_string(),
            "2 violations\n  /message: expected string, found array (type)\n  /retry: expected integer, found soon (type)"
        );
        let e = ApiError::parse(
            409,
            None,
            None,
            br#"{"message":"https://x.test/?token=s3cret"}"#,
        );
        assert_eq!(
            e.documented::<Answers>().unwrap().unwrap_err().to_string(),
            "1 violation\n  /retry: expected a value, found none (required)"
        );
        let e = ApiError::parse(
            409,
            None,
            None,
            br#"{"message":"ok","retry":"https://x.test/?token=s3cret"}"#,
        );
        assert_eq!(
            e.documented::<Answers>().unwrap().unwrap_err().to_string(),
            "1 violation\n  /retry: expected integer, found https://x.test/?… (type)"
        );
    }

    #[test]
    fn a_body_that_is_not_json_has_no_json_and_no_documented_error() {
        let e = ApiError::parse(404, None, None, b"<html>not found</html>");
        assert_eq!(e.json(), None);
        assert_eq!(e.documented::<Answers>(), None);
        let e = ApiError::parse(404, None, None, b"");
        assert_eq!(e.json(), None);
    }

    #[test]
    fn debug_and_display_show_the_excerpt_never_the_whole_body() {
        let tail = "t".repeat(BODY_EXCERPT_LIMIT);
        let body = format!(
            r#"{{"message":"m","link":"https://x.test/?token=s3cret","pad":"{tail}","end":"TAIL_MARK"}}"#
        );
        let e = ApiError::parse(400, None, None, body.as_bytes());
        assert!(e.json().is_some());
        let debug = format!("{e:?}");
        assert!(
            !debug.contains("s3cret") && !debug.contains("TAIL_MARK"),
            "{debug}"
        );
        assert!(debug.starts_with("ApiError { status: 400, code: None, message: \"m\", errors: [], request_id: None, retry_after: None, body: \"{\\\"message\\\":\\\"m\\\",\\\"link\\\":\\\"https://x.test/?…\\\""), "{debug}");
        assert!(debug.ends_with("\", .. }"), "{debug}");
        assert_eq!(e.to_string(), "API error 400: m");
    }

    /// An operation whose documented errors are [`Answers`].
    #[derive(serde::Serialize)]
    struct Tool409;

    impl crate::Validate for Tool409 {
        fn validate_at(&self, _: &crate::Path<'_>, _: &mut Violations) {}
    }

    impl crate::Operation for Tool409 {
        const TOOL: &'static str = "things.create";
        const METHOD: crate::Method = crate::Method::Post;
        const PATH: &'static str = "/things";
        type Output = crate::Empty;
    }

    impl Fallible for Tool409 {
        type Errors = Answers;
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

    #[test]
    fn userinfo_fragments_and_json_escaped_urls_are_redacted() {
        let cases = [
            (
                "see https://u:p@host.test/a?b#c now",
                "see https://…@host.test/a?… now",
            ),
            (
                r#"{"link":"https:\/\/setup.workos.com\/x?token=s3cret"}"#,
                r#"{"link":"https:\/\/setup.workos.com\/x?…"}"#,
            ),
            (
                r#""https:\/\/a\u0040b.test\/p\u003ftoken=s3cret""#,
                r#""https:\/\/…@b.test\/p\u003f…""#,
            ),
            ("http://x.test/#access_token=s3cret", "http://x.test/#…"),
            ("HTTPS://x:y@z", "HTTPS://…@z"),
            ("no url here: http:/x?y", "no url here: http:/x?y"),
            ("http://a/b?c=\u{e9}d e", "http://a/b?… e"),
        ];
        for (text, redacted) in cases {
            assert_eq!(redact_urls(text), redacted, "{text}");
        }
        assert_eq!(redact_url("https://u:p@h/mcp?key=k"), "https://…@h/mcp?…");
        assert_eq!(redact_url("u:p@h?k"), "…@h?…");
        assert_eq!(redact_url("https://h/a b?k=v"), "https://h/a…");
        let e = ApiError::parse(
            400,
            None,
            None,
            br#"{"message":"bad return_url https://app.test/cb?code=s3cret"}"#,
        );
        assert_eq!(e.message, "bad return_url https://app.test/cb?…");
        let e = ProtocolError {
            code: -1,
            message: "fetching https://k:s3cret@x.test failed".into(),
            data: None,
            status: 200,
        };
        assert_eq!(
            e.to_string(),
            "MCP error -1: fetching https://…@x.test failed"
        );
    }

    /// Seeded random texts built from URL-ish pieces: redaction never panics, and no secret
    /// that sits in a URL's userinfo, query or fragment survives it.
    #[test]
    fn redaction_never_leaks_a_marked_secret() {
        struct Rng(u64);
        impl Rng {
            fn next(&mut self) -> usize {
                self.0 ^= self.0 >> 12;
                self.0 ^= self.0 << 25;
                self.0 ^= self.0 >> 27;
                (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 33) as usize
            }
        }
        let schemes = [
            "http://",
            "https://",
            "HTTPS://",
            r"https:\/\/",
            r"http:\/\/",
        ];
        let secret_spots = ["?", "#", r"\u003f", r"\u003F", r"\u0023"];
        let filler = [
            "a", "/", r"\/", ".", ":", "=", "&", "%20", "é", "-", "\\", "\"", " ", "<", "@",
            "x.test",
        ];
        let mut rng = Rng(0x00C0_FFEE);
        for _ in 0..20_000 {
            let mut text = String::new();
            let mut secrets = Vec::new();
            for _ in 0..rng.next() % 4 + 1 {
                for _ in 0..rng.next() % 3 {
                    text.push_str(filler[rng.next() % filler.len()]);
                }
                text.push(' ');
                text.push_str(schemes[rng.next() % schemes.len()]);
                let secret = format!("S{}", rng.next() % 1_000_000);
                if rng.next().is_multiple_of(2) {
                    text.push_str(&format!("u:{secret}@host.test"));
                } else {
                    text.push_str("host.test/p");
                    for _ in 0..rng.next() % 3 {
                        text.push_str(["a", "/", r"\/", ".", "-", "é"][rng.next() % 6]);
                    }
                    text.push_str(secret_spots[rng.next() % secret_spots.len()]);
                    text.push_str(["t=", "", "a&t="][rng.next() % 3]);
                    text.push_str(&secret);
                }
                secrets.push(secret);
                text.push_str([" ", "\"", "", "\n", "'"][rng.next() % 5]);
            }
            let redacted = redact_urls(&text);
            for secret in &secrets {
                assert!(
                    !redacted.contains(secret.as_str()),
                    "{text:?} -> {redacted:?}"
                );
            }
            let _ = redact_url(&text);
            let _ = body_excerpt(text.as_bytes());
        }
    }
}

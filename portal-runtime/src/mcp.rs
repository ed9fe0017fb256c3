//! The MCP transport: the same generated request, sent as a `tools/call` to an MCP server over
//! Streamable HTTP instead of to the REST API.
//!
//! ```no_run
//! use portal_runtime::mcp::McpClient;
//! use portal_runtime::workos::{GenerateLink, Intent};
//!
//! # async fn run() -> Result<(), portal_runtime::Error> {
//! let client = McpClient::builder()
//!     .endpoint("https://mcp.example.com/mcp")
//!     // The hosted WorkOS server takes the API key in `x-bearer`; others use `bearer_token`.
//!     .credential_header("x-bearer", std::env::var("WORKOS_API_KEY").unwrap_or_default())
//!     .build()?;
//! let request = GenerateLink::builder().organization("org_123").intent(Intent::Sso).build();
//! let portal = client.send(&request).await?; // the same `PortalLink` as `Client::send`
//! # let _ = portal;
//! # Ok(())
//! # }
//! ```
//!
//! # What one call does
//!
//! [`McpClient::send`] validates the request (an invalid request is never sent), serializes it as
//! the tool's `arguments`, calls [`Operation::TOOL`], and decodes the result into
//! [`Operation::Output`], validated: `structuredContent` when the server sends it, else the JSON
//! in the first text block. [`McpClient::call_tool`] does the same for any tool name and JSON
//! arguments and returns the [`ToolResult`] as sent.
//!
//! Every message is its own `POST` to the endpoint with `Content-Type: application/json` and
//! `Accept: application/json, text/event-stream`, and the credential header. The answer may be
//! one JSON-RPC message (`application/json`) or an event stream (`text/event-stream`): priming
//! events with empty data, comments, `id:`/`retry:`/`event:` lines and notifications before the
//! response are skipped, multi-line data is joined with `\n`, and reading stops at the response
//! carrying this request's id. A request the server sends on the stream is answered with a `POST`
//! on the same session: a `ping` with an empty result, anything else with `-32601` (this client
//! declares no capabilities), at most eight per stream. Both kinds of body are bounded
//! ([`McpClientBuilder::max_response_bytes`]).
//!
//! # Time bounds
//!
//! Every exchange (`initialize`, `notifications/initialized`, the call, the `DELETE` of
//! [`McpClient::close`]), from connecting to the end of the body it reads (JSON, event stream or
//! error body), is bounded by [`McpClientBuilder::timeout`] ([`Error::Timeout`]). Each call as a
//! whole is bounded by [`McpClientBuilder::deadline`] ([`Error::Deadline`]): the wait for a
//! handshake another call is making, the handshake, a retry with another version, a fresh
//! session after an expired one and the era fallback all count.
//!
//! # The two protocol eras
//!
//! - **Modern** (`2026-07-28`, stateless): each request carries `params._meta` with
//!   `io.modelcontextprotocol/protocolVersion`, `…/clientCapabilities` (`{}`) and `…/clientInfo`,
//!   and the headers `MCP-Protocol-Version`, `Mcp-Method`, `Mcp-Name` (the tool) and one
//!   `Mcp-Param-<suffix>` for each property in [`Operation::MCP_HEADERS`] that is set to a string,
//!   number or boolean. Header values that cannot travel as they are (non-ASCII, control
//!   characters, leading or trailing blanks) are sent as `=?base64?…?=`
//!   ([`encode_header_value`]). A `-32022` refusal whose `data.supported` lists a version this
//!   client speaks is retried once with it.
//! - **Legacy** (`2025-03-26` … `2025-11-25`): `initialize` (version [`LEGACY_VERSION`] unless a
//!   `-32022` named another), then `notifications/initialized`, then the call with
//!   `Mcp-Session-Id` (when the server set one) and `MCP-Protocol-Version: <negotiated>`. A
//!   negotiated version outside [`LEGACY_VERSIONS`] is an [`Error::Decode`] naming it and the
//!   versions this client speaks, and nothing more is sent on that session. A `404`
//!   on a request with a session id means the session expired: the client initializes again and
//!   retries once. [`McpClient::close`] ends the session with `DELETE`.
//!
//! With [`Era::Auto`] (the default) a call tries the modern era. An answer `400`, `404` or `405`
//! whose body is not a recognised modern JSON-RPC error, or a `-32022` that lists only legacy
//! versions, may mean a legacy server: the client falls back to `initialize` and the call is made
//! again in the legacy era. The era is remembered for the endpoint by the client and every clone
//! of it ([`McpClient::era`]) once the evidence settles it: a modern answer settles the modern
//! era; a `-32022` listing only legacy versions or a plain `400` (what a legacy server must
//! answer a request whose `MCP-Protocol-Version` it does not know) settles the legacy era once
//! the handshake succeeds. A `404` or `405` settles nothing, since any proxy or gateway on the
//! way answers those: the call falls back, and the next call tries the modern era first again.
//! A *recognised modern error* is a JSON-RPC error with a
//! modern-era code (`-32020` header mismatch, `-32021` missing capability, `-32022` unsupported
//! version) or one answering this request's id (such as `404` with `-32601`): legacy servers
//! refuse a request without a session with plain text, or with an error for id `null` or an id of
//! their own. [`Era::Modern`] and [`Era::Legacy`] skip the detection.
//!
//! # Errors
//!
//! Two channels, kept apart as the protocol keeps them:
//! - a JSON-RPC `error` (unknown tool, bad params, refused version) is an [`Error::Protocol`]
//!   with its code, message and data;
//! - a result with `isError: true` is an [`Error::Tool`] from [`McpClient::send`]. Servers
//!   generated from a REST API put the API's error body in the text; when it is one of the API's
//!   envelopes (`{message, code, errors}` or `{error, error_description}`) its fields fill the
//!   [`ToolError`](crate::error::ToolError) as they fill an [`ApiError`] over REST. MCP carries no
//!   HTTP status for a tool error, so its `status` is `None` unless the result names one; its
//!   request id is the answer's `X-Request-ID` header, else an `x-request-id` or `requestId`
//!   string in the result's `_meta`, else a `request_id` in the envelope.
//!
//! An answer outside 2xx that is no JSON-RPC error (a proxy's `502`, a `401` for a missing
//! credential) is an [`Error::Api`], as over REST; a 2xx answer that is not the expected
//! JSON-RPC response, or a result that is not the operation's output, is an [`Error::Decode`].
//! A result with `resultType: "input_required"` (the server asks the client for input) is not
//! supported by this thin client and is reported as an [`Error::Decode`] too. Protocol-level
//! retries aside (one for a version, one for an expired session), nothing is retried: a
//! `tools/call` is not idempotent.

pub mod drift;
mod result;
mod sse;
mod wire;

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use reqwest::header::{self, HeaderMap, HeaderName, HeaderValue};
use serde_json::{Map, Value};

pub use result::{Tool, ToolResult};
pub use wire::encode_header_value;

use crate::client::{
    DEFAULT_USER_AGENT, chain, default_http_client, is_loopback, read_body, refuse_redirect,
    response_request_id, response_retry_after, transport,
};
use crate::error::{ApiError, DecodeError, Error, ProtocolError, body_excerpt, redact_url};
use crate::operation::Operation;
use crate::validate::{Violation, Violations};

/// The modern era's protocol version.
pub const MODERN_VERSION: &str = "2026-07-28";
/// The protocol version a legacy-era `initialize` asks for unless the server named another.
pub const LEGACY_VERSION: &str = "2025-11-25";
/// The legacy-era versions this client speaks (Streamable HTTP), newest first.
pub const LEGACY_VERSIONS: [&str; 3] = ["2025-11-25", "2025-06-18", "2025-03-26"];
/// How long one HTTP exchange may take, from connecting until the response has arrived.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// How long one call may take as a whole: every exchange it makes (a legacy handshake, a retry
/// with another version, a fresh session after an expired one, the era fallback) and the wait
/// for a handshake another call is making.
pub const DEFAULT_DEADLINE: Duration = Duration::from_secs(120);
/// The largest answer read, in bytes (1 MiB), for a JSON body and for an event stream alike.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 1024 * 1024;

/// JSON-RPC codes of the modern era's HTTP-level refusals.
const HEADER_MISMATCH: i64 = -32020;
const MISSING_CAPABILITY: i64 = -32021;
const UNSUPPORTED_VERSION: i64 = -32022;
/// `tools/list` pages followed at most, against a server whose cursors never end.
const MAX_PAGES: usize = 100;
/// Server requests answered at most while reading one event stream. Each answer is a `POST`, so
/// an unbounded number would let a server turn one call into thousands of requests; a peer
/// checking that the client is alive needs one or two.
const MAX_SERVER_REQUESTS: usize = 8;

/// Which protocol era to speak.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Era {
    /// Try the modern era first and fall back to the legacy one (see the [module docs](self)).
    #[default]
    Auto,
    /// Only the modern, stateless era (`2026-07-28`).
    Modern,
    /// Only the legacy era with its `initialize` handshake and session.
    Legacy,
}

/// The credential header: its name and its value, marked sensitive.
#[derive(Clone)]
struct Credential {
    name: HeaderName,
    value: HeaderValue,
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: …", self.name)
    }
}

/// A client of one MCP endpoint. Cheap to clone: clones share the connection pool, the
/// configuration, the era found and the legacy session.
///
/// Its `Debug` output never shows the credential.
#[derive(Clone)]
pub struct McpClient {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    endpoint: reqwest::Url,
    credential: Option<Credential>,
    timeout: Duration,
    deadline: Duration,
    era: Era,
    client_info: Value,
    user_agent: HeaderValue,
    max_response_bytes: usize,
    state: Mutex<State>,
    /// Held while a legacy handshake runs, so concurrent first calls make one session.
    handshake: tokio::sync::Mutex<()>,
    next_id: AtomicU64,
}

/// What the client knows about the endpoint.
#[derive(Clone, Debug, PartialEq, Eq)]
enum State {
    /// Nothing yet (only with [`Era::Auto`]).
    Unknown,
    /// A modern server, spoken to with this version.
    Modern { version: String },
    /// A legacy server: `initialize` asks for `version`; `session` once the handshake is done.
    /// Unless `pinned`, the legacy era serves the calls whose modern attempt was refused with
    /// weak evidence of a legacy server, and every call still tries the modern era first.
    Legacy {
        version: String,
        session: Option<Session>,
        pinned: bool,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Session {
    /// The `Mcp-Session-Id` the server set, if it set one.
    id: Option<String>,
    /// The version the server answered `initialize` with.
    version: String,
}

impl fmt::Debug for McpClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &*self.inner;
        f.debug_struct("McpClient")
            .field("endpoint", &redact_url(inner.endpoint.as_str()))
            .field("credential", &inner.credential)
            .field("timeout", &inner.timeout)
            .field("deadline", &inner.deadline)
            .field("era", &inner.era)
            .field("max_response_bytes", &inner.max_response_bytes)
            .finish_non_exhaustive()
    }
}

/// Configuration of an [`McpClient`]; [`build`](Self::build) checks it.
///
/// Its `Debug` output never shows the credential.
#[derive(Clone)]
pub struct McpClientBuilder {
    endpoint: Option<String>,
    credential: Option<(String, String)>,
    timeout: Duration,
    deadline: Duration,
    era: Era,
    client_name: String,
    client_version: String,
    user_agent: String,
    max_response_bytes: usize,
    http: Option<reqwest::Client>,
}

impl fmt::Debug for McpClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("McpClientBuilder")
            .field("endpoint", &self.endpoint.as_deref().map(redact_url))
            .field(
                "credential",
                &self
                    .credential
                    .as_ref()
                    .map(|(name, _)| format!("{name}: …")),
            )
            .field("timeout", &self.timeout)
            .field("deadline", &self.deadline)
            .field("era", &self.era)
            .field("client_name", &self.client_name)
            .field("client_version", &self.client_version)
            .field("max_response_bytes", &self.max_response_bytes)
            .finish_non_exhaustive()
    }
}

impl Default for McpClientBuilder {
    fn default() -> Self {
        McpClientBuilder {
            endpoint: None,
            credential: None,
            timeout: DEFAULT_TIMEOUT,
            deadline: DEFAULT_DEADLINE,
            era: Era::Auto,
            client_name: "portal-runtime".to_owned(),
            client_version: env!("CARGO_PKG_VERSION").to_owned(),
            user_agent: DEFAULT_USER_AGENT.to_owned(),
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            http: None,
        }
    }
}

impl McpClientBuilder {
    /// The endpoint URL (`https://host/mcp`). It must be `https`, except for loopback hosts
    /// (`127.0.0.0/8`, `::1`, `localhost`), where plain `http` is allowed for local servers.
    pub fn endpoint(mut self, url: impl Into<String>) -> Self {
        self.endpoint = Some(url.into());
        self
    }

    /// Sends `Authorization: Bearer <token>` on every request.
    pub fn bearer_token(mut self, token: impl Into<String>) -> Self {
        self.credential = Some((
            "authorization".to_owned(),
            format!("Bearer {}", token.into()),
        ));
        self
    }

    /// Sends the credential in header `name` as it is, e.g. `x-bearer: sk_…` for the hosted
    /// WorkOS server. Replaces a [`bearer_token`](Self::bearer_token).
    pub fn credential_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.credential = Some((name.into(), value.into()));
        self
    }

    /// How long one HTTP exchange may take, from connecting until the response to the request
    /// has arrived ([`DEFAULT_TIMEOUT`] unless set), error bodies included. A legacy handshake is
    /// two more exchanges, each with the same bound; the [deadline](Self::deadline) bounds them
    /// all.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// How long one call may take as a whole ([`DEFAULT_DEADLINE`] unless set): every exchange of
    /// [`McpClient::send`], [`McpClient::call_tool`], [`McpClient::list_tools`] (all pages) or
    /// [`McpClient::close`], the legacy handshake, a retry with another version, a fresh session
    /// after an expired one and the era fallback included. A call still running when it passes
    /// ends with [`Error::Deadline`]; each exchange is also bounded by
    /// [`timeout`](Self::timeout).
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = deadline;
        self
    }

    /// The protocol era ([`Era::Auto`] unless set).
    pub fn era(mut self, era: Era) -> Self {
        self.era = era;
        self
    }

    /// The `clientInfo` sent to the server (`portal-runtime` and this crate's version unless
    /// set).
    pub fn client_info(mut self, name: impl Into<String>, version: impl Into<String>) -> Self {
        self.client_name = name.into();
        self.client_version = version.into();
        self
    }

    /// The `User-Agent` header (`portal-runtime/<version>` unless set).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// The largest answer read, in bytes ([`DEFAULT_MAX_RESPONSE_BYTES`] unless set): a JSON body,
    /// or everything read from an event stream up to the response. A larger answer is an
    /// [`Error::ResponseTooLarge`].
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// Sends through `http` instead of a client built here (a shared pool, a proxy, TLS of your
    /// choice). Timeouts and headers are still applied per request.
    ///
    /// `http` must not follow redirects (build it with
    /// `.redirect(reqwest::redirect::Policy::none())`): reqwest's default would carry the
    /// credential header, the session id and the body to the redirect's host. An answer such a
    /// client reached through a redirect is refused with [`Error::Configuration`].
    pub fn with_http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Checks the configuration and builds the client.
    ///
    /// Fails with [`Error::Configuration`] when the endpoint is missing, not an absolute `https`
    /// URL (or `http` on a loopback host), or carries credentials or a fragment; when the
    /// credential header's name or value is not valid in HTTP; or when the timeout or the deadline
    /// is zero.
    pub fn build(self) -> Result<McpClient, Error> {
        let config = |message: String| Error::Configuration(message);
        let url = self.endpoint.ok_or_else(|| {
            config("no MCP endpoint: set one with McpClientBuilder::endpoint".into())
        })?;
        let endpoint = checked_endpoint(&url)?;
        let credential = match self.credential {
            None => None,
            Some((name, value)) => {
                let name = HeaderName::from_bytes(name.as_bytes())
                    .map_err(|_| config(format!("{name:?} is not a valid HTTP header name")))?;
                if value.is_empty() || value == "Bearer " {
                    return Err(config("the credential is empty".into()));
                }
                let mut value = HeaderValue::from_str(&value).map_err(|_| {
                    config("the credential holds characters not allowed in an HTTP header".into())
                })?;
                value.set_sensitive(true);
                Some(Credential { name, value })
            }
        };
        let user_agent = HeaderValue::from_str(&self.user_agent).map_err(|_| {
            config("the user agent holds characters not allowed in an HTTP header".into())
        })?;
        if self.timeout.is_zero() {
            return Err(config("the timeout must be longer than zero".into()));
        }
        if self.deadline.is_zero() {
            return Err(config("the deadline must be longer than zero".into()));
        }
        let http = match self.http {
            Some(http) => http,
            None => default_http_client(&endpoint)?,
        };
        let state = match self.era {
            Era::Auto => State::Unknown,
            Era::Modern => State::Modern {
                version: MODERN_VERSION.to_owned(),
            },
            Era::Legacy => State::Legacy {
                version: LEGACY_VERSION.to_owned(),
                session: None,
                pinned: true,
            },
        };
        Ok(McpClient {
            inner: Arc::new(Inner {
                http,
                endpoint,
                credential,
                timeout: self.timeout,
                deadline: self.deadline,
                era: self.era,
                client_info: serde_json::json!({
                    "name": self.client_name,
                    "version": self.client_version,
                }),
                user_agent,
                max_response_bytes: self.max_response_bytes,
                state: Mutex::new(state),
                handshake: tokio::sync::Mutex::new(()),
                next_id: AtomicU64::new(1),
            }),
        })
    }
}

fn checked_endpoint(url: &str) -> Result<reqwest::Url, Error> {
    // The URL is echoed without its userinfo and query: either may hold a secret.
    let shown = redact_url(url);
    let parsed = reqwest::Url::parse(url)
        .map_err(|e| Error::Configuration(format!("invalid MCP endpoint {shown:?}: {e}")))?;
    let refuse =
        |why: &str| Error::Configuration(format!("refusing MCP endpoint {shown:?}: {why}"));
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(refuse(
            "give the credential to McpClientBuilder, not in the URL",
        ));
    }
    if parsed.fragment().is_some() {
        return Err(refuse("it must not have a fragment"));
    }
    match parsed.scheme() {
        "https" => {}
        "http" if parsed.host_str().is_some_and(is_loopback) => {}
        "http" => {
            return Err(refuse(
                "plain http would send the credential unencrypted; use https (http is allowed only for loopback hosts)",
            ));
        }
        _ => return Err(refuse("the scheme must be https")),
    }
    Ok(parsed)
}

/// One JSON-RPC request to make: its method, params (without `_meta`) and routing headers.
struct Call<'a> {
    method: &'static str,
    params: Map<String, Value>,
    /// The `Mcp-Name` of the modern era (the tool name for `tools/call`).
    name: Option<&'a str>,
    /// `Mcp-Param-*` headers of the modern era.
    param_headers: &'a [(HeaderName, HeaderValue)],
}

/// A JSON-RPC result and where it came from.
struct Reply {
    result: Value,
    status: u16,
    request_id: Option<String>,
}

/// What one POST brought back.
enum Exchange {
    /// The JSON-RPC response (a `result` or an `error`) to the request.
    Message {
        status: u16,
        request_id: Option<String>,
        session_id: Option<String>,
        message: Map<String, Value>,
    },
    /// A 2xx answer to a notification.
    Accepted,
    /// An answer outside 2xx.
    Refused {
        status: u16,
        request_id: Option<String>,
        retry_after: Option<Duration>,
        body: Vec<u8>,
    },
}

/// How a modern-era attempt ended.
enum Modern {
    Done(Reply),
    /// The server looks like a legacy one; `initialize` should ask for `version`. With `pin`,
    /// the evidence is strong enough to settle the era once the handshake succeeds.
    Legacy {
        version: String,
        pin: bool,
    },
}

impl McpClient {
    /// The defaults, to be configured and then [built](McpClientBuilder::build).
    pub fn builder() -> McpClientBuilder {
        McpClientBuilder::default()
    }

    /// The endpoint URL.
    pub fn endpoint(&self) -> &str {
        self.inner.endpoint.as_str()
    }

    /// The era spoken with the endpoint: the forced one, or the one detected; `None` with
    /// [`Era::Auto`] until a call has settled it (see the [module docs](self)).
    pub fn era(&self) -> Option<Era> {
        match &*self.state() {
            State::Unknown | State::Legacy { pinned: false, .. } => None,
            State::Modern { .. } => Some(Era::Modern),
            State::Legacy { pinned: true, .. } => Some(Era::Legacy),
        }
    }

    /// The protocol version in use: the modern version, or the version the legacy server
    /// answered `initialize` with; `None` before it is known.
    pub fn protocol_version(&self) -> Option<String> {
        match &*self.state() {
            State::Modern { version } => Some(version.clone()),
            State::Legacy {
                session: Some(session),
                ..
            } => Some(session.version.clone()),
            _ => None,
        }
    }

    /// The legacy session's `Mcp-Session-Id`, when one is open.
    pub fn session_id(&self) -> Option<String> {
        match &*self.state() {
            State::Legacy {
                session: Some(Session { id, .. }),
                ..
            } => id.clone(),
            _ => None,
        }
    }

    /// Calls tool `name` with `arguments` (a JSON object) and returns its result as sent,
    /// `isError` included. Protocol errors are [`Error::Protocol`].
    pub async fn call_tool(&self, name: &str, arguments: Value) -> Result<ToolResult, Error> {
        self.within_deadline(self.call(name, arguments, &[])).await
    }

    /// Calls the operation's tool: validate, serialize as `arguments`, call [`Operation::TOOL`],
    /// and decode and validate the result into [`Operation::Output`].
    ///
    /// An invalid request is an [`Error::Validation`] and is never sent; a result with
    /// `isError: true` is an [`Error::Tool`].
    pub async fn send<O: Operation>(&self, request: &O) -> Result<O::Output, Error> {
        request.validate()?;
        let arguments = serde_json::to_value(request)
            .map_err(|e| Error::Configuration(format!("the request cannot be serialized: {e}")))?;
        let param_headers = param_headers::<O>(&arguments)?;
        let result = self
            .within_deadline(self.call(O::TOOL, arguments, &param_headers))
            .await?;
        if let Some(error) = result.error(O::TOOL) {
            return Err(error.into());
        }
        result.decode::<O::Output>()
    }

    /// Every tool the server lists (`tools/list`, following `nextCursor`), every page within one
    /// [deadline](McpClientBuilder::deadline).
    pub async fn list_tools(&self) -> Result<Vec<Tool>, Error> {
        self.within_deadline(self.list_pages()).await
    }

    async fn list_pages(&self) -> Result<Vec<Tool>, Error> {
        let mut tools = Vec::new();
        let mut cursor: Option<String> = None;
        for _ in 0..MAX_PAGES {
            let mut params = Map::new();
            if let Some(cursor) = cursor.take() {
                params.insert("cursor".into(), cursor.into());
            }
            let call = Call {
                method: "tools/list",
                params,
                name: None,
                param_headers: &[],
            };
            let reply = self.rpc(&call).await?;
            let decode_error = |violations: Violations| {
                Error::from(DecodeError {
                    status: reply.status,
                    request_id: reply.request_id.clone(),
                    violations,
                    body: body_excerpt(reply.result.to_string().as_bytes()),
                })
            };
            let Some(listed) = reply.result.get("tools").and_then(Value::as_array) else {
                let found = reply.result.get("tools").unwrap_or(&Value::Null);
                return Err(decode_error(result::shape("/tools", "an array", found)));
            };
            for (i, item) in listed.iter().enumerate() {
                match Tool::from_value(item.clone()) {
                    Some(tool) => tools.push(tool),
                    None => {
                        let found = item.get("name").unwrap_or(&Value::Null);
                        let pointer = format!("/tools/{i}/name");
                        return Err(decode_error(result::shape(&pointer, "a string", found)));
                    }
                }
            }
            match reply.result.get("nextCursor").and_then(Value::as_str) {
                Some(next) if !next.is_empty() => cursor = Some(next.to_owned()),
                _ => return Ok(tools),
            }
        }
        Err(Error::Configuration(format!(
            "tools/list gave more than {MAX_PAGES} pages; giving up"
        )))
    }

    /// Ends the legacy session, if one is open (`DELETE` with its id; `405` means the server
    /// does not let clients end sessions, which is fine). The next call initializes again.
    ///
    /// The exchange, the reading of an error body included, is bounded by the
    /// [timeout](McpClientBuilder::timeout) and the [deadline](McpClientBuilder::deadline).
    pub async fn close(&self) -> Result<(), Error> {
        let session = match &mut *self.state() {
            State::Legacy { session, .. } => session.take(),
            _ => None,
        };
        let Some(Session {
            id: Some(id),
            version,
        }) = session
        else {
            return Ok(());
        };
        let timeout = self.inner.timeout;
        let exchange = async {
            match tokio::time::timeout(timeout, self.delete_session(&id, &version)).await {
                Ok(result) => result,
                Err(_) => Err(Error::Timeout {
                    after: timeout,
                    attempt: 1,
                }),
            }
        };
        self.within_deadline(exchange).await
    }

    /// The `DELETE` of [`close`](Self::close), up to the end of an error body.
    async fn delete_session(&self, id: &str, version: &str) -> Result<(), Error> {
        let mut headers = self.base_headers();
        headers.remove(header::CONTENT_TYPE);
        headers.insert(wire::SESSION_ID, header_value(id)?);
        headers.insert(wire::PROTOCOL_VERSION, header_value(version)?);
        let request = self
            .inner
            .http
            .delete(self.inner.endpoint.clone())
            .headers(headers);
        let response = request.send().await.map_err(|e| transport(e, 1))?;
        refuse_redirect(&response, &self.inner.endpoint)?;
        let status = response.status().as_u16();
        if (200..300).contains(&status) || status == 404 || status == 405 {
            return Ok(());
        }
        let request_id = response_request_id(response.headers());
        let body = read_body(
            response,
            self.inner.max_response_bytes,
            status,
            &request_id,
            1,
        )
        .await?;
        Err(ApiError::parse(status, request_id, None, &body).into())
    }

    /// Runs one whole call within the deadline.
    async fn within_deadline<T>(
        &self,
        call: impl Future<Output = Result<T, Error>>,
    ) -> Result<T, Error> {
        let after = self.inner.deadline;
        tokio::time::timeout(after, call)
            .await
            .unwrap_or(Err(Error::Deadline { after }))
    }

    async fn call(
        &self,
        name: &str,
        arguments: Value,
        param_headers: &[(HeaderName, HeaderValue)],
    ) -> Result<ToolResult, Error> {
        if !arguments.is_object() {
            return Err(Error::Configuration(format!(
                "the arguments of {name} must be a JSON object, not {}",
                crate::validate::json_type(&arguments)
            )));
        }
        let mut params = Map::new();
        params.insert("name".into(), name.into());
        params.insert("arguments".into(), arguments);
        let call = Call {
            method: "tools/call",
            params,
            name: Some(name),
            param_headers,
        };
        let reply = self.rpc(&call).await?;
        let body = || body_excerpt(reply.result.to_string().as_bytes());
        match reply.result.get("resultType").and_then(Value::as_str) {
            None | Some("complete") => {}
            Some(other) => {
                return Err(DecodeError {
                    status: reply.status,
                    request_id: reply.request_id.clone(),
                    violations: Violations(vec![Violation {
                        pointer: "/resultType".to_owned(),
                        keyword: "resultType",
                        expected: "\"complete\" (this client supports no other)".to_owned(),
                        found: format!("{other:?}"),
                    }]),
                    body: body(),
                }
                .into());
            }
        }
        let shown = body();
        ToolResult::from_result(reply.result, reply.status, reply.request_id.clone()).map_err(
            |violations| {
                Error::from(DecodeError {
                    status: reply.status,
                    request_id: reply.request_id,
                    violations,
                    body: shown,
                })
            },
        )
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.inner
            .state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Makes one JSON-RPC request in the era known or found, and returns its `result`.
    async fn rpc(&self, call: &Call<'_>) -> Result<Reply, Error> {
        let state = self.state().clone();
        let (version, detect) = match state {
            State::Legacy { pinned: true, .. } => return self.legacy(call, false).await,
            State::Modern { version } => (version, false),
            State::Unknown | State::Legacy { pinned: false, .. } => {
                (MODERN_VERSION.to_owned(), true)
            }
        };
        match self.modern(call, version, detect).await? {
            Modern::Done(reply) => {
                let mut state = self.state();
                // A session opened by an earlier fallback is left to expire on the server.
                if matches!(*state, State::Unknown | State::Legacy { pinned: false, .. }) {
                    *state = State::Modern {
                        version: MODERN_VERSION.to_owned(),
                    };
                }
                Ok(reply)
            }
            Modern::Legacy { version, pin } => {
                {
                    let mut state = self.state();
                    match &mut *state {
                        State::Unknown => {
                            *state = State::Legacy {
                                version,
                                session: None,
                                pinned: false,
                            }
                        }
                        State::Legacy {
                            version: asked,
                            session: None,
                            pinned: false,
                        } => *asked = version,
                        // An open session is reused; a modern era another call proved stays.
                        _ => {}
                    }
                }
                self.legacy(call, pin).await
            }
        }
    }

    /// A modern-era request, retried once with a server-listed version on `-32022`.
    /// With `detect`, a legacy server is reported as [`Modern::Legacy`] rather than an error.
    ///
    /// What the refusal says decides whether the era is pinned once the legacy handshake
    /// succeeds. A `-32022` listing only legacy versions is the server naming its versions, and
    /// a plain `400` is what a legacy server must answer a request whose `MCP-Protocol-Version`
    /// it does not know: both pin. A `404` or `405` is what any hop answers for a path or a
    /// method it does not route (a proxy, a gateway, a route for an unknown tool): that call
    /// falls back, but the next one tries the modern era again, so one stray answer cannot
    /// keep a modern server on the legacy era for the life of the client.
    async fn modern(
        &self,
        call: &Call<'_>,
        mut version: String,
        detect: bool,
    ) -> Result<Modern, Error> {
        let mut attempt = 1;
        loop {
            let id = self.next_id();
            let mut params = call.params.clone();
            params.insert(
                "_meta".into(),
                wire::modern_meta(&version, &self.inner.client_info),
            );
            let body = wire::request(id, call.method, params);
            let mut headers = self.base_headers();
            headers.insert(wire::PROTOCOL_VERSION, header_value(&version)?);
            headers.insert(wire::METHOD, HeaderValue::from_static(call.method));
            if let Some(name) = call.name {
                headers.insert(wire::NAME, header_value(&encode_header_value(name))?);
            }
            for (name, value) in call.param_headers {
                headers.insert(name.clone(), value.clone());
            }
            let error = match self.post(&body, headers, Some(id), attempt).await? {
                Exchange::Message {
                    status,
                    request_id,
                    message,
                    ..
                } => match protocol_error(&message, status) {
                    Some(error) => error,
                    None => {
                        if version != MODERN_VERSION {
                            let mut state = self.state();
                            if matches!(
                                *state,
                                State::Unknown
                                    | State::Modern { .. }
                                    | State::Legacy { pinned: false, .. }
                            ) {
                                *state = State::Modern {
                                    version: version.clone(),
                                };
                            }
                        }
                        return Ok(Modern::Done(reply(message, status, request_id)));
                    }
                },
                Exchange::Accepted => {
                    return Err(not_a_response(202, None, id, "an empty 2xx answer"));
                }
                Exchange::Refused {
                    status,
                    request_id,
                    retry_after,
                    body,
                } => match refused_error(&body, status) {
                    Some((error_id, error)) => {
                        let recognised = matches!(
                            error.code,
                            HEADER_MISMATCH | MISSING_CAPABILITY | UNSUPPORTED_VERSION
                        ) || error_id == id;
                        if detect && !recognised && matches!(status, 400 | 404 | 405) {
                            return Ok(Modern::Legacy {
                                version: LEGACY_VERSION.to_owned(),
                                pin: status == 400,
                            });
                        }
                        error
                    }
                    None if detect && matches!(status, 400 | 404 | 405) => {
                        return Ok(Modern::Legacy {
                            version: LEGACY_VERSION.to_owned(),
                            pin: status == 400,
                        });
                    }
                    None => {
                        return Err(ApiError::parse(status, request_id, retry_after, &body).into());
                    }
                },
            };
            if error.code == UNSUPPORTED_VERSION && attempt == 1 {
                match self.next_version(&error, detect) {
                    Some(Next::Modern(next)) => {
                        version = next;
                        attempt += 1;
                        continue;
                    }
                    Some(Next::Legacy(next)) => {
                        return Ok(Modern::Legacy {
                            version: next,
                            pin: true,
                        });
                    }
                    None => {}
                }
            }
            return Err(error.into());
        }
    }

    /// The version to retry with after a `-32022`: the first of this client's versions the
    /// server lists, modern first; legacy versions only when detecting.
    fn next_version(&self, error: &ProtocolError, detect: bool) -> Option<Next> {
        let supported: Vec<&str> = error
            .data
            .as_ref()
            .and_then(|d| d.get("supported"))
            .and_then(Value::as_array)
            .map(|list| list.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        if supported.contains(&MODERN_VERSION) {
            return Some(Next::Modern(MODERN_VERSION.to_owned()));
        }
        if !detect {
            return None;
        }
        LEGACY_VERSIONS
            .iter()
            .find(|v| supported.contains(v))
            .map(|v| Next::Legacy((*v).to_owned()))
    }

    /// A legacy-era request: handshake if needed, the request with the session, and once more
    /// after a fresh handshake when the session expired (`404`). With `pin`, a session in hand
    /// settles the era.
    async fn legacy(&self, call: &Call<'_>, pin: bool) -> Result<Reply, Error> {
        let mut attempt = 1;
        loop {
            let session = self.session(attempt, pin).await?;
            let id = self.next_id();
            let body = wire::request(id, call.method, call.params.clone());
            let mut headers = self.base_headers();
            if let Some(session_id) = &session.id {
                headers.insert(wire::SESSION_ID, header_value(session_id)?);
            }
            headers.insert(wire::PROTOCOL_VERSION, header_value(&session.version)?);
            match self.post(&body, headers, Some(id), attempt).await? {
                Exchange::Message {
                    status,
                    request_id,
                    message,
                    ..
                } => {
                    if let Some(error) = protocol_error(&message, status) {
                        return Err(error.into());
                    }
                    return Ok(reply(message, status, request_id));
                }
                Exchange::Accepted => {
                    return Err(not_a_response(202, None, id, "an empty 2xx answer"));
                }
                Exchange::Refused { status: 404, .. } if session.id.is_some() && attempt == 1 => {
                    // The session expired: forget it (unless another call already replaced it)
                    // and start a new one.
                    if let State::Legacy {
                        session: current, ..
                    } = &mut *self.state()
                        && current.as_ref() == Some(&session)
                    {
                        *current = None;
                    }
                    attempt += 1;
                }
                Exchange::Refused {
                    status,
                    request_id,
                    retry_after,
                    body,
                } => return Err(refused(status, request_id, retry_after, &body)),
            }
        }
    }

    /// The open legacy session, after a handshake when there is none. With `pin`, the session
    /// settles the legacy era.
    async fn session(&self, attempt: u32, pin: bool) -> Result<Session, Error> {
        let _handshake = self.inner.handshake.lock().await;
        let version = match &mut *self.state() {
            State::Legacy {
                session: Some(session),
                pinned,
                ..
            } => {
                *pinned |= pin;
                return Ok(session.clone());
            }
            State::Legacy { version, .. } => version.clone(),
            _ => LEGACY_VERSION.to_owned(),
        };
        let id = self.next_id();
        let body = wire::request(
            id,
            "initialize",
            wire::initialize_params(&version, &self.inner.client_info),
        );
        let (session_id, negotiated) = match self
            .post(&body, self.base_headers(), Some(id), attempt)
            .await?
        {
            Exchange::Message {
                status,
                request_id,
                session_id,
                message,
            } => {
                if let Some(error) = protocol_error(&message, status) {
                    return Err(error.into());
                }
                let negotiated = message
                    .get("result")
                    .and_then(|r| r.get("protocolVersion"))
                    .and_then(Value::as_str)
                    .map(str::to_owned);
                match negotiated {
                    // A version this client does not speak would make every later message
                    // follow rules neither side agreed on: the session is abandoned before
                    // anything more is sent on it (not even `notifications/initialized`).
                    Some(negotiated) if !LEGACY_VERSIONS.contains(&negotiated.as_str()) => {
                        let spoken: Vec<String> =
                            LEGACY_VERSIONS.iter().map(|v| format!("{v:?}")).collect();
                        return Err(DecodeError {
                            status,
                            request_id,
                            violations: Violations(vec![Violation {
                                pointer: "/result/protocolVersion".to_owned(),
                                keyword: "mcp",
                                expected: format!(
                                    "a protocol version this client speaks ({})",
                                    spoken.join(", ")
                                ),
                                found: format!("{negotiated:?}"),
                            }]),
                            body: body_excerpt(Value::Object(message).to_string().as_bytes()),
                        }
                        .into());
                    }
                    Some(negotiated) => (session_id, negotiated),
                    None => {
                        let found = message
                            .get("result")
                            .and_then(|r| r.get("protocolVersion"))
                            .unwrap_or(&Value::Null);
                        return Err(DecodeError {
                            status,
                            request_id,
                            violations: result::shape(
                                "/result/protocolVersion",
                                "the negotiated protocol version (a string)",
                                found,
                            ),
                            body: body_excerpt(Value::Object(message).to_string().as_bytes()),
                        }
                        .into());
                    }
                }
            }
            Exchange::Accepted => {
                return Err(not_a_response(202, None, id, "an empty 2xx answer"));
            }
            Exchange::Refused {
                status,
                request_id,
                retry_after,
                body,
            } => return Err(refused(status, request_id, retry_after, &body)),
        };
        let session = Session {
            id: session_id,
            version: negotiated,
        };
        let mut headers = self.base_headers();
        if let Some(id) = &session.id {
            headers.insert(wire::SESSION_ID, header_value(id)?);
        }
        headers.insert(wire::PROTOCOL_VERSION, header_value(&session.version)?);
        let notification = wire::notification("notifications/initialized");
        match self.post(&notification, headers, None, attempt).await? {
            Exchange::Accepted | Exchange::Message { .. } => {}
            Exchange::Refused {
                status,
                request_id,
                retry_after,
                body,
            } => return Err(refused(status, request_id, retry_after, &body)),
        }
        let mut state = self.state();
        match &mut *state {
            State::Legacy {
                session: slot,
                pinned,
                ..
            } => {
                *slot = Some(session.clone());
                *pinned |= pin;
            }
            State::Unknown => {
                *state = State::Legacy {
                    version,
                    session: Some(session.clone()),
                    pinned: pin,
                }
            }
            // Another call proved the modern era meanwhile: this session serves this call only.
            State::Modern { .. } => {}
        }
        Ok(session)
    }

    fn next_id(&self) -> u64 {
        self.inner.next_id.fetch_add(1, Ordering::Relaxed)
    }

    /// The headers of every POST: media types, credential, user agent.
    fn base_headers(&self) -> HeaderMap {
        let mut headers = HeaderMap::with_capacity(10);
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        headers.insert(header::ACCEPT, HeaderValue::from_static(wire::ACCEPT));
        headers.insert(header::USER_AGENT, self.inner.user_agent.clone());
        if let Some(credential) = &self.inner.credential {
            headers.insert(credential.name.clone(), credential.value.clone());
        }
        headers
    }

    /// POSTs one message and reads the answer: up to the response with id `id` (for a
    /// request) or just the status (for a notification), within the timeout.
    async fn post(
        &self,
        message: &Value,
        headers: HeaderMap,
        id: Option<u64>,
        attempt: u32,
    ) -> Result<Exchange, Error> {
        let inner = &*self.inner;
        let body = serde_json::to_vec(message)
            .map_err(|e| Error::Configuration(format!("the request cannot be serialized: {e}")))?;
        let route = Route {
            session_id: headers.get(wire::SESSION_ID).cloned(),
            version: headers.get(wire::PROTOCOL_VERSION).cloned(),
        };
        let request = inner
            .http
            .post(inner.endpoint.clone())
            .headers(headers)
            .body(body);
        let exchange = async {
            let response = request.send().await.map_err(|e| transport(e, attempt))?;
            refuse_redirect(&response, &inner.endpoint)?;
            let status = response.status().as_u16();
            let request_id = response_request_id(response.headers());
            if !(200..300).contains(&status) {
                let retry_after = response_retry_after(response.headers());
                let body = read_body(
                    response,
                    inner.max_response_bytes,
                    status,
                    &request_id,
                    attempt,
                )
                .await?;
                return Ok(Exchange::Refused {
                    status,
                    request_id,
                    retry_after,
                    body,
                });
            }
            let Some(id) = id else {
                return Ok(Exchange::Accepted);
            };
            let session_id = header_text(response.headers(), wire::SESSION_ID);
            let is_stream = header_text(response.headers(), header::CONTENT_TYPE.as_str())
                .is_some_and(|t| {
                    t.trim_start()
                        .to_ascii_lowercase()
                        .starts_with("text/event-stream")
                });
            let message = if is_stream {
                self.read_stream(response, status, &request_id, id, &route, attempt)
                    .await?
            } else {
                let body = read_body(
                    response,
                    inner.max_response_bytes,
                    status,
                    &request_id,
                    attempt,
                )
                .await?;
                if body.is_empty() {
                    return Ok(Exchange::Accepted);
                }
                match serde_json::from_slice::<Value>(&body) {
                    Ok(Value::Object(message)) if is_response_to(&message, id) => message,
                    Ok(_) => {
                        return Err(not_a_response(status, request_id, id, &body_excerpt(&body)));
                    }
                    Err(e) => {
                        return Err(DecodeError {
                            status,
                            request_id,
                            violations: Violations(vec![Violation {
                                pointer: String::new(),
                                keyword: "json",
                                expected: "valid JSON".to_owned(),
                                found: e.to_string(),
                            }]),
                            body: body_excerpt(&body),
                        }
                        .into());
                    }
                }
            };
            Ok(Exchange::Message {
                status,
                request_id,
                session_id,
                message,
            })
        };
        match tokio::time::timeout(inner.timeout, exchange).await {
            Ok(result) => result,
            Err(_) => Err(Error::Timeout {
                after: inner.timeout,
                attempt,
            }),
        }
    }

    /// POSTs the answer to a server request that arrived on a response's stream (a `ping` is
    /// answered with an empty result, as the protocol asks of the receiver).
    ///
    /// Its outcome is not waited for beyond the status and changes nothing for the call: the
    /// answer matters only to the server, and a server that did not get it says so on the stream
    /// being read. It runs within the exchange that is reading the stream, so it is bounded by
    /// that exchange's timeout.
    async fn answer(&self, answer: &Value, route: &Route) {
        let Ok(body) = serde_json::to_vec(answer) else {
            return;
        };
        let mut headers = self.base_headers();
        if let Some(session_id) = &route.session_id {
            headers.insert(wire::SESSION_ID, session_id.clone());
        }
        if let Some(version) = &route.version {
            headers.insert(wire::PROTOCOL_VERSION, version.clone());
        }
        let request = self
            .inner
            .http
            .post(self.inner.endpoint.clone())
            .headers(headers)
            .body(body);
        let _ = request.send().await;
    }

    /// Reads an event stream up to the response with id `id`, within the size limit, answering
    /// the server's requests on the way.
    async fn read_stream(
        &self,
        mut response: reqwest::Response,
        status: u16,
        request_id: &Option<String>,
        id: u64,
        route: &Route,
        attempt: u32,
    ) -> Result<Map<String, Value>, Error> {
        let limit = self.inner.max_response_bytes;
        let mut stream = sse::EventStream::default();
        let mut events = Vec::new();
        let mut read = 0usize;
        let mut answered = 0usize;
        while let Some(chunk) = response.chunk().await.map_err(|e| transport(e, attempt))? {
            read = read.saturating_add(chunk.len());
            if read > limit {
                return Err(Error::ResponseTooLarge {
                    status,
                    request_id: request_id.clone(),
                    limit,
                });
            }
            stream.feed(&chunk, &mut events);
            for data in events.drain(..) {
                match serde_json::from_str::<Value>(&data) {
                    Ok(Value::Object(message)) if is_response_to(&message, id) => {
                        return Ok(message);
                    }
                    Ok(Value::Object(request)) if answered < MAX_SERVER_REQUESTS => {
                        if let Some(answer) = wire::answer(&request) {
                            answered += 1;
                            self.answer(&answer, route).await;
                        }
                    }
                    // Notifications, responses to other requests and other JSON: not ours.
                    Ok(_) => {}
                    Err(e) => {
                        return Err(DecodeError {
                            status,
                            request_id: request_id.clone(),
                            violations: Violations(vec![Violation {
                                pointer: String::new(),
                                keyword: "json",
                                expected: "an event whose data is JSON".to_owned(),
                                found: e.to_string(),
                            }]),
                            body: body_excerpt(data.as_bytes()),
                        }
                        .into());
                    }
                }
            }
        }
        Err(not_a_response(
            status,
            request_id.clone(),
            id,
            "an event stream that ended without it",
        ))
    }
}

/// The session headers of a request, which an answer to a server request on its stream carries
/// too.
struct Route {
    session_id: Option<HeaderValue>,
    version: Option<HeaderValue>,
}

enum Next {
    Modern(String),
    Legacy(String),
}

/// Whether `message` is the response (result or error) to request `id`.
fn is_response_to(message: &Map<String, Value>, id: u64) -> bool {
    message.get("id") == Some(&Value::from(id))
        && !message.contains_key("method")
        && (message.contains_key("result") || message.contains_key("error"))
}

fn reply(mut message: Map<String, Value>, status: u16, request_id: Option<String>) -> Reply {
    Reply {
        result: message.remove("result").unwrap_or(Value::Null),
        status,
        request_id,
    }
}

/// The JSON-RPC error in `message`, if it is one.
fn protocol_error(message: &Map<String, Value>, status: u16) -> Option<ProtocolError> {
    let error = message.get("error")?;
    Some(ProtocolError {
        code: error.get("code").and_then(Value::as_i64).unwrap_or(0),
        message: error
            .get("message")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned(),
        data: error.get("data").cloned(),
        status,
    })
}

/// The JSON-RPC error (and the id it answers) in the body of an answer outside 2xx, if it
/// holds one.
fn refused_error(body: &[u8], status: u16) -> Option<(Value, ProtocolError)> {
    let Ok(Value::Object(message)) = serde_json::from_slice::<Value>(body) else {
        return None;
    };
    if message.get("jsonrpc").and_then(Value::as_str) != Some("2.0")
        || !message
            .get("error")
            .is_some_and(|e| e.get("code").is_some_and(Value::is_i64))
    {
        return None;
    }
    let id = message.get("id").cloned().unwrap_or(Value::Null);
    Some((id, protocol_error(&message, status)?))
}

/// An answer outside 2xx: its JSON-RPC error, else an API error from the body.
fn refused(
    status: u16,
    request_id: Option<String>,
    retry_after: Option<Duration>,
    body: &[u8],
) -> Error {
    match refused_error(body, status) {
        Some((_, error)) => error.into(),
        None => ApiError::parse(status, request_id, retry_after, body).into(),
    }
}

fn not_a_response(status: u16, request_id: Option<String>, id: u64, found: &str) -> Error {
    DecodeError {
        status,
        request_id,
        violations: Violations(vec![Violation {
            pointer: String::new(),
            keyword: "mcp",
            expected: format!("the JSON-RPC response to request {id}"),
            found: found.to_owned(),
        }]),
        body: body_excerpt(found.as_bytes()),
    }
    .into()
}

fn header_text(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

fn header_value(value: &str) -> Result<HeaderValue, Error> {
    HeaderValue::from_str(value).map_err(|e| {
        Error::Configuration(format!(
            "{value:?} cannot be sent as a header: {}",
            chain(&e)
        ))
    })
}

/// The `Mcp-Param-*` headers of an operation's arguments: one for each property of
/// [`Operation::MCP_HEADERS`] set to a string, number or boolean.
fn param_headers<O: Operation>(arguments: &Value) -> Result<Vec<(HeaderName, HeaderValue)>, Error> {
    let mut headers = Vec::with_capacity(O::MCP_HEADERS.len());
    for (property, suffix) in O::MCP_HEADERS {
        let Some(text) = arguments.get(*property).and_then(wire::primitive_text) else {
            continue;
        };
        let name = HeaderName::from_bytes(format!("{}{suffix}", wire::PARAM_PREFIX).as_bytes())
            .map_err(|_| {
                Error::Configuration(format!(
                    "{}: {suffix:?} is not a valid header name suffix",
                    O::TOOL
                ))
            })?;
        headers.push((name, header_value(&encode_header_value(&text))?));
    }
    Ok(headers)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn configuration_error(builder: McpClientBuilder) -> String {
        match builder.build() {
            Err(Error::Configuration(message)) => message,
            other => panic!("expected a configuration error, got {other:?}"),
        }
    }

    #[test]
    fn endpoints_and_credentials_are_checked() {
        let with = |url: &str| McpClient::builder().endpoint(url);
        assert_eq!(
            configuration_error(McpClient::builder()),
            "no MCP endpoint: set one with McpClientBuilder::endpoint"
        );
        assert_eq!(
            configuration_error(with("http://mcp.example.com/mcp")),
            "refusing MCP endpoint \"http://mcp.example.com/mcp\": plain http would send the credential unencrypted; use https (http is allowed only for loopback hosts)"
        );
        assert_eq!(
            configuration_error(with("https://u:p@mcp.example.com/mcp")),
            "refusing MCP endpoint \"https://…@mcp.example.com/mcp\": give the credential to McpClientBuilder, not in the URL"
        );
        assert_eq!(
            configuration_error(
                with("http://127.0.0.1:1/mcp").credential_header("x bearer", "sk_1")
            ),
            "\"x bearer\" is not a valid HTTP header name"
        );
        assert_eq!(
            configuration_error(with("http://127.0.0.1:1/mcp").bearer_token("")),
            "the credential is empty"
        );
        assert_eq!(
            configuration_error(with("http://127.0.0.1:1/mcp").deadline(Duration::ZERO)),
            "the deadline must be longer than zero"
        );
        let client = with("http://127.0.0.1:1/mcp")
            .credential_header("x-bearer", "sk_test_secret")
            .build()
            .unwrap();
        assert_eq!(client.era(), None);
        assert_eq!(
            format!("{client:?}"),
            "McpClient { endpoint: \"http://127.0.0.1:1/mcp\", credential: Some(x-bearer: …), timeout: 30s, deadline: 120s, era: Auto, max_response_bytes: 1048576, .. }"
        );
        let keyed = with("http://127.0.0.1:1/mcp?key=s3cret");
        assert_eq!(
            format!("{keyed:?}"),
            format!(
                "McpClientBuilder {{ endpoint: Some(\"http://127.0.0.1:1/mcp?…\"), credential: None, timeout: 30s, deadline: 120s, era: Auto, client_name: \"portal-runtime\", client_version: \"{}\", max_response_bytes: 1048576, .. }}",
                env!("CARGO_PKG_VERSION")
            )
        );
        assert!(!format!("{:?}", keyed.build().unwrap()).contains("s3cret"));
        assert_eq!(
            configuration_error(with("http://mcp.example.com/mcp?key=s3cret")),
            "refusing MCP endpoint \"http://mcp.example.com/mcp?…\": plain http would send the credential unencrypted; use https (http is allowed only for loopback hosts)"
        );
        let forced = with("http://localhost:1/mcp")
            .era(Era::Legacy)
            .build()
            .unwrap();
        assert_eq!(forced.era(), Some(Era::Legacy));
        assert_eq!(forced.protocol_version(), None);
    }
}
